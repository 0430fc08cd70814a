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

package io.ampproto.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code amp.server.call-timeout}: calls the server makes to its clients do not
 * wait for the life of the connection by default.
 */
class AmpServerCallTimeoutTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withUserConfiguration(CallbackResponders.class)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1");

	@Test
	void callsFromTheServerTimeOutAfterThirtySecondsByDefault() {
		assertThat(new AmpProperties.Server().getCallTimeout()).isEqualTo(Duration.ofSeconds(30));
		this.runner.run((context) -> assertThat(context.getBean(AmpSessionServer.class).options().callTimeout())
			.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void zeroCallTimeoutWaitsUntilTheConnectionClosesAsTwisted() {
		this.runner.withPropertyValues("amp.server.call-timeout=0")
			.run((context) -> assertThat(context.getBean(AmpSessionServer.class).options().callTimeout()).isNull());
	}

	@Test
	void callToAClientThatNeverAnswersTimesOutAndLeavesNothingWaiting() {
		this.runner.withPropertyValues("amp.server.call-timeout=300ms").run((context) -> {
			AmpSessionServer server = context.getBean(AmpSessionServer.class);
			assertThat(server.options().callTimeout()).isEqualTo(Duration.ofMillis(300));
			AtomicInteger asked = new AtomicInteger();
			AmpResponders never = AmpResponders.builder().respond(Ask.class, (ask, session) -> {
				asked.incrementAndGet();
				return Mono.never();
			}).build();
			AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
			try {
				AmpSession client = AmpSession.start(connection, never, AmpSessionOptions.DEFAULTS);
				// The server's Ask times out: an undeclared error of the responder, as in Twisted.
				assertThatExceptionOfType(AmpUnknownRemoteException.class)
					.isThrownBy(() -> client.call(new Relay()).block(TIMEOUT));
				assertThat(asked).hasValue(1);
				client.onClose().block(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> CallbackResponders.session.outboundCallsInFlight() == 0);
			}
			finally {
				connection.dispose();
			}
		});
	}

	/** The server asks its client, which answers. */
	record Ask() implements AmpCommand<Ask.Result> {
		record Result(int value) {
		}
	}

	/** The client asks the server, whose responder asks the client back. */
	record Relay() implements AmpCommand<Relay.Result> {
		record Result(int value) {
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class CallbackResponders {

		static volatile AmpSession session;

		@Bean
		AmpResponders callbackResponders() {
			return AmpResponders.builder().respond(Relay.class, (relay, session) -> {
				CallbackResponders.session = session;
				return session.call(new Ask()).map((result) -> new Relay.Result(result.value()));
			}).build();
		}

	}

}
