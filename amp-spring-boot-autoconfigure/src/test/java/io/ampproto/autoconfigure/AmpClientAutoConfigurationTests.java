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

import java.time.Duration;

import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;
import io.ampproto.command.AmpCommand;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.session.AmpCallTimeoutException;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AmpClientAutoConfiguration}.
 */
class AmpClientAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpClientAutoConfiguration.class));

	private DisposableServer server;

	@BeforeEach
	void startServer() {
		// Answers Twice(n) by calling the client's own Sum(n, n).
		AmpResponders responders = AmpResponders.builder()
			.respond(Twice.class,
					(twice, session) -> session.call(new Sum(twice.n(), twice.n()))
						.map((sum) -> new Twice.Result(sum.total())))
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respond(Hold.class, (hold, session) -> Mono.never())
			.build();
		this.server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS).onClose())
			.bindNow();
	}

	@AfterEach
	void stopServer() {
		this.server.disposeNow();
	}

	@Test
	void requesterBuilderIsANewInstancePerInjectionPoint() {
		this.runner.run((context) -> assertThat(context.getBean(AmpRequester.Builder.class))
			.isNotSameAs(context.getBean(AmpRequester.Builder.class)));
	}

	@Test
	void namedClientsCallTheirServerAndAnswerItsCallbacksWithTheApplicationsResponders() {
		this.runner.withUserConfiguration(ClientSideSum.class)
			.withPropertyValues("amp.client.backend.host=127.0.0.1", "amp.client.backend.port=" + this.server.port())
			.run((context) -> {
				AmpRequesters requesters = context.getBean(AmpRequesters.class);
				assertThat(requesters.names()).containsExactly("backend");
				AmpRequester backend = requesters.get("backend");
				assertThat(backend.isConnected()).as("connects lazily").isFalse();
				assertThat(backend.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
				assertThat(backend.call(new Twice(21)).block(TIMEOUT)).isEqualTo(new Twice.Result(2100));
				assertThatIllegalArgumentException().isThrownBy(() -> requesters.get("missing"))
					.withMessageContaining("No AMP client named 'missing'");
			});
	}

	@Test
	void eachNamedClientIsARequesterBeanInjectedByNameOrQualifier() {
		this.runner.withUserConfiguration(QualifiedInjection.class)
			.withPropertyValues("amp.client.backend.host=127.0.0.1", "amp.client.backend.port=" + this.server.port(),
					"amp.client.other.host=127.0.0.1", "amp.client.other.port=" + this.server.port())
			.run((context) -> {
				AmpRequesters requesters = context.getBean(AmpRequesters.class);
				assertThat(context.getBeansOfType(AmpRequester.class)).containsOnlyKeys("backend", "other");
				assertThat(context.getBean("backend", AmpRequester.class)).isSameAs(requesters.get("backend"));
				QualifiedInjection injected = context.getBean(QualifiedInjection.class);
				assertThat(injected.byQualifier).isSameAs(requesters.get("backend"));
				assertThat(injected.byParameterName).isSameAs(requesters.get("other"));
				assertThat(injected.byQualifier.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
			});
	}

	@Test
	void aSingleNamedClientIsInjectedByType() {
		this.runner.withPropertyValues("amp.client.backend.host=127.0.0.1", "amp.client.backend.port=" + this.server.port())
			.run((context) -> assertThat(context.getBean(AmpRequester.class))
				.isSameAs(context.getBean(AmpRequesters.class).get("backend")));
	}

	@Test
	void noNamedClientsMeansNoRequesterBeans() {
		this.runner.run((context) -> assertThat(context.getBeansOfType(AmpRequester.class)).isEmpty());
	}

	@Test
	void aClientNamedLikeAnotherBeanFailsStartupNamingBoth() {
		this.runner.withUserConfiguration(BeanNamedBackend.class)
			.withPropertyValues("amp.client.backend.port=" + this.server.port())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.hasMessageContaining("amp.client.backend cannot be registered as a bean named 'backend'")
					.hasMessageContaining("rename the client or the bean");
			});
	}

	@Test
	void clientWithoutAPortFailsStartup() {
		this.runner.withPropertyValues("amp.client.backend.host=127.0.0.1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("amp.client.backend.port must be set");
		});
	}

	@Test
	void namedClientsWaitThirtySecondsForAnAnswerByDefault() {
		assertThat(new AmpProperties.Client().getCallTimeout()).isEqualTo(Duration.ofSeconds(30));
		this.runner.withPropertyValues("amp.client.backend.port=" + this.server.port())
			.run((context) -> assertThat(context.getBean(AmpProperties.class).getClient().get("backend").getCallTimeout())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void namedClientCallFailsAfterTheCallTimeoutAndTheConnectionStaysUsable() {
		this.runner.withPropertyValues("amp.client.backend.host=127.0.0.1", "amp.client.backend.port=" + this.server.port(),
				"amp.client.backend.call-timeout=300ms")
			.run((context) -> {
				AmpRequester backend = context.getBean(AmpRequesters.class).get("backend");
				assertThatExceptionOfType(AmpCallTimeoutException.class)
					.isThrownBy(() -> backend.call(new Hold()).block(TIMEOUT))
					.withMessageContaining("no answer within PT0.3S");
				assertThat(backend.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
			});
	}

	@Test
	void customizersApplyToNamedClients() {
		this.runner.withUserConfiguration(Customizer.class)
			.withPropertyValues("amp.client.backend.port=" + this.server.port())
			.run((context) -> {
				context.getBean(AmpRequesters.class);
				assertThat(context.getBean(Customizer.class).customized).isEqualTo(1);
			});
	}

	@Test
	void userDefinedBuilderBacksOff() {
		this.runner.withUserConfiguration(UserBuilder.class).run((context) -> {
			assertThat(context.getBean(AmpRequester.Builder.class)).isSameAs(context.getBean(UserBuilder.class).builder);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedInjection {

		AmpRequester byQualifier;

		AmpRequester byParameterName;

		@Bean
		String injected(@Qualifier("backend") AmpRequester byQualifier, AmpRequester other) {
			this.byQualifier = byQualifier;
			this.byParameterName = other;
			return "injected";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BeanNamedBackend {

		@Bean
		String backend() {
			return "not a client";
		}

	}

	record Hold() implements AmpCommand<Void> {
	}

	record Twice(long n) implements AmpCommand<Twice.Result> {
		record Result(long result) {
		}
	}

	@AmpResponder
	static class ClientSideSum {

		// The client's own Sum multiplies, so that a callback is told apart from the server's.
		@AmpCommandMapping
		Sum.Result sum(Sum sum) {
			return new Sum.Result(sum.a() * sum.b() * 100 / 21);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizer {

		int customized;

		@Bean
		AmpClientCustomizer countingCustomizer() {
			return (builder) -> this.customized++;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBuilder {

		final AmpRequester.Builder builder = AmpRequester.builder();

		@Bean
		AmpRequester.Builder userBuilder() {
			return this.builder;
		}

	}


}
