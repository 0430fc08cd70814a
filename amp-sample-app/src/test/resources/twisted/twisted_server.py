#!/usr/bin/python3
"""
Twisted AMP server implementing the sample app's commands (see amp_commands.py).

Used by the Java client interop tests:

    /usr/bin/python3 twisted_server.py --port 0

prints exactly one line "LISTENING <port>" on stdout (flushed) once it listens on
127.0.0.1, then runs until SIGTERM/SIGINT or until its stdin is closed (when stdin is
a pipe, socket or terminal; stdin that is /dev/null or a regular file is ignored, as is
any stdin with --ignore-stdin). Twisted's log (e.g. the traceback of Explode) goes to
stderr.
"""

import argparse
import os
import stat
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import reactor
from twisted.internet.protocol import Factory
from twisted.logger import (
    FilteringLogObserver,
    LogLevel,
    LogLevelFilterPredicate,
    globalLogBeginner,
    textFileLogObserver,
)
from twisted.protocols import amp

from amp_commands import (
    Callback,
    Concat,
    Divide,
    Echo,
    Explode,
    Ping,
    PingCount,
    RoundTrip,
    Sum,
)


class SampleServerAMP(amp.AMP):
    def connectionMade(self):
        super().connectionMade()
        self.pingCount = 0
        self.pingTotal = 0

    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Divide.responder
    def divide(self, numerator, denominator):
        # int / int is a float in Python 3; ZeroDivisionError('division by zero')
        # is declared, so it becomes ZERO_DIVISION and the connection stays open.
        return {"result": numerator / denominator}

    @Echo.responder
    def echo(self, text):
        return {"text": text}

    @Concat.responder
    def concat(self, items):
        return {"joined": "".join(items)}

    @Ping.responder
    def ping(self, n):
        self.pingCount += 1
        self.pingTotal += n
        return {}

    @PingCount.responder
    def pingCountResponder(self):
        return {"count": self.pingCount, "total": self.pingTotal}

    @Callback.responder
    def callback(self, n):
        d = self.callRemote(Sum, a=n, b=n)
        d.addCallback(lambda answer: {"result": answer["total"]})
        return d

    @RoundTrip.responder
    def roundTrip(self, **kw):
        return kw

    @Explode.responder
    def explode(self):
        raise RuntimeError("Explode: deliberately undeclared exception")


def watchStdin():
    """Stop the reactor when stdin reaches EOF (the harness closed the pipe)."""

    def run():
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        reactor.callFromThread(stopReactor)

    threading.Thread(target=run, name="stdin-watcher", daemon=True).start()


def stopReactor():
    if reactor.running:
        reactor.stop()


def stdinIsWatchable():
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(0)


def startLogging(verbose):
    """Twisted's log to stderr: warnings and errors only (tracebacks), or everything with --verbose."""
    level = LogLevel.debug if verbose else LogLevel.warn
    observer = FilteringLogObserver(
        textFileLogObserver(sys.stderr), [LogLevelFilterPredicate(defaultLogLevel=level)]
    )
    globalLogBeginner.beginLoggingTo([observer], redirectStandardIO=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--ignore-stdin", action="store_true", help="do not exit when stdin is closed")
    parser.add_argument("--verbose", action="store_true", help="log all of Twisted's messages to stderr")
    args = parser.parse_args()

    startLogging(args.verbose)

    port = reactor.listenTCP(args.port, Factory.forProtocol(SampleServerAMP), interface=args.host)
    sys.stdout.write("LISTENING %d\n" % (port.getHost().port,))
    sys.stdout.flush()

    if not args.ignore_stdin and stdinIsWatchable():
        watchStdin()
    reactor.run()


if __name__ == "__main__":
    main()
