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
import io.ampproto.test.inprocess.AmpInProcessTransport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link AmpTest @AmpTest} of the calculator: only AMP, on the in-process transport.
 */
@AmpTest
@Import(Audit.class)
class CalculatorInProcessTests extends AbstractCalculatorTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	AmpSessionServer server;

	@Autowired
	AmpInProcessTransport transport;

	@Test
	void serverListensInProcessOnly() {
		assertThat(this.server.addresses()).containsExactly(this.transport.address());
		assertThat(this.server.port()).isEqualTo(-1);
		assertThat(this.client.server()).isEqualTo(this.transport.address().toString());
	}

	@Test
	void contextHasTheRespondersAndNotTheApplicationsOtherBeans() {
		assertThat(this.context.getBeansOfType(CalculatorResponder.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(UnrelatedService.class)).isEmpty();
		assertThat(this.context.getBeanDefinitionNames()).noneMatch((name) -> name.toLowerCase().contains("web"));
	}

	@Test
	void unrelatedServiceCannotStartOutsideTheSlice() {
		assertThatException()
			.isThrownBy(() -> SpringApplication.run(CalculatorApplication.class, "--amp.server.port=0"))
			.havingRootCause()
			.withMessage("UnrelatedService cannot start here: no database");
	}

}
