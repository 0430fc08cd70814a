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
package io.ampproto.declarative;

import java.time.Duration;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.declarative.DeclarativeTestServer.Divide;
import io.ampproto.declarative.DeclarativeTestServer.Hold;
import io.ampproto.declarative.scan.NotAClient;
import io.ampproto.declarative.scan.ScannedSender;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.session.AmpCallTimeoutException;
import io.ampproto.testsupport.TestCommands.Sum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ImportAmpClients}: {@link AmpClient} interfaces as beans over named
 * clients.
 */
class ImportAmpClientsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final DeclarativeTestServer server = new DeclarativeTestServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpClientAutoConfiguration.class))
		.withPropertyValues("amp.client.backend.host=127.0.0.1", "amp.client.backend.port=" + this.server.port());

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void namedInterfacesAreBeansOverTheirNamedClient() {
		this.runner.withUserConfiguration(ByType.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Calculator calculator = context.getBean(Calculator.class);
			assertThat(context.getBean(Calculator.class.getName())).isSameAs(calculator);
			assertThat(calculator.sum(new Sum(40, 2))).isEqualTo(new Sum.Result(42));
			assertThat(calculator.divide(1, 4).block(TIMEOUT)).isEqualTo(new Divide.Result(0.25));
			assertThat(calculator.toString()).contains("backend");
			assertThat(context.getBean(UsesCalculator.class).calculator).isSameAs(calculator);
			assertThat(context).doesNotHaveBean(ScannedSender.class);
		});
	}

	@Test
	void basePackagesAreScannedForAnnotatedInterfacesOnly() {
		this.runner.withUserConfiguration(ByPackage.class).run((context) -> {
			assertThat(context).hasSingleBean(ScannedSender.class).doesNotHaveBean(NotAClient.class);
			assertThat(context.getBean(ScannedSender.class).send(new Sum(2, 3)).block(TIMEOUT))
				.isEqualTo(new Sum.Result(5));
		});
	}

	@Test
	void withNothingNamedThePackageOfTheAnnotatedClassIsScanned() {
		this.runner.withUserConfiguration(io.ampproto.declarative.scan.ScanThisPackage.class)
			.run((context) -> assertThat(context).hasSingleBean(ScannedSender.class)
				.doesNotHaveBean(NotAClient.class)
				.doesNotHaveBean(Calculator.class));
	}

	@Test
	void aTimeoutPlaceholderIsResolvedFromTheEnvironment() {
		this.runner.withUserConfiguration(WithPlaceholder.class)
			.withPropertyValues("test.hold-timeout=200ms")
			.run((context) -> assertThatExceptionOfType(AmpCallTimeoutException.class)
				.isThrownBy(() -> context.getBean(PlaceholderTimeout.class).hold(new Hold()).block(TIMEOUT))
				.withMessageContaining("no answer within PT0.2S"));
	}

	@Test
	void anUnbindableMethodFailsStartupNamingIt() {
		this.runner.withUserConfiguration(WithUnbindable.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("Cannot implement the AMP client " + Unbindable.class.getName())
				.hasMessageContaining(Unbindable.class.getName() + ".divide(long, long): cannot bind parameter "
						+ "'divisor': Divide has no argument of that name");
		});
	}

	@Test
	void anInterfaceOfAnUnknownClientFailsStartupNamingTheClient() {
		this.runner.withUserConfiguration(WithUnknownClient.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("No bean named 'elsewhere'");
			assertThat(context.getStartupFailure()).hasStackTraceContaining("No AMP client named 'elsewhere' for "
					+ OtherClient.class.getName() + ": set amp.client.elsewhere.port");
		});
	}

	@Test
	void aNamedTypeWithoutAmpClientFailsStartup() {
		this.runner.withUserConfiguration(NamesAPlainInterface.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining(
					NotAClient.class.getName() + " is named by @ImportAmpClients on " + NamesAPlainInterface.class.getName()
							+ " but is not an interface annotated with @AmpClient");
		});
	}

	@AmpClient("backend")
	interface Calculator {

		Sum.Result sum(Sum sum);

		@AmpCommandMapping(Divide.class)
		Mono<Divide.Result> divide(long numerator, long denominator);

	}

	@AmpClient("backend")
	interface PlaceholderTimeout {

		@AmpCallTimeout("${test.hold-timeout}")
		Mono<Void> hold(Hold hold);

	}

	@AmpClient("backend")
	interface Unbindable {

		@AmpCommandMapping(Divide.class)
		Mono<Divide.Result> divide(long numerator, long divisor);

	}

	@AmpClient("elsewhere")
	interface OtherClient {

		Sum.Result sum(Sum sum);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAmpClients(Calculator.class)
	static class ByType {

		@Bean
		UsesCalculator usesCalculator(Calculator calculator) {
			return new UsesCalculator(calculator);
		}

	}

	record UsesCalculator(Calculator calculator) {
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAmpClients(basePackageClasses = ScannedSender.class)
	static class ByPackage {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAmpClients(PlaceholderTimeout.class)
	static class WithPlaceholder {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAmpClients(types = Unbindable.class)
	static class WithUnbindable {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAmpClients(OtherClient.class)
	static class WithUnknownClient {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAmpClients(NotAClient.class)
	static class NamesAPlainInterface {

	}

}
