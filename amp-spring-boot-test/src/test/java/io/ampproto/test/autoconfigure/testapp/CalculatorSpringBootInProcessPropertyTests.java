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
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Sum;
import io.ampproto.test.inprocess.AmpInProcessTransport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process transport in a {@link SpringBootTest} through the property alone, no
 * annotation.
 */
@SpringBootTest(properties = { "amp.test.in-process.enabled=true", "amp.server.port=17999",
		"amp.client.self.port=${amp.server.port}" })
class CalculatorSpringBootInProcessPropertyTests {

	@MockitoBean
	UnrelatedService unrelated;

	@Autowired
	AmpSessionServer server;

	@Autowired
	AmpInProcessTransport transport;

	@Autowired
	AmpRequesters requesters;

	@Test
	void serverAndTheClientPointingAtItAreInProcess() {
		assertThat(this.server.addresses()).containsExactly(this.transport.address());
		assertThat(this.requesters.get("self").call(new Sum(40, 2)).block(java.time.Duration.ofSeconds(30)))
			.isEqualTo(new Sum.Result(42));
	}

}
