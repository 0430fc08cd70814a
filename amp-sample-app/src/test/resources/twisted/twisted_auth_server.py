#!/usr/bin/python3
"""
Twisted AMP server with Divmod epsilon's ampauth password login (its commands defined here with amp.Command,
as in twisted_security_client.py), for checking our client's login:

    /usr/bin/python3 twisted_auth_server.py --port 0

Users alice / alice-secret and bob / bob-secret. WhoAmI() -> instance answers the user logged in on the connection
(UNAUTHORIZED before a login); Logins() -> count the logins accepted so far by the process; Bye() answers, then
closes the connection. Prints exactly one line "LISTENING <port>" on stdout once it listens, then runs until
SIGTERM/SIGINT or until its stdin is closed (see amp_harness.serve).
"""

import argparse
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from twisted.cred.error import UnauthorizedLogin
from twisted.internet.protocol import Factory
from twisted.protocols import amp

from amp_harness import addServerArguments, serve
from twisted_security_client import PasswordChallengeResponse, PasswordLogin

USERS = {b"alice": b"alice-secret", b"bob": b"bob-secret"}
LOGINS = [0]


class Unauthorized(Exception):
    pass


class WhoAmI(amp.Command):
    arguments = []
    response = [(b"instance", amp.Unicode())]
    errors = {Unauthorized: b"UNAUTHORIZED"}


class Logins(amp.Command):
    arguments = []
    response = [(b"count", amp.Integer())]


class Bye(amp.Command):
    arguments = []
    response = []


class AuthServer(amp.AMP):
    username = None
    challenge = None
    user = None

    @PasswordLogin.responder
    def passwordLogin(self, username):
        # As epsilon's: remember the name and a fresh challenge (a second login replaces them).
        self.username = username
        self.challenge = os.urandom(16)
        return {"challenge": self.challenge}

    @PasswordChallengeResponse.responder
    def passwordChallengeResponse(self, cnonce, response):
        challenge, self.challenge = self.challenge, None
        password = USERS.get(self.username)
        if challenge is None or password is None:
            raise UnauthorizedLogin()
        if hashlib.sha1(challenge + b" " + cnonce + b" " + password).digest() != response:
            raise UnauthorizedLogin()
        self.user = self.username.decode("utf-8")
        LOGINS[0] += 1
        return {}

    @WhoAmI.responder
    def whoAmI(self):
        if self.user is None:
            raise Unauthorized("Authentication required")
        return {"instance": self.user}

    @Logins.responder
    def logins(self):
        return {"count": LOGINS[0]}

    @Bye.responder
    def bye(self):
        from twisted.internet import reactor

        reactor.callLater(0, self.transport.loseConnection)
        return {}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    addServerArguments(parser)
    serve(parser.parse_args(), Factory.forProtocol(AuthServer))


if __name__ == "__main__":
    main()
