#!/usr/bin/python3
"""
Twisted AMP client that checks the sample app on its UNIX domain socket (the "unix"
profile): the descriptor commands ReadFile and OpenLog (amp.Descriptor), and that the
ordinary commands work the same there.

    /usr/bin/python3 twisted_unix_client.py --unix /path/to/socket --dir /tmp/some-dir

Prints "PASS <name>" or "FAIL <name>: <details>" per check, then "N passed, M failed";
exit status 0 only if every check passed. --dir holds the files it sends.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import reactor
from twisted.internet.defer import gatherResults
from twisted.internet.endpoints import UNIXClientEndpoint, connectProtocol
from twisted.protocols import amp

from amp_commands import Callback, Divide, OpenLog, ReadFile, Sum
from amp_harness import CheckFailed, checkRegistry, describeError, expectEqual, race, runChecks, runReactor

TIMEOUT = 15.0


def withTimeout(d, what):
    return race(d, TIMEOUT, what)


class ClientAMP(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}


def readAll(fd):
    chunks, offset = [], 0
    while True:
        chunk = os.pread(fd, 65536, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


class Context:
    def __init__(self, args):
        self.args = args
        self.protocols = []
        self.files = 0

    async def connect(self):
        protocol = ClientAMP()
        self.protocols.append(protocol)
        return await withTimeout(connectProtocol(UNIXClientEndpoint(reactor, self.args.unix), protocol), "connect")

    def openFile(self, content):
        self.files += 1
        name = os.path.join(self.args.dir, "twisted-unix-%d-%d" % (os.getpid(), self.files))
        with open(name, "wb") as f:
            f.write(content)
        fd = os.open(name, os.O_RDONLY)
        # Twisted sends descriptors in a later reactor turn and never closes them.
        reactor.callLater(2.0, os.close, fd)
        return fd


CHECKS, check = checkRegistry()


@check("sum-over-unix-socket")
async def _(ctx):
    p = await ctx.connect()
    expectEqual((await withTimeout(p.callRemote(Sum, a=13, b=81), "Sum"))["total"], 94, "Sum")


@check("divide-error-over-unix-socket")
async def _(ctx):
    p = await ctx.connect()
    try:
        await withTimeout(p.callRemote(Divide, numerator=1, denominator=0), "Divide")
    except ZeroDivisionError:
        return
    raise CheckFailed("expected ZeroDivisionError")


@check("callback-over-unix-socket")
async def _(ctx):
    p = await ctx.connect()
    expectEqual((await withTimeout(p.callRemote(Callback, n=21), "Callback"))["result"], 42, "Callback")


@check("readfile")
async def _(ctx):
    p = await ctx.connect()
    content = "h\u00e9llo from Twisted\n".encode("utf-8")
    answer = await withTimeout(p.callRemote(ReadFile, fd=ctx.openFile(content)), "ReadFile")
    expectEqual(answer["content"], content, "content")


@check("readfile-too-large")
async def _(ctx):
    p = await ctx.connect()
    try:
        await withTimeout(p.callRemote(ReadFile, fd=ctx.openFile(b"x" * 70000)), "ReadFile")
    except ValueError:
        pass
    else:
        raise CheckFailed("expected FILE_TOO_LARGE")
    answer = await withTimeout(p.callRemote(ReadFile, fd=ctx.openFile(b"still works")), "ReadFile")
    expectEqual(answer["content"], b"still works", "content after FILE_TOO_LARGE")


@check("openlog")
async def _(ctx):
    p = await ctx.connect()
    answer = await withTimeout(p.callRemote(OpenLog), "OpenLog")
    fd = answer["fd"]
    try:
        log = readAll(fd).decode("utf-8")
    finally:
        os.close(fd)
    if "amp-sample-app started" not in log or "OpenLog" not in log:
        raise CheckFailed("unexpected log: %r" % (log[:300],))


@check("50-readfiles-and-openlogs-in-flight")
async def _(ctx):
    p = await ctx.connect()
    reads = [p.callRemote(ReadFile, fd=ctx.openFile(b"file %d" % i)) for i in range(50)]
    logs = [p.callRemote(OpenLog) for i in range(50)]
    answers = await withTimeout(gatherResults(reads + logs, consumeErrors=True), "100 calls")
    for i in range(50):
        expectEqual(answers[i]["content"], b"file %d" % i, "ReadFile %d" % i)
    for answer in answers[50:]:
        fd = answer["fd"]
        try:
            if b"amp-sample-app started" not in readAll(fd):
                raise CheckFailed("OpenLog gave a descriptor of something else")
        finally:
            os.close(fd)


async def runCheck(args, fn):
    ctx = Context(args)
    try:
        await fn(ctx)
        error = None
    except Exception as e:
        error = describeError(e)
    for p in ctx.protocols:
        if p.transport is not None:
            p.transport.loseConnection()
    return error


def run():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unix", required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    return runReactor(lambda: runChecks(CHECKS, lambda name, fn: runCheck(args, fn)))


if __name__ == "__main__":
    sys.exit(run())
