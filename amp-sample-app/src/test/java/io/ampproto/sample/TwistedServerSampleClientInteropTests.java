/*
 * Copyright 2026 the AMP for Spring Boot authors
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

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SampleClient} against the real Twisted server of {@code twisted_server.py}.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1", "amp.client.sample.host=127.0.0.1" })
@Import(AbstractSampleClientTests.SampleClientConfiguration.class)
class TwistedServerSampleClientInteropTests extends AbstractSampleClientTests {

	private static TwistedPython.Server server;

	@DynamicPropertySource
	static void twistedServer(DynamicPropertyRegistry registry) throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		if (server == null) {
			server = TwistedPeer.startServer();
		}
		registry.add("amp.client.sample.port", server::port);
	}

	@AfterAll
	static void stopTwisted() throws Exception {
		if (server != null) {
			server.close();
			server = null;
		}
	}

}
