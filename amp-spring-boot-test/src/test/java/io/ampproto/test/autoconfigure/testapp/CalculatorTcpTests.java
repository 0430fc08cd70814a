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

import io.ampproto.server.AmpSessionServer;
import io.ampproto.test.autoconfigure.AmpTest;
import io.ampproto.test.autoconfigure.AutoConfigureAmpInProcessTransport;
import io.ampproto.test.inprocess.AmpInProcessTransport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AmpTest @AmpTest} of the calculator with the in-process transport turned off:
 * the same assertions over TCP.
 */
@AmpTest
@AutoConfigureAmpInProcessTransport(enabled = false)
@Import(Audit.class)
class CalculatorTcpTests extends AbstractCalculatorTests {

	@Autowired
	AmpSessionServer server;

	@Autowired
	ObjectProvider<AmpInProcessTransport> transport;

	@Test
	void serverListensOnAPort() {
		assertThat(this.transport.getIfAvailable()).isNull();
		assertThat(this.server.port()).isPositive();
		assertThat(this.client.server()).isEqualTo("127.0.0.1:" + this.server.port());
	}

}
