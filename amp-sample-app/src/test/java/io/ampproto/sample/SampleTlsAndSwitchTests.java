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

import org.springframework.boot.test.context.SpringBootTest;

/**
 * StartTLS with the sample app's SSL bundle and {@code SwitchToEcho}, on the port that
 * also serves plain AMP.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1" })
class SampleTlsAndSwitchTests extends AbstractTlsAndSwitchTests {

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

}
