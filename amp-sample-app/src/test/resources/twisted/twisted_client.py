#!/usr/bin/python3
"""
Twisted AMP client that checks a server implementing the sample app's commands
(see amp_commands.py); in CI that server is the Java sample app.

    /usr/bin/python3 twisted_client.py --host 127.0.0.1 --port <port>

Prints one line per check, "PASS <name>" or "FAIL <name>: <details>", then exactly
"N passed, M failed" on its own line. Exit status 0 only if every check passed.
Every check has its own fresh connection(s) and a time limit; the whole run has a
time budget, so the script always ends well under 2 minutes. Twisted's log goes to
stderr.
"""

import argparse
import datetime
import os
import struct
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import reactor
from twisted.internet.defer import Deferred, ensureDeferred, gatherResults, succeed
from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol
from twisted.internet.protocol import Protocol
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
from amp_harness import (
    CheckFailed,
    CheckTimeout,
    checkRegistry,
    describeError,
    expect,
    expectEqual,
    race,
    runChecks,
    runReactor,
    selected,
    short,
    startLogging,
)

CHECK_TIMEOUT = 10.0  # seconds per check
CLOSE_TIMEOUT = 5.0  # seconds to wait for the server to close a connection
CONNECT_TIMEOUT = 5.0
TOTAL_BUDGET = 60.0  # no check starts after this many seconds (worst case run: ~75 s)

UTC = datetime.timezone.utc


def tz(sign, hours, minutes):
    return amp._FixedOffsetTZInfo.fromSignHoursMinutes(sign, hours, minutes)


class LossTracking:
    """Mixin: lets a check wait for the connection to be lost."""

    def initLossTracking(self):
        self.lostReason = None
        self._lossWaiters = []

    def trackLoss(self, reason):
        self.lostReason = reason
        waiters, self._lossWaiters = self._lossWaiters, []
        for w in waiters:
            w.callback(None)  # not the reason itself: a Failure would turn into an errback

    def whenLost(self):
        if self.lostReason is not None:
            return succeed(None)
        d = Deferred()
        self._lossWaiters.append(d)
        return d

    @property
    def isLost(self):
        return self.lostReason is not None


