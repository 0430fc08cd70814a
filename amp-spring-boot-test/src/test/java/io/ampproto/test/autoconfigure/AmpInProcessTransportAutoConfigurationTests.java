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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.client.AmpRequesters;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.server.AmpServerLimits;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.test.inprocess.AmpInProcessTransport;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.transport.AmpServer;
import io.ampproto.unix.AmpUnixSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link AmpInProcessTransportAutoConfiguration}.
 */
class AmpInProcessTransportAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpClientAutoConfiguration.class, AmpInProcessTransportAutoConfiguration.class))
		.withUserConfiguration(SumResponder.class);

	@TempDir
	Path directory;

	@Test
	void offUnlessEnabled() {
		this.runner.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1").run((context) -> {
			assertThat(context).doesNotHaveBean(AmpInProcessTransport.class);
			assertThat(context.getBean(AmpSessionServer.class).port()).isPositive();
		});
	}

	@Test
	void serverListensInProcessInsteadOfOnItsPort() {
		this.runner.withPropertyValues("amp.server.port=0", "amp.test.in-process.enabled=true").run((context) -> {
			AmpSessionServer server = context.getBean(AmpSessionServer.class);
			assertThat(server.addresses()).containsExactly(context.getBean(AmpInProcessTransport.class).address());
			assertThat(server.port()).isEqualTo(-1);
		});
	}

	@Test
	void unixSocketStaysWhereItIs() {
		assumeThat(AmpUnixSockets.isAvailable()).as("junixsocket supports this platform").isTrue();
		Path socket = this.directory.resolve("amp.sock");
		this.runner
			.withPropertyValues("amp.server.port=0", "amp.server.unix-socket=" + socket,
					"amp.test.in-process.enabled=true")
			.run((context) -> {
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				assertThat(server.addresses()).hasSize(2)
					.contains(context.getBean(AmpInProcessTransport.class).address())
					.anyMatch(AmpUnixSockets::isUnixAddress);
				assertThat(socket).exists();
			});
	}

	@Test
	void namedClientsPointingAtTheServerGoInProcessAndTheOthersStayOnTcp() {
		AmpResponders plusThousand = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b() + 1000))
			.build();
		AmpSessionServer other = new AmpSessionServer(List.of(AmpServer.create().host("127.0.0.1").port(0)),
				plusThousand, AmpSessionOptions.DEFAULTS, AmpServerLimits.DEFAULTS, TIMEOUT);
		other.start();
		try {
			this.runner
				.withPropertyValues("amp.server.port=17999", "amp.test.in-process.enabled=true",
						"amp.client.self.port=17999", "amp.client.loopback.host=127.0.0.1",
						"amp.client.loopback.port=17999", "amp.client.other.host=127.0.0.1",
						"amp.client.other.port=" + other.port())
				.run((context) -> {
					AmpRequesters requesters = context.getBean(AmpRequesters.class);
					assertThat(requesters.get("self").call(new Sum(40, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(42));
					assertThat(requesters.get("loopback").call(new Sum(1, 2)).block(TIMEOUT))
						.isEqualTo(new Sum.Result(3));
					assertThat(requesters.get("other").call(new Sum(1, 2)).block(TIMEOUT))
						.isEqualTo(new Sum.Result(1003));
					assertThat(context.getBean(AmpSessionServer.class).connectionsAccepted()).isEqualTo(2);
				});
		}
		finally {
			other.stop();
		}
	}

	@Test
	void tlsFromTheFirstByteFailsStartupWithAClearMessage() {
		this.runner.withUserConfiguration(SslContexts.class)
			.withPropertyValues("amp.server.port=0", "amp.server.ssl.enabled=true", "amp.test.in-process.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessage("amp.server.ssl.enabled (TLS from the first byte) cannot run on the in-process AMP "
							+ "transport: test TLS over TCP (amp.test.in-process.enabled=false)");
			});
	}

	@AmpResponder
	static class SumResponder {

		@AmpCommandMapping
		Sum.Result sum(Sum sum) {
			return new Sum.Result(sum.a() + sum.b());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SslContexts {

		@Bean
		AmpSslContextProvider sslContexts() {
			return AmpSslContextProvider.of(null, null);
		}

	}

}
