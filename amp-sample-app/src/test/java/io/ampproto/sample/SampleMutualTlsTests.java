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

import io.ampproto.context.LocalAmpServerPort;
import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app with a trust store in its SSL bundle requires client certificates after
 * StartTLS: from our client, and from a real Twisted client ({@code twisted_tls_client.py
 * --mutual}).
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1",
		"spring.ssl.bundle.pem.sample.truststore.certificate=classpath:tls/ca-cert.pem" })
class SampleMutualTlsTests extends AbstractMutualTlsTests {

	@LocalAmpServerPort
	int port;

	@Override
	int port() {
		return this.port;
	}

	@Override
	String serverTrust() {
		return "tls/sample-cert.pem";
	}

	@Test
	void twistedClientIsAcceptedWithACertificateAndRefusedWithout() throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		TwistedPython.Run run = TwistedPeer.runScript("twisted_tls_client.py", 120, "--host", "127.0.0.1", "--port",
				String.valueOf(this.port), "--server-cert", TwistedPeer.resource("tls/sample-cert.pem").toString(),
				"--mutual", "--client-cert", TwistedPeer.resource("tls/client-cert.pem").toString(), "--client-key",
				TwistedPeer.resource("tls/client-key.pem").toString());
		assertThat(run.failures()).isEmpty();
		assertThat(run.summary()).isEqualTo("2 passed, 0 failed");
		assertThat(run.exitCode()).isZero();
	}

}
