#!/usr/bin/python3
"""
Twisted AMP client that checks logins and authorization against the sample app run with the "security" profile:
users alice / alice-secret (USER, ADMIN) and bob / bob-secret (USER), Divide for ADMIN only, every other command
after a login.

    /usr/bin/python3 twisted_security_client.py --port <port> --server-cert <pem>
    /usr/bin/python3 twisted_security_client.py --port <port> --server-cert <pem> --mutual --certs <dir>

The login is Divmod epsilon's ampauth (epsilon is not installable here, so its three commands are defined below
with Twisted's amp.Command, byte for byte). Without --mutual, the password checks run (the server offers StartTLS
with --server-cert); with --mutual the server must require a client certificate of the CA of <dir>/alice-cert.pem
and <dir>/carol-cert.pem and present one that --server-cert verifies, and only the certificate checks run.
<dir>/client-cert.pem is one of another CA.

Prints "PASS <name>" or "FAIL <name>: <details>" per check, then "N passed, M failed"; exit status 0 only if every
check passed.
"""

import argparse
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.cred.error import UnauthorizedLogin
from twisted.internet import ssl
from twisted.protocols import amp

from amp_commands import Divide, Sum
from amp_harness import CheckFailed, expect, expectEqual, runChecks, runReactor, selected, short, startLogging
from twisted_client import TOTAL_BUDGET, call, expectLost, runCheck

ARGS = None
CHECKS = []


def check(name, mode="password"):
    def register(fn):
        CHECKS.append((name, mode, fn))
        return fn

    return register


# --- ampauth (Divmod epsilon), as its module defines them -----------------------------------------


class PasswordLogin(amp.Command):
    arguments = [(b"username", amp.String())]
    response = [(b"challenge", amp.String())]


class PasswordChallengeResponse(amp.Command):
    arguments = [(b"cnonce", amp.String()), (b"response", amp.String())]
    response = []
    errors = {UnauthorizedLogin: b"UNAUTHORIZED_LOGIN", NotImplementedError: b"NOT_IMPLEMENTED_ERROR"}


class OTPLogin(amp.Command):
    arguments = [(b"pad", amp.String())]
    response = []
    errors = {UnauthorizedLogin: b"UNAUTHORIZED_LOGIN", NotImplementedError: b"NOT_IMPLEMENTED_ERROR"}


def challengeResponse(challenge, cnonce, password):
    return hashlib.sha1(challenge + b" " + cnonce + b" " + password).digest()


# --- The sample's commands, declaring the refusal of the security integration -------------------


class Unauthorized(Exception):
    pass


class SecuredSum(Sum):
    commandName = b"Sum"
    errors = {Unauthorized: b"UNAUTHORIZED"}


class SecuredDivide(Divide):
    commandName = b"Divide"
    errors = {ZeroDivisionError: b"ZERO_DIVISION", Unauthorized: b"UNAUTHORIZED"}


def pem(name):
    with open(os.path.join(ARGS.certs, name)) as f:
        return f.read()


def serverAuthority():
    with open(ARGS.server_cert) as f:
        return ssl.Certificate.loadPEM(f.read())


async def startTls(p, user=None):
    kw = {"tls_verifyAuthorities": [serverAuthority()]}
    if user is not None:
        kw["tls_localCertificate"] = ssl.PrivateCertificate.loadPEM(pem(user + "-cert.pem") + pem(user + "-key.pem"))
    await call(p, amp.StartTLS, **kw)


async def login(p, username, password, cnonce=b"0123456789abcdef"):
    """Logs in; returns (cnonce, response) as sent."""
    answer = await call(p, PasswordLogin, username=username)
    expectEqual(len(answer["challenge"]), 16, "the challenge's length")
    response = challengeResponse(answer["challenge"], cnonce, password)
    await call(p, PasswordChallengeResponse, cnonce=cnonce, response=response)
    return cnonce, response


async def expectRefused(p, command, description, what, **kw):
    try:
        answer = await call(p, command, **kw)
    except Unauthorized as e:
        expectEqual(str(e), description, "%s: the description" % (what,))
    else:
        raise CheckFailed("%s: answered %s" % (what, short(answer)))
    expect(not p.isLost, "%s: the connection was closed" % (what,))


async def expectLoginRefused(p, username, password, what):
    try:
        await login(p, username, password)
    except UnauthorizedLogin:
        pass
    else:
        raise CheckFailed("%s: the login was accepted" % (what,))


@check("call-before-login-refused")
async def _(ctx):
    p = await ctx.amp()
    await startTls(p)
    await expectRefused(p, SecuredSum, "Authentication required", "Sum before a login", a=1, b=2)
    await expectRefused(p, SecuredSum, "Authentication required", "Sum again", a=1, b=2)


