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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.ampproto.context.LocalAmpServerPort;
import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Twisted client presenting client certificates to the sample app's {@code security}
 * profile, whose server trusts the users' CA only: a known user's certificate logs in, an
 * unknown user's gets {@code UNAUTHORIZED}, another CA's is refused at the handshake.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1",
		"spring.ssl.bundle.pem.users.keystore.certificate=classpath:tls/server-cert.pem",
		"spring.ssl.bundle.pem.users.keystore.private-key=classpath:tls/server-key.pem",
		"spring.ssl.bundle.pem.users.truststore.certificate=classpath:tls/users-ca-cert.pem",
		"amp.server.ssl.bundle=users" })
@ActiveProfiles("security")
class TwistedClientCertificateSecurityInteropTests {

	@LocalAmpServerPort
	int port;

	@BeforeAll
	static void twisted() {
		TwistedPeer.assumeTwistedIsInstalled();
	}

	@Test
	void twistedClientCertificatesMapToUsers(@TempDir Path certificates) throws Exception {
		for (String name : new String[] { "alice", "carol", "client" }) {
			copy(name + "-cert.pem", certificates);
			copy(name + "-key.pem", certificates);
		}
		TwistedPython.Run run = TwistedPeer.runScript("twisted_security_client.py", 120, "--port",
				String.valueOf(this.port), "--server-cert", TwistedPeer.resource("tls/ca-cert.pem").toString(),
				"--mutual", "--certs", certificates.toString());
		assertThat(run.failures()).isEmpty();
		assertThat(run.summary()).isEqualTo("3 passed, 0 failed");
		assertThat(run.exitCode()).isZero();
	}

	private static void copy(String name, Path directory) throws IOException {
		Files.copy(TwistedPeer.resource("tls/" + name), directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
