"""
AMP command definitions of the "AMP for Spring Boot" sample app, as Twisted sees them.

Shared by twisted_server.py and twisted_client.py. The wire names (command names,
argument/response keys and error codes) are the sample app's contract; the Java side
must use exactly the same bytes.

Run with /usr/bin/python3 (Debian's python3-twisted 22.4).
"""

from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"result", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION"}


class Echo(amp.Command):
    arguments = [(b"text", amp.Unicode())]
    response = [(b"text", amp.Unicode())]


class Concat(amp.Command):
    arguments = [(b"items", amp.ListOf(amp.Unicode()))]
    response = [(b"joined", amp.Unicode())]


class Ping(amp.Command):
    arguments = [(b"n", amp.Integer())]
    response = []
    requiresAnswer = False


class PingCount(amp.Command):
    arguments = []
    response = [(b"count", amp.Integer()), (b"total", amp.Integer())]


class Callback(amp.Command):
    """The responder calls the caller's own Sum(a=n, b=n) and returns its total."""

    arguments = [(b"n", amp.Integer())]
    response = [(b"result", amp.Integer())]


def _roundTripSchema():
    return [
        (b"i", amp.Integer()),
        (b"real", amp.Float()),
        (b"flag", amp.Boolean()),
        (b"raw", amp.String()),
        (b"text", amp.Unicode()),
        (b"dec", amp.Decimal()),
        (b"when", amp.DateTime()),
        (b"ints", amp.ListOf(amp.Integer())),
        (b"rows", amp.AmpList([(b"k", amp.Unicode()), (b"v", amp.Integer())])),
        (b"maybe", amp.Integer(optional=True)),
    ]


class RoundTrip(amp.Command):
    """Answers the same keys with the same values."""

    arguments = _roundTripSchema()
    response = _roundTripSchema()


class Explode(amp.Command):
    """The responder raises an undeclared exception: UNKNOWN, then the responder closes."""

    arguments = []
    response = []


class BadGreeting(Exception):
    pass


class SwitchToEcho(amp.ProtocolSwitchCommand):
    """After the answer the connection is no longer AMP: it echoes every byte it receives. The greeting
    is checked, not sent: an empty one is refused with BAD_GREETING, and AMP goes on."""

    arguments = [(b"greeting", amp.Unicode())]
    response = []
    errors = {BadGreeting: b"BAD_GREETING"}


class TlsInfo(amp.Command):
    """Whether the connection has TLS, and the subject of the caller's certificate ("" without one)."""

    arguments = []
    response = [(b"secure", amp.Boolean()), (b"peer", amp.Unicode())]


class ReadFile(amp.Command):
    """The responder reads the file behind fd (at most 65535 bytes) and closes fd. UNIX sockets only."""

    arguments = [(b"fd", amp.Descriptor())]
    response = [(b"content", amp.String())]
    errors = {ValueError: b"FILE_TOO_LARGE"}


class OpenLog(amp.Command):
    """The responder answers an open read-only descriptor of the log the app writes. UNIX sockets only."""

    arguments = []
    response = [(b"fd", amp.Descriptor())]
    errors = {NotImplementedError: b"DESCRIPTORS_UNSUPPORTED"}


ALL_COMMANDS = [Sum, Divide, Echo, Concat, Ping, PingCount, Callback, RoundTrip, Explode]
DESCRIPTOR_COMMANDS = [ReadFile, OpenLog]
