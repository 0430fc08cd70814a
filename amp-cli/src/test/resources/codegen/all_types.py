"""
A Twisted command module with every argument type, optional arguments, ListOf, AmpList, errors,
fatal errors, requiresAnswer = False and a custom commandName: the input of the amp codegen
tests (CodegenTests). all_types_server.py serves it.
"""

from twisted.protocols import amp


class Overdrawn(Exception):
    pass


class Meltdown(Exception):
    pass


def _everything():
    return [
        (b"i", amp.Integer()),
        (b"raw", amp.String()),
        (b"text", amp.Unicode()),
        (b"real", amp.Float()),
        (b"flag", amp.Boolean()),
        (b"when", amp.DateTime()),
        (b"dec", amp.Decimal()),
        (b"where", amp.Path()),
        (b"ints", amp.ListOf(amp.Integer())),
        (b"matrix", amp.ListOf(amp.ListOf(amp.Float()))),
        (b"names", amp.ListOf(amp.Unicode(), optional=True)),
        (b"rows", amp.AmpList([
            (b"k", amp.Unicode()),
            (b"v", amp.Integer(optional=True)),
            (b"sub", amp.AmpList([(b"x", amp.Float())])),
        ])),
        (b"maybe", amp.Integer(optional=True)),
        (b"perhaps", amp.Boolean(optional=True)),
        (b"dash-key", amp.Unicode()),
        (b"class", amp.Boolean()),
    ]


class Everything(amp.Command):
    """Answers the same keys with the same values."""

    arguments = _everything()
    response = _everything()


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"quotient", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION", Overdrawn: b"OVERDRAWN"}
    fatalErrors = {Meltdown: b"MELTDOWN"}


class Notify(amp.Command):
    arguments = [(b"message", amp.Unicode())]
    response = []
    requiresAnswer = False


class Notified(amp.Command):
    arguments = []
    response = [(b"messages", amp.ListOf(amp.Unicode()))]


class Lookup(amp.Command):
    commandName = b"lookup-v2"
    arguments = [(b"name", amp.Unicode()), (b"limit", amp.Integer(optional=True))]
    response = [(b"found", amp.Boolean()), (b"value", amp.Unicode(optional=True))]


class ReadFd(amp.Command):
    arguments = [(b"fd", amp.Descriptor())]
    response = [(b"content", amp.String())]


class Nothing(amp.Command):
    arguments = []
    response = []
