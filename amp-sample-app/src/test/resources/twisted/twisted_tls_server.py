#!/usr/bin/python3
"""
Twisted AMP server with StartTLS and protocol switching, for the Java client interop tests.

    /usr/bin/python3 twisted_tls_server.py --port 0 --cert <pem> --key <pem> [--verify-ca <pem>]

Answers Sum, Ping, PingCount, TlsInfo and SwitchToEcho (a ProtocolSwitchCommand: the connection then echoes every
byte it receives; an empty greeting is refused with BAD_GREETING) of amp_commands.py. Its StartTLS
responder presents --cert/--key; with --verify-ca it requires a client certificate signed by that CA
(Twisted's tls_verifyAuthorities). TLS roles follow TCP roles, as always in Twisted: the Java client
is the TLS client.

Prints exactly one line "LISTENING <port>" on stdout once it listens on 127.0.0.1, then runs until
SIGTERM/SIGINT or until its stdin is closed, as twisted_server.py.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import ssl
from twisted.internet.protocol import Factory, Protocol
from twisted.protocols import amp

from amp_commands import BadGreeting, Ping, PingCount, Sum, SwitchToEcho, TlsInfo
from amp_harness import addServerArguments, serve

CERTIFICATE = None
AUTHORITIES = None


class EchoProtocol(Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class TlsServerAMP(amp.AMP):
    def connectionMade(self):
        super().connectionMade()
        self.pingCount = 0
        self.pingTotal = 0

    @Ping.responder
    def ping(self, n):
        self.pingCount += 1
        self.pingTotal += n
        return {}

    @PingCount.responder
    def pingCountResponder(self):
        return {"count": self.pingCount, "total": self.pingTotal}

    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @TlsInfo.responder
    def tlsInfo(self):
        peer = ""
        if self.hostCertificate is not None:
            try:
                peer = "CN=" + self.peerCertificate.getSubject().commonName.decode("utf-8")
            except Exception:  # no client certificate
                peer = ""
        return {"secure": self.hostCertificate is not None, "peer": peer}

    @amp.StartTLS.responder
    def startTLS(self):
        answer = {"tls_localCertificate": CERTIFICATE}
        if AUTHORITIES:
            answer["tls_verifyAuthorities"] = AUTHORITIES
        return answer

    @SwitchToEcho.responder
    def switchToEcho(self, greeting):
        if not greeting:
            raise BadGreeting("a greeting is required")
        return EchoProtocol()


def main():
    global CERTIFICATE, AUTHORITIES
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    addServerArguments(parser)
    parser.add_argument("--cert", required=True, help="PEM of the server certificate")
    parser.add_argument("--key", required=True, help="PEM of the server key")
    parser.add_argument("--verify-ca", help="PEM of the CA client certificates must be signed by")
    args = parser.parse_args()

    with open(args.cert) as c, open(args.key) as k:
        CERTIFICATE = ssl.PrivateCertificate.loadPEM(c.read() + k.read())
    if args.verify_ca:
        with open(args.verify_ca) as f:
            AUTHORITIES = [ssl.Certificate.loadPEM(f.read())]

    serve(args, Factory.forProtocol(TlsServerAMP))


if __name__ == "__main__":
    main()
