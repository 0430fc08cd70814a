#!/usr/bin/python3
"""
Twisted AMP client that checks StartTLS and protocol switching against a server implementing the
sample app's commands (see amp_commands.py); in CI that server is the Java sample app.

    /usr/bin/python3 twisted_tls_client.py --port <port> --server-cert <pem>
    /usr/bin/python3 twisted_tls_client.py --port <port> --server-cert <pem> --mutual \
        --client-cert <pem> --client-key <pem>

--server-cert is the certificate the server presents (it is also the trust root the checks that
verify the server use). Without --mutual the server must not ask for client certificates; with
--mutual it must require one signed by the CA of --client-cert, and only the mutual checks run. With
--reverse only one check runs: after its first Sum, the server itself must send StartTLS.

Prints "PASS <name>" or "FAIL <name>: <details>" per check, then "N passed, M failed"; exit status 0
only if every check passed. Shares its harness with twisted_client.py.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import ssl
from twisted.internet.defer import gatherResults
from twisted.internet.protocol import ClientFactory, Protocol
from twisted.protocols import amp

from amp_commands import BadGreeting, Ping, PingCount, Sum, SwitchToEcho, TlsInfo
from amp_harness import (
    CheckFailed,
    CheckTimeout,
    expectEqual,
    race,
    runChecks,
    runReactor,
    selected,
    short,
    sleep,
    startLogging,
)
from twisted_client import CHECK_TIMEOUT, TOTAL_BUDGET, call, expectLost, expectStillUsable, runCheck

ARGS = None
CHECKS = []


def check(name, mode="plain"):
    def register(fn):
        CHECKS.append((name, mode, fn))
        return fn

    return register


def serverCertificate():
    with open(ARGS.server_cert) as f:
        return ssl.Certificate.loadPEM(f.read())


def clientCertificate():
    with open(ARGS.client_cert) as f, open(ARGS.client_key) as k:
        return ssl.PrivateCertificate.loadPEM(f.read() + k.read())


async def waitFor(predicate, what, timeout=CHECK_TIMEOUT):
    waited = 0.0
    while not predicate():
        if waited >= timeout:
            raise CheckTimeout("%s: not seen after %.0f s" % (what, timeout))
        await sleep(0.01)
        waited += 0.01


async def expectSecure(p, what):
    info = await call(p, TlsInfo)
    expectEqual(info["secure"], True, "%s: TlsInfo.secure" % (what,))
    return info


class EchoClient(Protocol):
    """The inner protocol on our side of a switch: records every byte."""

    def __init__(self):
        self.data = b""
        self.lost = False

    def dataReceived(self, data):
        self.data += data

    def connectionLost(self, reason):
        self.lost = True


class EchoClientFactory(ClientFactory):
    def __init__(self):
        self.proto = EchoClient()
        self.failed = None

    def buildProtocol(self, addr):
        return self.proto

    def clientConnectionFailed(self, connector, reason):
        self.failed = reason


async def switch(p, greeting):
    factory = EchoClientFactory()
    await race(p.callRemote(SwitchToEcho, factory, greeting=greeting), CHECK_TIMEOUT, "SwitchToEcho")
    return factory


async def expectEchoes(factory, text):
    inner = factory.proto
    first = text.encode("utf-8")
    inner.transport.write(first)
    await waitFor(lambda: len(inner.data) >= len(first), "the echo")
    expectEqual(inner.data, first, "bytes after the switch answer: the echo only")
    # Bytes that look like AMP are just bytes now.
    payload = b"plain bytes " + amp.AmpBox({b"_command": b"Sum", b"_ask": b"99", b"a": b"1", b"b": b"2"}).serialize()
    inner.transport.write(payload)
    await waitFor(lambda: len(inner.data) >= len(first) + len(payload), "the echo")
    expectEqual(inner.data, first + payload, "echoed bytes")


@check("starttls-default-then-sum")
async def _(ctx):
    p = await ctx.amp()
    await call(p, amp.StartTLS)  # default arguments: no certificate, no verification
    answer = await call(p, Sum, a=2, b=3)
    expectEqual(answer["total"], 5, "Sum(2, 3) over TLS")
    info = await expectSecure(p, "after StartTLS")
    expectEqual(info["peer"], "", "the server saw a certificate from an anonymous client")
    expectEqual(p.peerCertificate.digest(), serverCertificate().digest(), "the server's certificate")


@check("starttls-verifying-the-server")
async def _(ctx):
    p = await ctx.amp()
    await call(p, amp.StartTLS, tls_verifyAuthorities=[serverCertificate()])
    answer = await call(p, Sum, a=40, b=2)
    expectEqual(answer["total"], 42, "Sum(40, 2) over verified TLS")
    await expectSecure(p, "after a verified StartTLS")


@check("starttls-boxes-sent-during-the-handshake-in-order")
async def _(ctx):
    p = await ctx.amp()
    started = p.callRemote(amp.StartTLS)
    # Sent before the answer: Twisted holds them back, then sends them in order through TLS.
    for n in range(1, 11):
        p.callRemote(Ping, n=n)
    sums = [p.callRemote(Sum, a=i, b=1) for i in range(20)]
    await race(started, CHECK_TIMEOUT, "StartTLS")
    answers = await race(gatherResults(sums, consumeErrors=True), CHECK_TIMEOUT, "20 Sums")
    expectEqual([a["total"] for a in answers], [i + 1 for i in range(20)], "totals")
    counted = await call(p, PingCount)
    expectEqual((counted["count"], counted["total"]), (10, 55), "Pings counted in order before PingCount")
    await expectSecure(p, "after pipelined calls")


@check("starttls-then-switch-keeps-tls")
async def _(ctx):
    p = await ctx.amp()
    await call(p, amp.StartTLS)
    await expectSecure(p, "before the switch")
    factory = await switch(p, "secret")
    await expectEchoes(factory, "secret")


@check("switch-echo")
async def _(ctx):
    p = await ctx.amp()
    factory = await switch(p, "héllo")
    await expectEchoes(factory, "héllo")
    try:
        p.callRemote(Sum, a=1, b=2)
    except amp.ProtocolSwitched:
        pass
    else:
        raise CheckFailed("Twisted sent AMP after the switch")


@check("switch-refused-then-amp-goes-on")
async def _(ctx):
    p = await ctx.amp()
    try:
        await switch(p, "")
    except BadGreeting:
        pass
    else:
        raise CheckFailed("an empty greeting was accepted")
    await expectStillUsable(p, "after a refused switch")
    factory = await switch(p, "again")
    await expectEchoes(factory, "again")


@check("switch-raw-inner-bytes-in-the-same-write")
async def _(ctx):
    p = await ctx.raw()
    request = amp.AmpBox({b"_command": b"SwitchToEcho", b"_ask": b"s1", b"greeting": b"hi"}).serialize()
    inner = b"xyz" + amp.AmpBox({b"_command": b"Sum", b"_ask": b"2", b"a": b"1", b"b": b"2"}).serialize()
    p.transport.write(request + inner)
    expected = amp.AmpBox({b"_answer": b"s1"}).serialize() + inner
    await waitFor(lambda: len(p.received) >= len(expected), "answer and echo")
    expectEqual(p.received, expected, "bytes received")


@check("mutual-starttls-with-a-client-certificate", mode="mutual")
async def _(ctx):
    p = await ctx.amp()
    await call(p, amp.StartTLS, tls_localCertificate=clientCertificate(),
               tls_verifyAuthorities=[serverCertificate()])
    info = await expectSecure(p, "after a mutual StartTLS")
    expectEqual(info["peer"], "CN=" + clientCertificate().getSubject().commonName.decode("utf-8"),
                "the client certificate the server saw")


@check("mutual-starttls-without-a-client-certificate-is-refused", mode="mutual")
async def _(ctx):
    p = await ctx.amp()
    await call(p, amp.StartTLS)
    try:
        answer = await call(p, Sum, a=1, b=2)
    except CheckTimeout:
        raise
    except Exception:
        pass
    else:
        raise CheckFailed("a client without a certificate got an answer: %s" % (short(answer),))
    await expectLost(p, "after the refused handshake")


@check("reverse-starttls-sent-by-the-server", mode="reverse")
async def _(ctx):
    # The server is the TLS server although it sent StartTLS: Twisted's default responder answers,
    # then starts TLS as the TLS client, its ClientHello right behind the answer.
    p = await ctx.amp()
    answer = await call(p, Sum, a=1, b=1)
    expectEqual(answer["total"], 2, "Sum(1, 1) in the clear")
    await waitFor(lambda: p.hostCertificate is not None, "the server's StartTLS")
    answer = await call(p, Sum, a=2, b=2)
    expectEqual(answer["total"], 4, "Sum(2, 2) over TLS")
    expectEqual(p.peerCertificate.digest(), serverCertificate().digest(), "the server's certificate")


async def main():
    import time

    deadline = time.monotonic() + TOTAL_BUDGET
    mode = "mutual" if ARGS.mutual else "reverse" if ARGS.reverse else "plain"
    checks = [(name, fn) for name, checkMode, fn in CHECKS if checkMode == mode]
    return await runChecks(selected(checks, ARGS.only),
                           lambda name, fn: runCheck(name, fn, ARGS.host, ARGS.port, deadline))


def run():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--server-cert", required=True, help="PEM of the certificate the server presents")
    parser.add_argument("--mutual", action="store_true", help="run the mutual TLS checks only")
    parser.add_argument("--reverse", action="store_true",
                        help="run only the check in which the server sends StartTLS (after the first Sum)")
    parser.add_argument("--client-cert", help="PEM of the client certificate (--mutual)")
    parser.add_argument("--client-key", help="PEM of the client key (--mutual)")
    parser.add_argument("--only", action="append", default=[], help="run only checks whose name contains this")
    parser.add_argument("--verbose", action="store_true", help="log all of Twisted's messages to stderr")
    ARGS = parser.parse_args()
    if ARGS.mutual and not (ARGS.client_cert and ARGS.client_key):
        parser.error("--mutual needs --client-cert and --client-key")

    startLogging(ARGS.verbose)
    return runReactor(main)


if __name__ == "__main__":
    sys.exit(run())
