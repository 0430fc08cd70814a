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
package io.ampproto.test.autoconfigure;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.command.AmpCommand;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.test.AmpTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link AmpTestClientAutoConfiguration}.
 */
class AmpTestClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpClientAutoConfiguration.class, AmpInProcessTransportAutoConfiguration.class,
				AmpTestClientAutoConfiguration.class))
		.withUserConfiguration(EchoResponder.class);

	@Test
	void boundToTheServersPort() {
		this.runner.withPropertyValues("amp.server.port=0", "amp.test.client.timeout=3s").run((context) -> {
			AmpTestClient client = context.getBean(AmpTestClient.class);
			assertThat(client.timeout()).hasSeconds(3);
			client.call(new Echo("hi")).expectAnswer().isEqualTo(new Echo.Result("hi"));
			assertThat(client.server()).matches("127\\.0\\.0\\.1:\\d+");
		});
	}

	@Test
	void boundToTheInProcessServer() {
		this.runner.withPropertyValues("amp.server.port=0", "amp.test.in-process.enabled=true").run((context) -> {
			AmpTestClient client = context.getBean(AmpTestClient.class);
			assertThat(client.timeout()).isEqualTo(AmpTestClient.DEFAULT_TIMEOUT);
			client.call(new Echo("hi")).expectAnswer().isEqualTo(new Echo.Result("hi"));
			assertThat(client.server()).startsWith("local:amp-in-process-");
		});
	}

	@Test
	void withoutAServerTheFirstCallSaysWhatIsMissing() {
		this.runner.run((context) -> {
			AmpTestClient client = context.getBean(AmpTestClient.class);
			assertThatIllegalStateException().isThrownBy(() -> client.call(new Echo("hi")).expectAnswer())
				.withMessage("AmpTestClient needs the application's AMP server, and none is configured: set "
						+ "amp.server.port (0 for any free port)");
		});
	}

	@AmpResponder
	static class EchoResponder {

		@AmpCommandMapping
		Echo.Result echo(Echo echo) {
			return new Echo.Result(echo.text());
		}

	}

	record Echo(String text) implements AmpCommand<Echo.Result> {

		record Result(String text) {
		}

	}

}
