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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Twisted AMP client ({@code twisted_client.py}) runs its checks against the sample
 * app: every argument type with Twisted's edge values, errors, no-answer commands, calls
 * back to the Twisted client, 65,535-byte values, 1,000 pipelined calls and a key-length
 * violation.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1" })
class TwistedClientInteropTests {

	@LocalAmpServerPort
	int port;

	@BeforeAll
	static void twisted() {
		TwistedPeer.assumeTwistedIsInstalled();
	}

	@Test
	void twistedClientPassesEveryCheckAgainstTheSampleApp() throws Exception {
		TwistedPython.Run run = TwistedPeer.runClient(this.port, 180);
		assertThat(run.failures()).isEmpty();
		assertThat(run.summary()).matches("\\d+ passed, 0 failed");
		assertThat(run.exitCode()).isZero();
		assertThat(run.lines()).filteredOn((line) -> line.startsWith("PASS")).hasSizeGreaterThan(70);
	}

}
