#!/usr/bin/python3
"""
Twisted AMP client that checks descriptor passing (amp.Descriptor) against a server on a
UNIX domain socket answering the commands of fd_commands.py (in the tests: Java).

    /usr/bin/python3 fd_client.py --unix /path/to/socket --dir /tmp/some-dir

Prints "PASS <name>" or "FAIL <name>: <details>" per check, then "N passed, M failed".
Exit status 0 only if every check passed. --dir is a directory for the files it opens.
"""

import argparse
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import reactor
from twisted.internet.defer import Deferred, ensureDeferred, gatherResults
from twisted.internet.endpoints import UNIXClientEndpoint, connectProtocol
from twisted.logger import FilteringLogObserver, LogLevel, LogLevelFilterPredicate, globalLogBeginner, textFileLogObserver
from twisted.protocols import amp

from fd_commands import OpenFile, OpenTwoFiles, ReadFd, ReadTwoFds, readAll

TIMEOUT = 15.0


class CheckFailed(Exception):
    pass


def expectEqual(actual, expected, what):
    if actual != expected:
        raise CheckFailed("%s: expected %r, got %r" % (what, expected[:80] if isinstance(expected, str) else expected,
                                                       actual[:80] if isinstance(actual, str) else actual))


def withTimeout(d, what):
    out = Deferred()

    def done(result):
        if not out.called:
            if call.active():
                call.cancel()
            out.callback(result)

    def expired():
        if not out.called:
            out.errback(CheckFailed("%s: nothing after %.0f s" % (what, TIMEOUT)))

    call = reactor.callLater(TIMEOUT, expired)
    d.addBoth(done)
    return out


class ClientAMP(amp.AMP):
    def __init__(self):
        super().__init__()
        self.lost = Deferred()

    def connectionLost(self, reason):
        super().connectionLost(reason)
        if not self.lost.called:
            self.lost.callback(None)


class Context:
    def __init__(self, path, directory):
        self.path = path
        self.directory = directory
        self.protocols = []
        self.counter = 0

    async def connect(self):
        protocol = ClientAMP()
        self.protocols.append(protocol)
        return await withTimeout(connectProtocol(UNIXClientEndpoint(reactor, self.path), protocol), "connect")

    def newFile(self, content):
        self.counter += 1
        name = os.path.join(self.directory, "twisted-%d-%d.txt" % (os.getpid(), self.counter))
        with open(name, "w", encoding="utf-8") as f:
            f.write(content)
        return name

    def openFile(self, content):
        return os.open(self.newFile(content), os.O_RDONLY)

    def closeAll(self):
        for p in self.protocols:
            if p.transport is not None:
                p.transport.loseConnection()


async def call(proto, command, **kw):
    return await withTimeout(proto.callRemote(command, **kw), command.__name__)


def closeLater(*fds):
    # Twisted sends descriptors in a later reactor turn and never closes them.
    for fd in fds:
        reactor.callLater(2.0, os.close, fd)


CHECKS = []


def check(name):
    def register(fn):
        CHECKS.append((name, fn))
        return fn

    return register


@check("read-one-descriptor")
async def _(ctx):
    p = await ctx.connect()
    fd = ctx.openFile("h\u00e9llo from Twisted")
    closeLater(fd)
    answer = await call(p, ReadFd, fd=fd)
    expectEqual(answer["content"], "h\u00e9llo from Twisted", "content read by the server")


@check("read-two-descriptors-in-one-box")
async def _(ctx):
    p = await ctx.connect()
    a = ctx.openFile("first file")
    b = ctx.openFile("second file")
    closeLater(a, b)
    answer = await call(p, ReadTwoFds, a=a, b=b)
    expectEqual((answer["first"], answer["second"]), ("first file", "second file"), "contents")


@check("open-one-descriptor")
async def _(ctx):
    p = await ctx.connect()
    path = ctx.newFile("opened by the server")
    answer = await call(p, OpenFile, path=path)
    try:
        expectEqual(readAll(answer["fd"]), "opened by the server", "content of the received descriptor")
    finally:
        os.close(answer["fd"])


@check("open-two-descriptors-in-one-answer")
async def _(ctx):
    p = await ctx.connect()
    a = ctx.newFile("A" * 1000)
    b = ctx.newFile("B" * 3)
    answer = await call(p, OpenTwoFiles, a=a, b=b)
    try:
        expectEqual((readAll(answer["first"]), readAll(answer["second"])), ("A" * 1000, "B" * 3), "contents")
    finally:
        os.close(answer["first"])
        os.close(answer["second"])


