#!/usr/bin/python3
"""
Serves the commands of all_types.py with Twisted, on 127.0.0.1 (TCP) and on a UNIX socket.

    /usr/bin/python3 all_types_server.py --port 0 --unix /tmp/x.sock

Prints "LISTENING <port>" once both listen, and stops when its stdin closes. Everything answers
its arguments after checking that Twisted, serializing what it parsed, writes the bytes that
arrived (a mismatch answers an undeclared error: UNKNOWN). Divide: 0 denominator ZERO_DIVISION,
a negative numerator OVERDRAWN, a denominator of 13 the fatal MELTDOWN. Notify records its
message per connection; Notified answers them. lookup-v2 finds "answer" (limit caps the value's
length). ReadFd reads the descriptor it gets.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import reactor, stdio
from twisted.internet.endpoints import TCP4ServerEndpoint, UNIXServerEndpoint
from twisted.internet.protocol import Factory, Protocol
from twisted.protocols import amp

from all_types import Divide, Everything, Lookup, Meltdown, Notified, Notify, Nothing, Overdrawn, ReadFd


class Server(amp.AMP):
    def __init__(self):
        amp.AMP.__init__(self)
        self.messages = []
        self.lastBox = None

    def ampBoxReceived(self, box):
        self.lastBox = box
        amp.AMP.ampBoxReceived(self, box)

    @Everything.responder
    def everything(self, **kw):
        received = {k: v for k, v in self.lastBox.items() if k not in (b"_command", b"_ask")}
        again = Everything.makeArguments(kw, self)
        if dict(again) != received:
            raise RuntimeError("wire mismatch: received %r, Twisted writes %r" % (received, dict(again)))
        return kw

    @Divide.responder
    def divide(self, numerator, denominator):
        if denominator == 13:
            raise Meltdown("unlucky")
        if numerator < 0:
            raise Overdrawn("%d is below zero" % numerator)
        return {"quotient": numerator / denominator}

    @Notify.responder
    def notify(self, message):
        self.messages.append(message)
        return {}

    @Notified.responder
    def notified(self):
        return {"messages": self.messages}

    @Lookup.responder
    def lookup(self, name, limit=None):
        if name != "answer":
            return {"found": False}
        value = "forty-two"
        return {"found": True, "value": value if limit is None else value[:limit]}

    @ReadFd.responder
    def readFd(self, fd):
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            return {"content": os.read(fd, 65535)}
        finally:
            os.close(fd)

    @Nothing.responder
    def nothing(self):
        return {}


class StopOnStdinClose(Protocol):
    def connectionLost(self, reason):
        if reactor.running:
            reactor.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--unix", required=True)
    args = parser.parse_args()
    factory = Factory.forProtocol(Server)

    def listening(tcp):
        sys.stdout.write("LISTENING %d\n" % tcp.getHost().port)
        sys.stdout.flush()

    def start():
        d = UNIXServerEndpoint(reactor, args.unix).listen(factory)
        d.addCallback(lambda _: TCP4ServerEndpoint(reactor, args.port, interface="127.0.0.1").listen(factory))
        d.addCallback(listening)
        d.addErrback(lambda f: (sys.stderr.write(f.getTraceback()), reactor.stop()))

    stdio.StandardIO(StopOnStdinClose())
    reactor.callWhenRunning(start)
    reactor.run()


if __name__ == "__main__":
    main()
