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
package io.ampproto.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.ampproto.autoconfigure.AmpServerAutoConfigurationTests.SumResponder;
import io.ampproto.client.AmpRequesters;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnector;
import io.ampproto.unix.AmpUnixSockets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@code amp.server.unix-socket} and {@code amp.client.<name>.unix-socket}.
 */
class AmpUnixSocketAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpClientAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withUserConfiguration(SumResponder.class);

	@TempDir
	Path directory;

	@BeforeEach
	void unixSockets() {
		assumeThat(AmpUnixSockets.isAvailable()).as("junixsocket supports this platform").isTrue();
	}

	@Test
	void serverListensOnAUnixSocketAloneAndANamedClientCallsIt() {
		Path socket = this.directory.resolve("amp.sock");
		this.runner.withPropertyValues("amp.server.unix-socket=" + socket, "amp.client.local.unix-socket=" + socket)
			.run((context) -> {
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(server.port()).isEqualTo(-1);
				assertThat(context.getEnvironment().containsProperty("local.amp.server.port")).isFalse();
				assertThat(AmpUnixSockets.isUnixAddress(server.address())).isTrue();
				assertThat(socket).exists();
				Sum.Result result = context.getBean(AmpRequesters.class)
					.get("local")
					.call(new Sum(40, 2))
					.block(TIMEOUT);
				assertThat(result).isEqualTo(new Sum.Result(42));
			});
		assertThat(socket).as("deleted when the server stops").doesNotExist();
	}

	@Test
	void serverListensOnTcpAndAUnixSocketAtOnce() {
		Path socket = this.directory.resolve("both.sock");
		this.runner
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1", "amp.server.unix-socket=" + socket)
			.run((context) -> {
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				assertThat(server.addresses()).hasSize(2);
				int port = context.getEnvironment().getProperty("local.amp.server.port", Integer.class);
				assertThat(port).isEqualTo(server.port()).isPositive();
				assertThat(AmpServerAutoConfigurationTests.call(port, new Sum(1, 2))).isEqualTo(new Sum.Result(3));
				AmpSession session = AmpSession.start(AmpConnector.create().unixSocket(socket).connectNow(TIMEOUT),
						AmpResponders.none(), AmpSessionOptions.DEFAULTS);
				try {
					assertThat(session.call(new Sum(3, 4)).block(TIMEOUT)).isEqualTo(new Sum.Result(7));
					assertThat(server.sessions()).hasSize(1);
				}
				finally {
					session.dispose();
				}
			});
	}

	@Test
	void aUnixSocketWithoutJunixsocketFailsStartupWithAClearMessage() {
		this.runner.withClassLoader(new FilteredClassLoader("org.newsclub"))
			.withPropertyValues("amp.server.unix-socket=" + this.directory.resolve("x.sock"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("amp.server.unix-socket is set")
					.hasMessageContaining("com.kohlschutter.junixsocket:junixsocket-core");
			});
		this.runner.withClassLoader(new FilteredClassLoader("org.newsclub"))
			.withPropertyValues("amp.client.other.unix-socket=" + this.directory.resolve("y.sock"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("amp.client.other.unix-socket is set");
			});
	}

}
