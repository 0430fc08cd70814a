"""
Commands passing file descriptors (amp.Descriptor) between Twisted and the Java
implementation over a UNIX domain socket: the wire contract of the descriptor interop
tests. Shared by fd_server.py and fd_client.py; run with /usr/bin/python3.
"""

import os

from twisted.protocols import amp


class ReadFd(amp.Command):
    """The responder reads the whole file behind fd (from offset 0) and closes fd."""

    arguments = [(b"fd", amp.Descriptor())]
    response = [(b"content", amp.Unicode())]


class ReadTwoFds(amp.Command):
    """Two descriptors in one box."""

    arguments = [(b"a", amp.Descriptor()), (b"b", amp.Descriptor())]
    response = [(b"first", amp.Unicode()), (b"second", amp.Unicode())]


class OpenFile(amp.Command):
    """The responder answers an open read-only descriptor of the file at path."""

    arguments = [(b"path", amp.Unicode())]
    response = [(b"fd", amp.Descriptor())]


class OpenTwoFiles(amp.Command):
    """Two descriptors in one answer."""

    arguments = [(b"a", amp.Unicode()), (b"b", amp.Unicode())]
    response = [(b"first", amp.Descriptor()), (b"second", amp.Descriptor())]


def readAll(fd):
    """The whole file behind fd, read with pread so that the shared offset does not matter."""
    chunks = []
    offset = 0
    while True:
        chunk = os.pread(fd, 65536, offset)
        if not chunk:
            return b"".join(chunks).decode("utf-8")
        chunks.append(chunk)
        offset += len(chunk)
