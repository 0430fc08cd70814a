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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Twisted client with {@code ampauth}'s commands against the sample app's
 * {@code security} profile: password logins after StartTLS, and the refusals.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1" })
@ActiveProfiles("security")
class TwistedSecurityInteropTests {

	@LocalAmpServerPort
	int port;

	@BeforeAll
	static void twisted() {
		TwistedPeer.assumeTwistedIsInstalled();
	}

	@Test
	void twistedLogsInAfterStartTlsAndIsRefusedWhereItShouldBe() throws Exception {
		TwistedPython.Run run = TwistedPeer.runScript("twisted_security_client.py", 120, "--port",
				String.valueOf(this.port), "--server-cert", TwistedPeer.resource("tls/sample-cert.pem").toString());
		assertThat(run.failures()).isEmpty();
		assertThat(run.summary()).isEqualTo("7 passed, 0 failed");
		assertThat(run.exitCode()).isZero();
	}

}
