"""
What the Twisted peer scripts of this directory share: check results and time limits for the
checking clients, the PASS/FAIL report, running a coroutine on the reactor, Twisted's log to
stderr, and for the servers their common options, the "LISTENING <port>" line and the stop
when stdin closes.

Run the scripts with /usr/bin/python3 (Debian's python3-twisted 22.4).
"""

import datetime
import math
import os
import stat
import sys
import threading
import traceback
from decimal import Decimal

from twisted.internet import reactor
from twisted.internet.defer import Deferred, ensureDeferred
from twisted.logger import (
    FilteringLogObserver,
    LogLevel,
    LogLevelFilterPredicate,
    globalLogBeginner,
    textFileLogObserver,
)

# ---------------------------------------------------------------------------
# Checking clients
# ---------------------------------------------------------------------------


class CheckFailed(Exception):
    pass


class CheckTimeout(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def expectEqual(actual, expected, what):
    if not same(actual, expected):
        raise CheckFailed("%s: expected %s, got %s" % (what, short(expected), short(actual)))


def short(value, limit=200):
    try:
        text = repr(value)
    except Exception:  # e.g. repr() of a remote TooLong raises TypeError in Twisted 22.4
        text = "<%s %s>" % (type(value).__name__, getattr(value, "__dict__", ""))
    if len(text) > limit:
        text = text[:limit] + "...(%d chars)" % (len(text),)
    return text


def same(a, b):
    """Strict equality: type-aware, NaN == NaN, -0.0 != 0.0, Decimal by str(), datetime with offset."""
    if isinstance(a, float) or isinstance(b, float):
        if not (type(a) is float and type(b) is float):
            return False
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return isinstance(a, Decimal) and isinstance(b, Decimal) and str(a) == str(b)
    if isinstance(a, datetime.datetime) or isinstance(b, datetime.datetime):
        return (
            isinstance(a, datetime.datetime)
            and isinstance(b, datetime.datetime)
            and a.replace(tzinfo=None) == b.replace(tzinfo=None)
            and a.utcoffset() == b.utcoffset()
        )
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (
            isinstance(a, (list, tuple))
            and isinstance(b, (list, tuple))
            and len(a) == len(b)
            and all(same(x, y) for x, y in zip(a, b))
        )
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and set(a) == set(b)
            and all(same(a[k], b[k]) for k in a)
        )
    return type(a) is type(b) and a == b


def race(d, timeout, what):
    """
    A new Deferred with d's result, or failing with CheckTimeout after timeout seconds.
    d's result is consumed (so an AMP call that fails never counts as unhandled, §2.8).
    """
    out = Deferred()

    def done(result):
        if not out.called:
            if call.active():
                call.cancel()
            out.callback(result)  # result may be a Failure: then out fails
        return None

    def expired():
        if not out.called:
            out.errback(CheckTimeout("%s: nothing after %.0f s" % (what, timeout)))

    call = reactor.callLater(timeout, expired)
    d.addBoth(done)
    return out


def sleep(seconds):
    d = Deferred()
    reactor.callLater(seconds, d.callback, None)
    return d


def checkRegistry():
    """A list of checks and the decorator @check(name) that appends (name, fn) to it."""
    checks = []

    def check(name):
        def register(fn):
            checks.append((name, fn))
            return fn

        return register

    return checks, check


def selected(checks, only):
    """The (name, fn) checks whose name contains one of the --only texts (all of them without --only)."""
    return [(name, fn) for name, fn in checks if not only or any(o in name for o in only)]


def describeError(e):
    """The text a FAIL line gives for what a check raised."""
    if isinstance(e, CheckFailed):
        return str(e)
    if isinstance(e, CheckTimeout):
        return "timed out: %s" % (e,)
    tb = traceback.extract_tb(e.__traceback__)
    where = "%s:%d" % (os.path.basename(tb[-1].filename), tb[-1].lineno) if tb else "?"
    return "%s: %s (at %s)" % (type(e).__name__, e, where)


async def runChecks(checks, runOne):
    """
    Runs each (name, fn) check through runOne(name, fn), an async function giving None or the failure's text;
    prints "PASS <name>" or "FAIL <name>: <details>" per check, then "N passed, M failed".
    Returns the exit status: 0 only if every check passed and at least one ran.
    """
    passed = failed = 0
    for name, fn in checks:
        error = await runOne(name, fn)
        if error is None:
            passed += 1
            print("PASS %s" % (name,), flush=True)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, " ".join(str(error).split())), flush=True)
    # let the closes of the last check go out before the reactor stops
    await sleep(0.05)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 and passed > 0 else 1


def runReactor(main):
    """Runs the coroutine main() on the reactor to its end; returns its exit status (1 if it raised)."""
    exitCode = [1]

    def finished(result):
        if isinstance(result, int):
            exitCode[0] = result
        else:
            print("internal error: %s" % (result,), file=sys.stderr)
        reactor.stop()

    reactor.callWhenRunning(lambda: ensureDeferred(main()).addBoth(finished))
    reactor.run()
    return exitCode[0]


def startLogging(verbose):
    """Twisted's log to stderr: warnings and errors only (tracebacks), or everything with --verbose."""
    level = LogLevel.debug if verbose else LogLevel.warn
    observer = FilteringLogObserver(
        textFileLogObserver(sys.stderr), [LogLevelFilterPredicate(defaultLogLevel=level)]
    )
    globalLogBeginner.beginLoggingTo([observer], redirectStandardIO=False)


# ---------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------


def addServerArguments(parser):
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--ignore-stdin", action="store_true", help="do not exit when stdin is closed")
    parser.add_argument("--verbose", action="store_true", help="log all of Twisted's messages to stderr")


def serve(args, factory):
    """
    Listens with factory on args.host and args.port, prints exactly one line "LISTENING <port>"
    (flushed), and runs until SIGTERM/SIGINT or until stdin closes (unless --ignore-stdin).
    """
    startLogging(args.verbose)
    port = reactor.listenTCP(args.port, factory, interface=args.host)
    sys.stdout.write("LISTENING %d\n" % (port.getHost().port,))
    sys.stdout.flush()
    if not args.ignore_stdin and stdinIsWatchable():
        watchStdin()
    reactor.run()


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
    """Only a pipe, socket or terminal: stdin from /dev/null or a file reaches EOF at once."""
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(0)
