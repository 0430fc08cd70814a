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
package io.ampproto.test.autoconfigure.testapp;

import io.ampproto.client.AmpRequesters;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.test.AmpTestClient;
import io.ampproto.test.autoconfigure.AutoConfigureAmpInProcessTransport;
import io.ampproto.test.autoconfigure.AutoConfigureAmpTestClient;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Sum;
import io.ampproto.test.inprocess.AmpInProcessTransport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application in a {@link SpringBootTest}, with its AMP server in-process: a
 * named client that points at the application itself goes in-process too, and
 * {@link AmpTestClient} is bound to it.
 */
@SpringBootTest(properties = { "amp.server.port=17999", "amp.client.self.port=${amp.server.port}",
		"amp.client.other.port=17998" })
@AutoConfigureAmpInProcessTransport
@AutoConfigureAmpTestClient(timeout = "7s")
class CalculatorSpringBootInProcessTests {

	@MockitoBean
	UnrelatedService unrelated;

	@Autowired
	AmpSessionServer server;

	@Autowired
	AmpInProcessTransport transport;

	@Autowired
	AmpRequesters requesters;

	@Autowired
	AmpTestClient client;

	@Test
	void serverListensInProcessAndNotOnItsPort() {
		assertThat(this.server.addresses()).containsExactly(this.transport.address());
		assertThat(this.server.port()).isEqualTo(-1);
	}

	@Test
	void namedClientPointingAtTheApplicationGoesInProcess() {
		Sum.Result result = this.requesters.get("self").call(new Sum(40, 2)).block(this.client.timeout());
		assertThat(result).isEqualTo(new Sum.Result(42));
		assertThat(this.server.connectionsAccepted()).isPositive();
	}

	@Test
	void testClientIsBoundToTheInProcessServer() {
		assertThat(this.client.timeout()).hasSeconds(7);
		assertThat(this.client.server()).isEqualTo(this.transport.address().toString());
		this.client.call(new Sum(1, 2)).expectAnswer().isEqualTo(new Sum.Result(3));
	}

}
