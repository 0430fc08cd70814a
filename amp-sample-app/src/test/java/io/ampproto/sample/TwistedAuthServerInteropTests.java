/*
 * Copyright 2026 the AMP for Spring Boot authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.ampproto.sample;

import java.math.BigInteger;
import java.time.Duration;

import io.ampproto.auth.AmpLogin;
import io.ampproto.auth.AmpLoginFailedException;
import io.ampproto.client.AmpConnectException;
import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Our client logging in to a Twisted server with {@code ampauth}'s password login, on
 * every connection it opens.
 */
class TwistedAuthServerInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static TwistedPython.Server server;

	record WhoAmI() implements AmpCommand<WhoAmI.Result> {
		record Result(String instance) {
		}
	}

	record Logins() implements AmpCommand<Logins.Result> {
		record Result(BigInteger count) {
		}
	}

	record Bye() implements AmpCommand<Void> {
	}

	@BeforeAll
	static void start() throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		server = TwistedPeer.startServer("twisted_auth_server.py");
	}

	@AfterAll
	static void stop() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void ourClientLogsInToTwistedOnEveryConnection() {
		AmpRequester requester = requester(AmpLogin.password("alice", "alice-secret"));
		try {
			assertThat(requester.call(new WhoAmI()).block(TIMEOUT).instance()).isEqualTo("alice");
			BigInteger before = requester.call(new Logins()).block(TIMEOUT).count();
			requester.call(new Bye()).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> !requester.isConnected());
			assertThat(requester.call(new WhoAmI()).block(TIMEOUT).instance()).as("after reconnecting")
				.isEqualTo("alice");
			assertThat(requester.call(new Logins()).block(TIMEOUT).count()).isEqualTo(before.add(BigInteger.ONE));
		}
		finally {
			requester.dispose();
		}
	}

	@Test
	void aLoginTwistedRefusesFailsTheCalls() {
		AmpRequester requester = requester(AmpLogin.password("bob", "alice-secret"));
		try {
			assertThatExceptionOfType(AmpConnectException.class)
				.isThrownBy(() -> requester.call(new WhoAmI()).block(TIMEOUT))
				.withMessageContaining("refused by the server (UNAUTHORIZED_LOGIN)")
				.havingCause()
				.isInstanceOf(AmpLoginFailedException.class);
		}
		finally {
			requester.dispose();
		}
	}

	private static AmpRequester requester(AmpLogin login) {
		return AmpRequester.builder().host("127.0.0.1").port(server.port()).login(login).build();
	}

}