class ClientAMP(amp.AMP, LossTracking):
    """The checking client; it also answers Sum, which the server calls during Callback."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.initLossTracking()
        self.sumCalls = []

    @Sum.responder
    def sum(self, a, b):
        self.sumCalls.append((a, b))
        return {"total": a + b}

    def connectionLost(self, reason):
        super().connectionLost(reason)
        self.trackLoss(reason)


class RawProtocol(Protocol, LossTracking):
    """A plain TCP connection: records every byte received."""

    def __init__(self):
        self.initLossTracking()
        self.received = b""

    def dataReceived(self, data):
        self.received += data

    def connectionLost(self, reason):
        self.trackLoss(reason)


def parseBoxes(data):
    """Split raw bytes into complete AMP boxes (lists of (key, value)); returns (boxes, leftover)."""
    boxes = []
    pos = 0
    current = []
    boxStart = 0
    while True:
        if pos + 2 > len(data):
            break
        (klen,) = struct.unpack("!H", data[pos : pos + 2])
        if klen == 0:
            boxes.append(current)
            current = []
            pos += 2
            boxStart = pos
            continue
        if klen > 255 or pos + 2 + klen + 2 > len(data):
            break
        key = data[pos + 2 : pos + 2 + klen]
        vpos = pos + 2 + klen
        (vlen,) = struct.unpack("!H", data[vpos : vpos + 2])
        if vpos + 2 + vlen > len(data):
            break
        current.append((key, data[vpos + 2 : vpos + 2 + vlen]))
        pos = vpos + 2 + vlen
    return boxes, data[boxStart:]


class Context:
    """Per-check resources: every connection opened is closed when the check ends."""

    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.protocols = []

    async def connect(self, protocol):
        endpoint = TCP4ClientEndpoint(reactor, self.host, self.port, timeout=CONNECT_TIMEOUT)
        self.protocols.append(protocol)
        return await race(connectProtocol(endpoint, protocol), CONNECT_TIMEOUT + 1, "connect")

    async def amp(self):
        return await self.connect(ClientAMP())

    async def raw(self):
        return await self.connect(RawProtocol())

    def closeAll(self, abort=False):
        for p in self.protocols:
            transport = getattr(p, "transport", None)
            if transport is not None and not p.isLost:
                if abort:
                    transport.abortConnection()
                else:
                    transport.loseConnection()


async def call(proto, command, timeout=CHECK_TIMEOUT, **kw):
    """callRemote with a time limit. Failures are raised here, i.e. always handled (§2.8)."""
    return await race(proto.callRemote(command, **kw), timeout, command.__name__)


async def callString(proto, name, timeout=CHECK_TIMEOUT, **kw):
    return await race(proto.callRemoteString(name, **kw), timeout, name.decode("ascii"))


async def expectLost(proto, what):
    try:
        await race(proto.whenLost(), CLOSE_TIMEOUT, what)
    except CheckTimeout:
        raise CheckFailed("%s: the server did not close the connection within %.0f s" % (what, CLOSE_TIMEOUT))


async def expectStillUsable(proto, what):
    expect(not proto.isLost, "%s: connection was lost (%s)" % (what, proto.lostReason and proto.lostReason.value))
    try:
        answer = await call(proto, Sum, a=13, b=81)
    except Exception as e:
        raise CheckFailed("%s: Sum afterwards failed: %s" % (what, short(e)))
    expectEqual(answer["total"], 94, "%s: Sum(13, 81) afterwards" % (what,))


# ---------------------------------------------------------------------------
# Checks. Each is an async function of a Context; raise CheckFailed (or anything) to fail.
# ---------------------------------------------------------------------------

CHECKS, check = checkRegistry()


def sumCheck(name, a, b):
    async def run(ctx):
        p = await ctx.amp()
        answer = await call(p, Sum, a=a, b=b)
        expectEqual(answer["total"], a + b, "Sum(%d, %d)" % (a, b))

    CHECKS.append((name, run))


BIG116 = int("1" + "2345678901" * 11 + "23456")  # 116 digits
assert len(str(BIG116)) == 116

sumCheck("sum-basic", 13, 81)
sumCheck("sum-huge-2**64", 2**64, 2**64)
sumCheck("sum-huge-minus-2**64", -(2**64), -(2**64) - 1)
sumCheck("sum-huge-116-digits", BIG116, BIG116 + 7)
sumCheck("sum-huge-116-digits-negative", -BIG116, 1)
sumCheck("sum-negative", -5, 3)
sumCheck("sum-both-negative", -7, -8)


@check("divide-1/4")
async def _(ctx):
    p = await ctx.amp()
    answer = await call(p, Divide, numerator=1, denominator=4)
    expectEqual(answer["result"], 0.25, "Divide(1, 4)")


@check("divide-10/3-exact-repr")
async def _(ctx):
    p = await ctx.amp()
    answer = await call(p, Divide, numerator=10, denominator=3)
    expectEqual(answer["result"], 10 / 3, "Divide(10, 3)")
    box = await callString(p, b"Divide", numerator=b"10", denominator=b"3")
    expectEqual(box.get(b"result"), repr(10 / 3).encode("ascii"), "wire bytes of Divide(10, 3) result")


@check("divide-by-zero")
async def _(ctx):
    p = await ctx.amp()
    try:
        answer = await call(p, Divide, numerator=1, denominator=0)
    except ZeroDivisionError:
        pass
    except amp.RemoteAmpError as e:
        raise CheckFailed("expected ZeroDivisionError (code ZERO_DIVISION), got %s (code %r)" % (short(e), e.errorCode))
    else:
        raise CheckFailed("expected ZeroDivisionError, got answer %r" % (answer,))
    await expectStillUsable(p, "after ZERO_DIVISION")


def echoCheck(name, text):
    async def run(ctx):
        p = await ctx.amp()
        answer = await call(p, Echo, text=text)
        expectEqual(answer["text"], text, "Echo")

    CHECKS.append((name, run))


SNOWMEN_65535 = "\u2603" * 21845  # 3 UTF-8 bytes each: exactly 65535 bytes
assert len(SNOWMEN_65535.encode("utf-8")) == 65535

echoCheck("echo-ascii", "hello world")
echoCheck("echo-empty", "")
echoCheck("echo-non-ascii", "h\u00e9llo \u2603 \U0001F600")
echoCheck("echo-65535-utf8-bytes-ascii", "x" * 65535)
echoCheck("echo-65535-utf8-bytes-snowmen", SNOWMEN_65535)


@check("echo-65536-utf8-bytes-toolong-local")
async def _(ctx):
    p = await ctx.amp()
    text = SNOWMEN_65535 + "a"
    try:
        d = p.callRemote(Echo, text=text)
    except amp.TooLong as e:
        expect(e.isLocal and not e.isKey and e.keyName == b"text",
               "unexpected TooLong fields isLocal=%r isKey=%r keyName=%r" % (e.isLocal, e.isKey, e.keyName))
    else:
        # Not what Twisted 22.4 does; consume the result so it can't drop the connection.
        try:
            result = await race(d, CHECK_TIMEOUT, "Echo")
        except Exception as e:
            result = e
        raise CheckFailed("callRemote did not raise TooLong synchronously; the call gave %s" % (short(result),))
    await expectStillUsable(p, "after local TooLong")


def concatCheck(name, items):
    async def run(ctx):
        p = await ctx.amp()
        answer = await call(p, Concat, items=items)
        expectEqual(answer["joined"], "".join(items), "Concat")

    CHECKS.append((name, run))


concatCheck("concat-empty", [])
concatCheck("concat-mixed", ["a", "\u00e9", ""])
concatCheck("concat-many", ["%d\u00e9," % i for i in range(2000)])


@check("ping-x3-then-pingcount")
async def _(ctx):
    p = await ctx.amp()
    for n in (1, 2, 3):
        result = p.callRemote(Ping, n=n)
        expect(result is None, "callRemote(Ping) should return None (requiresAnswer=False), got %r" % (result,))
    answer = await call(p, PingCount)
    expectEqual((answer["count"], answer["total"]), (3, 6), "PingCount (count, total)")


@check("callback-calls-client-sum")
async def _(ctx):
    p = await ctx.amp()
    answer = await call(p, Callback, n=21)
    expectEqual(answer["result"], 42, "Callback(21)")
    expectEqual(p.sumCalls, [(21, 21)], "Sum calls the server made on this client")


@check("callback-300-at-once")
async def _(ctx):
    # More than the server's 256 commands in flight, each waiting for this client's answer to
    # its Sum: the answers must be read past the limit (a deadlock before issue 24).
    p = await ctx.amp()
    calls = [p.callRemote(Callback, n=n) for n in range(300)]
    answers = await race(gatherResults(calls), CHECK_TIMEOUT, "300 Callbacks")
    expectEqual([a["result"] for a in answers], [2 * n for n in range(300)], "300 Callbacks at once")
    expectEqual(len(p.sumCalls), 300, "Sum calls the server made on this client")


# --- RoundTrip ---------------------------------------------------------------

RT_BASE = dict(
    i=0,
    real=1.5,
    flag=True,
    raw=b"x",
    text="t",
    dec=Decimal("1"),
    when=datetime.datetime(2012, 1, 23, 12, 34, 56, 54321, tzinfo=UTC),
    ints=[],
    rows=[],
)


async def roundTrip(ctx, overrides):
    """
    Sends RoundTrip (serialized exactly as callRemote would) through callRemoteString, so the
    answer's raw bytes can be compared with the request's: the Java side must format every value
    exactly like Twisted (Python float repr, -00:00 for UTC, sorted AmpList row keys, ...).
    Then parses the answer with the response schema and compares the values.
    """
    p = await ctx.amp()
    args = dict(RT_BASE)
    args.update(overrides)
    box = RoundTrip.makeArguments(args, p)
    answer = await callString(p, b"RoundTrip", **{k.decode("ascii"): v for k, v in box.items()})
    parsed = RoundTrip.parseResponse(answer, p)
    for key in sorted(box):
        name = key.decode("ascii")
        expectEqual(parsed.get(name), args.get(name), "value of %r" % (name,))
    if args.get("maybe") is None:
        expect(b"maybe" not in answer, "absent optional 'maybe' came back as %r" % (answer.get(b"maybe"),))
        expect(parsed.get("maybe") is None, "absent optional 'maybe' parsed as %r" % (parsed.get("maybe"),))
    for key in sorted(box):
        expect(answer.get(key) == box[key],
               "wire bytes of %r: sent %s, answered %s" % (key.decode("ascii"), short(box[key]), short(answer.get(key))))


def rtCheck(name, **overrides):
    async def run(ctx):
        await roundTrip(ctx, overrides)

    CHECKS.append(("roundtrip-" + name, run))


rtCheck("base")
rtCheck("i=-(2**64)", i=-(2**64))
rtCheck("i=116-digits", i=BIG116)
for value in [0.1, 1e16, 1e-05, 5e-324, 1e23, -0.0, float("nan"), float("inf"), float("-inf"),
              1 / 3, 123456789012345678.0, 100.0, 1e15, 0.0001, 1.7976931348623157e308]:
    rtCheck("real=" + repr(value), real=value)
rtCheck("flag=True", flag=True)
rtCheck("flag=False", flag=False)
rtCheck("raw=00ff", raw=b"\x00\xff")
rtCheck("raw=empty", raw=b"")
rtCheck("text=non-ascii", text="h\u00e9llo \u2603 \U0001F600")
rtCheck("text=empty", text="")
for value in ["1.10", "NaN", "-NaN", "sNaN", "-Infinity", "Infinity", "1E+2", "-0", "1E-7", "0.000001",
              "3.141E+5", "123456789012345678901234567890.123456789"]:
    rtCheck("dec=" + value, dec=Decimal(value))
rtCheck("when=utc", when=datetime.datetime(2012, 1, 23, 12, 34, 56, 54321, tzinfo=UTC))
rtCheck("when=amp.utc", when=datetime.datetime(2012, 1, 23, 12, 34, 56, 54321, tzinfo=amp.utc))
rtCheck("when=+05:30", when=datetime.datetime(2012, 1, 23, 12, 34, 56, tzinfo=tz("+", 5, 30)))
rtCheck("when=-01:23-year-9876", when=datetime.datetime(9876, 1, 23, 12, 34, 56, 54321, tzinfo=tz("-", 1, 23)))
rtCheck("when=year-5", when=datetime.datetime(5, 1, 2, 3, 4, 5, 6, tzinfo=UTC))
rtCheck("when=microseconds-999999", when=datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=tz("+", 14, 0)))
rtCheck("ints=[]", ints=[])
rtCheck("ints=[1,20,500]", ints=[1, 20, 500])
rtCheck("ints=116-digits-and-negatives", ints=[BIG116, -BIG116, -(2**64), 0])
rtCheck("rows=[]", rows=[])
rtCheck("rows=two-non-ascii", rows=[{"k": "h\u00e9llo", "v": 1}, {"k": "\u2603\U0001F600", "v": -(2**64)}])
rtCheck("maybe=absent")
rtCheck("maybe=7", maybe=7)


@check("roundtrip-typed-callRemote")
async def _(ctx):
    p = await ctx.amp()
    args = dict(
        i=-(2**64),
        real=float("nan"),
        flag=False,
        raw=b"\x00\xff",
        text="\u2603",
        dec=Decimal("-0"),
        when=datetime.datetime(9876, 1, 23, 12, 34, 56, 54321, tzinfo=tz("-", 1, 23)),
        ints=[1, 20, 500],
        rows=[{"k": "\u00e9", "v": 5}],
        maybe=-7,
    )
    answer = await call(p, RoundTrip, **args)
    expectEqual(answer, args, "RoundTrip answer")


# --- errors and connection handling -------------------------------------------


@check("explode-unknown-then-closed")
async def _(ctx):
    p = await ctx.amp()
    try:
        answer = await call(p, Explode)
    except amp.UnknownRemoteError as e:
        expectEqual(e.errorCode, b"UNKNOWN", "error code")
    except Exception as e:
        raise CheckFailed("expected UnknownRemoteError, got %s" % (short(e),))
    else:
        raise CheckFailed("expected UnknownRemoteError, got answer %r" % (answer,))
    await expectLost(p, "after UNKNOWN")


@check("unhandled-command")
async def _(ctx):
    p = await ctx.amp()
    try:
        answer = await callString(p, b"NoSuchCommand")
    except amp.UnhandledCommand:
        pass
    except Exception as e:
        raise CheckFailed("expected UnhandledCommand, got %s" % (short(e),))
    else:
        raise CheckFailed("expected UnhandledCommand, got answer %r" % (answer,))
    await expectStillUsable(p, "after UNHANDLED")


@check("pipelined-1000-sums")
async def _(ctx):
    p = await ctx.amp()
    calls = [p.callRemote(Sum, a=i, b=2 * i + 1) for i in range(1000)]
    answers = await race(gatherResults(calls, consumeErrors=True), CHECK_TIMEOUT, "1000 Sums")
    wrong = [(i, a["total"]) for i, a in enumerate(answers) if a["total"] != 3 * i + 1]
    expect(not wrong, "%d wrong totals, first (i, total): %r" % (len(wrong), wrong[:5]))


@check("raw-key-length-violation")
async def _(ctx):
    p = await ctx.raw()
    sumBox = amp.AmpBox({b"_command": b"Sum", b"_ask": b"1", b"a": b"13", b"b": b"81"}).serialize()
    p.transport.write(sumBox + b"\x01\x00")  # one write: a valid box, then a key length of 256
    await expectLost(p, "after a key length of 256")
    boxes, leftover = parseBoxes(p.received)
    expectEqual([sorted(b) for b in boxes], [[(b"_answer", b"1"), (b"total", b"94")]],
                "boxes received before the close (raw %s)" % (short(p.received),))
    expect(not leftover, "unexpected trailing bytes %s" % (short(leftover),))


@check("raw-http-request-closed")
async def _(ctx):
    p = await ctx.raw()
    p.transport.write(b"GET / HTTP/1.0\r\n\r\n")
    await expectLost(p, "after 'GET / HTTP/1.0'")
    expectEqual(p.received, b"", "bytes the server sent")


# ---------------------------------------------------------------------------


async def runCheck(name, fn, host, port, deadline):
    if time.monotonic() > deadline:
        return "overall time budget of %.0f s exhausted; not run" % (TOTAL_BUDGET,)
    ctx = Context(host, port)

    async def body():
        try:
            await fn(ctx)
        except Exception as e:
            return describeError(e)
        return None

    try:
        result = await race(ensureDeferred(body()), CHECK_TIMEOUT + 1, name)
    except CheckTimeout:
        result = "timed out after %.0f s" % (CHECK_TIMEOUT + 1,)
        ctx.closeAll(abort=True)
    else:
        ctx.closeAll()
    return result


async def main(args):
    deadline = time.monotonic() + TOTAL_BUDGET
    return await runChecks(selected(CHECKS, args.only),
                           lambda name, fn: runCheck(name, fn, args.host, args.port, deadline))


def run():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--only", action="append", default=[],
                        help="run only checks whose name contains this text (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the check names and exit")
    parser.add_argument("--verbose", action="store_true", help="log all of Twisted's messages to stderr")
    args = parser.parse_args()
    if args.list:
        for name, _ in CHECKS:
            print(name)
        return 0

    startLogging(args.verbose)
    return runReactor(lambda: main(args))


if __name__ == "__main__":
    sys.exit(run())
