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
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet.protocol import Factory
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
from amp_harness import addServerArguments, serve


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    addServerArguments(parser)
    serve(parser.parse_args(), Factory.forProtocol(SampleServerAMP))


if __name__ == "__main__":
    main()
