#!/usr/bin/python3
"""
Twisted AMP server answering the sample app's WhoAmI() -> instance: Unicode, as one more
instance behind a service id in the scale-out tests:

    /usr/bin/python3 twisted_whoami_server.py --port 0 --instance twisted

prints exactly one line "LISTENING <port>" on stdout (flushed) once it listens, then runs
until SIGTERM/SIGINT or until its stdin is closed (see amp_harness.serve).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.internet.protocol import Factory
from twisted.protocols import amp

from amp_harness import addServerArguments, serve


class WhoAmI(amp.Command):
    arguments = []
    response = [(b"instance", amp.Unicode())]


class WhoAmIServer(amp.AMP):
    instance = "twisted"

    @WhoAmI.responder
    def whoAmI(self):
        return {"instance": self.instance}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    addServerArguments(parser)
    parser.add_argument("--instance", default="twisted", help="the instance id WhoAmI answers")
    args = parser.parse_args()
    WhoAmIServer.instance = args.instance
    serve(args, Factory.forProtocol(WhoAmIServer))


if __name__ == "__main__":
    main()
