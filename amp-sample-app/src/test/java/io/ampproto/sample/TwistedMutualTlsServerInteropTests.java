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

import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Mutual TLS with a real Twisted AMP server whose StartTLS responder verifies clients
 * against the test CA (Twisted's {@code tls_verifyAuthorities}).
 */
class TwistedMutualTlsServerInteropTests extends AbstractMutualTlsTests {

	private static TwistedPython.Server server;

	@BeforeAll
	static void startTwisted() throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		server = TwistedPeer.startTlsServer("--verify-ca", TwistedPeer.resource("tls/ca-cert.pem").toString());
	}

	@AfterAll
	static void stopTwisted() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@Override
	int port() {
		return server.port();
	}

	@Override
	String serverTrust() {
		return "tls/ca-cert.pem";
	}

}
