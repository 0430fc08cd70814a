#!/usr/bin/python3
"""
Twisted AMP server on a UNIX domain socket answering the commands of fd_commands.py.

    /usr/bin/python3 fd_server.py --unix /path/to/socket

prints "LISTENING <path>" once it listens, then runs until its stdin is closed or it
is killed. Descriptors it answers are closed 2 s after the answer (Twisted sends them
in a later reactor turn and does not close them itself).
"""

import argparse
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet import reactor
from twisted.internet.protocol import Factory
from twisted.logger import FilteringLogObserver, LogLevel, LogLevelFilterPredicate, globalLogBeginner, textFileLogObserver
from twisted.protocols import amp

from fd_commands import OpenFile, OpenTwoFiles, ReadFd, ReadTwoFds, readAll


def closeLater(*fds):
    for fd in fds:
        reactor.callLater(2.0, os.close, fd)


class FdServerAMP(amp.AMP):
    @ReadFd.responder
    def readFd(self, fd):
        try:
            return {"content": readAll(fd)}
        finally:
            os.close(fd)

    @ReadTwoFds.responder
    def readTwoFds(self, a, b):
        try:
            return {"first": readAll(a), "second": readAll(b)}
        finally:
            os.close(a)
            os.close(b)

    @OpenFile.responder
    def openFile(self, path):
        fd = os.open(path, os.O_RDONLY)
        closeLater(fd)
        return {"fd": fd}

    @OpenTwoFiles.responder
    def openTwoFiles(self, a, b):
        first = os.open(a, os.O_RDONLY)
        second = os.open(b, os.O_RDONLY)
        closeLater(first, second)
        return {"first": first, "second": second}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unix", required=True)
    args = parser.parse_args()
    level = LogLevel.warn
    globalLogBeginner.beginLoggingTo(
        [FilteringLogObserver(textFileLogObserver(sys.stderr), [LogLevelFilterPredicate(defaultLogLevel=level)])],
        redirectStandardIO=False)
    reactor.listenUNIX(args.unix, Factory.forProtocol(FdServerAMP))
    sys.stdout.write("LISTENING %s\n" % (args.unix,))
    sys.stdout.flush()

    def watchStdin():
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        reactor.callFromThread(reactor.stop)

    threading.Thread(target=watchStdin, daemon=True).start()
    reactor.run()


if __name__ == "__main__":
    main()