@check("password-login-needs-tls")
async def _(ctx):
    p = await ctx.amp()
    try:
        await call(p, PasswordLogin, username=b"alice")
    except amp.UnknownRemoteError as e:
        # Twisted keeps the description of a code PasswordLogin does not declare (NOT_IMPLEMENTED_ERROR).
        expect("Password login needs TLS" in str(e), "the error: %s" % (e,))
    else:
        raise CheckFailed("a challenge was sent on a plain connection")
    expect(not p.isLost, "the connection was closed")


@check("starttls-then-login-accepted")
async def _(ctx):
    p = await ctx.amp()
    await startTls(p)
    await login(p, b"alice", b"alice-secret")
    answer = await call(p, SecuredSum, a=2, b=3)
    expectEqual(answer["total"], 5, "Sum(2, 3) after the login")
    answer = await call(p, SecuredDivide, numerator=7, denominator=2)
    expectEqual(answer["result"], 3.5, "Divide(7, 2) as an admin")


@check("wrong-password-refused")
async def _(ctx):
    p = await ctx.amp()
    await startTls(p)
    await expectLoginRefused(p, b"alice", b"bob-secret", "alice with bob's password")
    await expectLoginRefused(p, b"mallory", b"alice-secret", "a user that does not exist")
    await expectRefused(p, SecuredSum, "Authentication required", "Sum after refused logins", a=1, b=2)
    await login(p, b"bob", b"bob-secret")
    answer = await call(p, SecuredSum, a=40, b=2)
    expectEqual(answer["total"], 42, "Sum after the right password")


@check("replayed-response-refused")
async def _(ctx):
    first = await ctx.amp()
    await startTls(first)
    cnonce, response = await login(first, b"alice", b"alice-secret")
    second = await ctx.amp()
    await startTls(second)
    await call(second, PasswordLogin, username=b"alice")
    try:
        await call(second, PasswordChallengeResponse, cnonce=cnonce, response=response)
    except UnauthorizedLogin:
        pass
    else:
        raise CheckFailed("a response recorded on another connection was accepted")
    await expectRefused(second, SecuredSum, "Authentication required", "Sum after the replay", a=1, b=2)


@check("role-refusal")
async def _(ctx):
    p = await ctx.amp()
    await startTls(p)
    await login(p, b"bob", b"bob-secret")
    await expectRefused(p, SecuredDivide, "Access denied", "Divide as a user", numerator=1, denominator=2)
    answer = await call(p, SecuredSum, a=1, b=1)
    expectEqual(answer["total"], 2, "Sum after the refusal")


@check("closed-after-repeated-failures")
async def _(ctx):
    p = await ctx.amp()
    await startTls(p)
    for attempt in range(1, 6):
        expect(not p.isLost, "closed before attempt %d" % (attempt,))
        await expectLoginRefused(p, b"alice", b"guess-%d" % (attempt,), "attempt %d" % (attempt,))
    await expectLost(p, "after 5 refused logins")


@check("client-certificate-maps-to-its-user", mode="mutual")
async def _(ctx):
    p = await ctx.amp()
    await startTls(p, "alice")
    answer = await call(p, SecuredDivide, numerator=9, denominator=3)
    expectEqual(answer["result"], 3.0, "Divide as alice, by her certificate alone")


@check("certificate-of-an-unknown-user-refused-on-calls", mode="mutual")
async def _(ctx):
    p = await ctx.amp()
    await startTls(p, "carol")
    await expectRefused(p, SecuredSum, "Authentication required", "Sum as carol", a=1, b=2)


@check("certificate-of-another-ca-refused-at-the-handshake", mode="mutual")
async def _(ctx):
    p = await ctx.amp()
    try:
        await startTls(p, "client")
        answer = await call(p, SecuredSum, a=1, b=2)
    except CheckFailed:
        raise
    except Exception:
        pass
    else:
        raise CheckFailed("a client of another CA got an answer: %s" % (short(answer),))
    await expectLost(p, "after the refused handshake")


async def main():
    import time

    deadline = time.monotonic() + TOTAL_BUDGET
    mode = "mutual" if ARGS.mutual else "password"
    checks = [(name, fn) for name, checkMode, fn in CHECKS if checkMode == mode]
    return await runChecks(selected(checks, ARGS.only),
                           lambda name, fn: runCheck(name, fn, ARGS.host, ARGS.port, deadline))


def run():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--server-cert", required=True, help="PEM of the CA (or certificate) the server's verifies with")
    parser.add_argument("--mutual", action="store_true", help="run the client certificate checks only")
    parser.add_argument("--certs", help="directory of alice-, carol- and client-cert.pem and their keys (--mutual)")
    parser.add_argument("--only", action="append", default=[], help="run only checks whose name contains this")
    parser.add_argument("--verbose", action="store_true", help="log all of Twisted's messages to stderr")
    ARGS = parser.parse_args()
    if ARGS.mutual and not ARGS.certs:
        parser.error("--mutual needs --certs")
    startLogging(ARGS.verbose)
    return runReactor(main)


if __name__ == "__main__":
    sys.exit(run())