@check("ordinals-count-across-boxes-and-directions")
async def _(ctx):
    p = await ctx.connect()
    for i in range(3):
        fd = ctx.openFile("round %d" % i)
        closeLater(fd)
        answer = await call(p, ReadFd, fd=fd)
        expectEqual(answer["content"], "round %d" % i, "ReadFd round %d" % i)
        answer = await call(p, OpenTwoFiles, a=ctx.newFile("x%d" % i), b=ctx.newFile("y%d" % i))
        contents = (readAll(answer["first"]), readAll(answer["second"]))
        os.close(answer["first"])
        os.close(answer["second"])
        expectEqual(contents, ("x%d" % i, "y%d" % i), "OpenTwoFiles round %d" % i)


@check("pipelined-answers-with-descriptors")
async def _(ctx):
    p = await ctx.connect()
    fd = ctx.openFile("pipelined read")
    closeLater(fd)
    calls = [
        p.callRemote(OpenFile, path=ctx.newFile("one")),
        p.callRemote(OpenTwoFiles, a=ctx.newFile("two"), b=ctx.newFile("three")),
        p.callRemote(ReadFd, fd=fd),
        p.callRemote(OpenFile, path=ctx.newFile("four")),
    ]
    answers = await withTimeout(gatherResults(calls, consumeErrors=True), "pipelined calls")
    got = [readAll(answers[0]["fd"]), readAll(answers[1]["first"]), readAll(answers[1]["second"]),
           answers[2]["content"], readAll(answers[3]["fd"])]
    for fd in (answers[0]["fd"], answers[1]["first"], answers[1]["second"], answers[3]["fd"]):
        os.close(fd)
    expectEqual(got, ["one", "two", "three", "pipelined read", "four"], "pipelined results")


@check("100-calls-in-flight-each-with-a-descriptor")
async def _(ctx):
    p = await ctx.connect()
    fds = [ctx.openFile("sent %d" % i) for i in range(100)]
    closeLater(*fds)
    reads = [p.callRemote(ReadFd, fd=fd) for fd in fds]
    opens = [p.callRemote(OpenFile, path=ctx.newFile("answered %d" % i)) for i in range(100)]
    answers = await withTimeout(gatherResults(reads + opens, consumeErrors=True), "200 calls")
    wrong = [i for i in range(100) if answers[i]["content"] != "sent %d" % i]
    received = []
    for i in range(100):
        fd = answers[100 + i]["fd"]
        received.append(readAll(fd))
        os.close(fd)
    wrong += [100 + i for i in range(100) if received[i] != "answered %d" % i]
    if wrong:
        raise CheckFailed("%d wrong answers, first: %r" % (len(wrong), wrong[:5]))


@check("ordinal-never-sent-unknown-then-closed")
async def _(ctx):
    p = await ctx.connect()
    try:
        answer = await withTimeout(p.callRemoteString(b"ReadFd", fd=b"7"), "ReadFd with a missing descriptor")
    except amp.RemoteAmpError as e:
        expectEqual(e.errorCode, b"UNKNOWN", "error code")
    except Exception as e:
        raise CheckFailed("expected UnknownRemoteError, got %r" % (e,))
    else:
        raise CheckFailed("expected UnknownRemoteError, got %r" % (answer,))
    await withTimeout(p.lost, "the close after UNKNOWN")


async def main(args):
    passed = failed = 0
    for name, fn in CHECKS:
        if args.only and not any(o in name for o in args.only):
            continue
        ctx = Context(args.unix, args.dir)
        try:
            await fn(ctx)
            error = None
        except CheckFailed as e:
            error = str(e)
        except Exception as e:
            tb = traceback.extract_tb(e.__traceback__)
            error = "%s: %s (at line %d)" % (type(e).__name__, e, tb[-1].lineno if tb else 0)
        ctx.closeAll()
        if error is None:
            passed += 1
            print("PASS %s" % (name,), flush=True)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, " ".join(error.split())), flush=True)
    await withTimeout(sleep(0.1), "sleep")
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 and passed > 0 else 1


def sleep(seconds):
    d = Deferred()
    reactor.callLater(seconds, d.callback, None)
    return d


def run():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unix", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    globalLogBeginner.beginLoggingTo(
        [FilteringLogObserver(textFileLogObserver(sys.stderr), [LogLevelFilterPredicate(defaultLogLevel=LogLevel.warn)])],
        redirectStandardIO=False)
    exitCode = [1]

    def finished(result):
        if isinstance(result, int):
            exitCode[0] = result
        else:
            print("internal error: %s" % (result,), file=sys.stderr)
        reactor.stop()

    reactor.callWhenRunning(lambda: ensureDeferred(main(args)).addBoth(finished))
    reactor.run()
    return exitCode[0]


if __name__ == "__main__":
    sys.exit(run())
