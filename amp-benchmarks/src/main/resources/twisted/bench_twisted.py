#!/usr/bin/python3
"""
Twisted AMP side of the AMP for Spring Boot load run (run with /usr/bin/python3).

    bench_twisted.py server [--host 127.0.0.1] [--port 0]
        prints "LISTENING <port>" once it listens, runs until its stdin is closed.
    bench_twisted.py client --port P --warmup-ms W --measure-ms M --concurrency 1,100 [--server-pid PID]
        one connection; per phase, a closed loop of Sum calls with that many in flight,
        then prints "RESULT <in flight> <calls/s> <p50 us> <p99 us> <calls> <client CPU ns>
        <server CPU ns>" (CPU time spent in the measuring window, -1 when unknown).
"""

import argparse
import os
import sys
import time

from twisted.internet import reactor, stdio
from twisted.internet.defer import Deferred
from twisted.internet.protocol import ClientCreator, Factory, Protocol
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class SumServer(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}


class StopOnEof(Protocol):
    def connectionLost(self, reason):
        if reactor.running:
            reactor.stop()


def serve(args):
    factory = Factory.forProtocol(SumServer)
    port = reactor.listenTCP(args.port, factory, interface=args.host, backlog=1024)
    print("LISTENING %d" % port.getHost().port, flush=True)
    stdio.StandardIO(StopOnEof())
    reactor.run()


def cpu_nanos(pid):
    """User and system CPU time of a process, from /proc/<pid>/stat."""
    if pid <= 0:
        return -1
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * (1_000_000_000 // os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return -1


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


class Phase:
    def __init__(self, proto, concurrency, warmup_ns, measure_ns, server_pid):
        self.proto = proto
        self.server_pid = server_pid
        self.cpu = [-1, -1, -1, -1]
        reactor.callLater(warmup_ns / 1e9, self.sample, 0)
        reactor.callLater((warmup_ns + measure_ns) / 1e9, self.sample, 2)
        self.concurrency = concurrency
        self.measure_start = time.perf_counter_ns() + warmup_ns
        self.measure_end = self.measure_start + measure_ns
        self.latencies = []
        self.in_flight = concurrency
        self.done = Deferred()
        self.error = None

    def sample(self, index):
        self.cpu[index] = cpu_nanos(os.getpid())
        self.cpu[index + 1] = cpu_nanos(self.server_pid)

    def start(self):
        for slot in range(self.concurrency):
            self.issue(slot * 1000, slot + 7)

    def issue(self, a, b):
        a = (a + 1) & 0xFFFFFF
        start = time.perf_counter_ns()
        d = self.proto.callRemote(Sum, a=a, b=b)
        d.addCallbacks(self.answered, self.failed, callbackArgs=(a, b, start), errbackArgs=(start,))

    def answered(self, response, a, b, start):
        end = time.perf_counter_ns()
        if response["total"] != a + b:
            self.error = "expected %d, got %r" % (a + b, response)
        if self.measure_start <= end < self.measure_end:
            self.latencies.append(end - start)
        if end < self.measure_end and self.error is None:
            self.issue(a, b)
        else:
            self.finished()

    def failed(self, failure, start):
        self.error = failure.getErrorMessage()
        self.finished()

    def finished(self):
        self.in_flight -= 1
        if self.in_flight == 0:
            if self.cpu[2] < 0:
                # The last answer came before the timer of the window's end.
                self.sample(2)
            self.done.callback(None)

    def result_line(self, measure_ns):
        values = sorted(self.latencies)
        seconds = measure_ns / 1e9
        server_cpu = self.cpu[3] - self.cpu[1] if self.cpu[1] >= 0 and self.cpu[3] >= 0 else -1
        return "RESULT %d %f %f %f %d %d %d" % (
            self.concurrency, len(values) / seconds, percentile(values, 0.50) / 1000.0,
            percentile(values, 0.99) / 1000.0, len(values), self.cpu[2] - self.cpu[0], server_cpu)


def run_client(args):
    warmup_ns = args.warmup_ms * 1_000_000
    measure_ns = args.measure_ms * 1_000_000
    phases = [int(c) for c in args.concurrency.split(",")]
    outcome = {"code": 0}

    def connected(proto):
        def next_phase(_=None):
            if not phases:
                proto.transport.loseConnection()
                reactor.stop()
                return
            phase = Phase(proto, phases.pop(0), warmup_ns, measure_ns, args.server_pid)

            def report(_):
                if phase.error is not None:
                    print("ERROR " + str(phase.error), file=sys.stderr, flush=True)
                    outcome["code"] = 1
                    reactor.stop()
                    return
                print(phase.result_line(measure_ns), flush=True)
                next_phase()

            phase.done.addCallback(report)
            phase.start()

        next_phase()

    def not_connected(failure):
        print("ERROR " + failure.getErrorMessage(), file=sys.stderr, flush=True)
        outcome["code"] = 1
        reactor.stop()

    ClientCreator(reactor, amp.AMP).connectTCP(args.host, args.port).addCallbacks(connected, not_connected)
    reactor.run()
    sys.exit(outcome["code"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["server", "client"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--warmup-ms", type=int, default=5000)
    parser.add_argument("--measure-ms", type=int, default=10000)
    parser.add_argument("--concurrency", default="1,100")
    parser.add_argument("--server-pid", type=int, default=-1)
    args = parser.parse_args()
    if args.mode == "server":
        serve(args)
    else:
        run_client(args)


if __name__ == "__main__":
    main()
