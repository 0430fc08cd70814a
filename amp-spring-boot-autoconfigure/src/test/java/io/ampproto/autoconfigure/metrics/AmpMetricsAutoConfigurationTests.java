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
package io.ampproto.autoconfigure.metrics;

import java.net.Socket;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientCustomizer;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerCustomizer;
import io.ampproto.autoconfigure.ObservedResponder;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.client.AmpRequester;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.metrics.AmpMetrics;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpMetricsAutoConfiguration}.
 */
class AmpMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpClientAutoConfiguration.class, AmpMetricsAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withUserConfiguration(ObservedResponder.class)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1");

	@Test
	void countsTheTrafficOfTheServerAndOfClientsOnTheApplicationsRegistry() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(AmpMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getBean(AmpSessionServer.class).port();
			assertThat(ObservedResponder.sum(context.getBean(AmpRequester.Builder.class), port, 2, 3)).isEqualTo(5);
			await().atMost(ObservedResponder.TIMEOUT).untilAsserted(() -> {
				assertThat(count(registry, "amp.boxes.received", "side", "server")).isEqualTo(1);
				assertThat(count(registry, "amp.boxes.sent", "side", "server")).isEqualTo(1);
				assertThat(count(registry, "amp.connections.closed", "side", "client")).isEqualTo(1);
			});
			assertThat(count(registry, "amp.boxes.sent", "side", "client")).isEqualTo(1);
			assertThat(count(registry, "amp.boxes.received", "side", "client")).isEqualTo(1);
			assertThat(count(registry, "amp.connections.opened", "side", "client")).isEqualTo(1);
		});
	}

	@Test
	void countsLengthViolationsOfTheServerAndOfClients() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getBean(AmpSessionServer.class).port();
			AmpRequester requester = context.getBean(AmpRequester.Builder.class).host("127.0.0.1").port(port).build();
			try {
				assertThatExceptionOfType(AmpTooLongException.class).isThrownBy(() -> requester
					.callRaw("Sum", ObservedResponder.tooLongArguments())
					.block(ObservedResponder.TIMEOUT));
			}
			finally {
				requester.dispose();
			}
			assertThat(count(registry, "amp.limit.violations", "side", "client", "part", "value", "direction",
					"refused"))
				.isEqualTo(1);
			AmpConnection raw = AmpConnector.create().host("127.0.0.1").port(port).connectNow();
			raw.nettyConnection().channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] { 0x01, 0x00 }));
			raw.onClose().block(ObservedResponder.TIMEOUT);
			await().atMost(ObservedResponder.TIMEOUT)
				.untilAsserted(() -> assertThat(count(registry, "amp.limit.violations", "side", "server", "part", "key",
						"direction", "received"))
					.isEqualTo(1));
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AmpMetrics.class);
			assertThat(context).doesNotHaveBean(AmpServerCustomizer.class);
			assertThat(context).doesNotHaveBean(AmpSessionObserver.class);
			assertServerAnswers(context);
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(AmpMetrics.class);
			assertThat(context).doesNotHaveBean(AmpClientCustomizer.class);
			assertServerAnswers(context);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("amp.metrics.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AmpMetrics.class);
				assertThat(context).doesNotHaveBean(AmpServerCustomizer.class);
				assertServerAnswers(context);
				assertThat(context.getBean(MeterRegistry.class).getMeters()).isEmpty();
			});
	}

	@Test
	void userDefinedMetricsBackOffTheAutoConfiguredOnes() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		this.runner.withBean(SimpleMeterRegistry.class)
			.withBean("myMetrics", AmpMetrics.class, () -> new AmpMetrics(other))
			.run((context) -> {
				assertThat(context).hasSingleBean(AmpMetrics.class);
				assertServerAnswers(context);
				assertThat(count(other, "amp.boxes.sent", "side", "client")).isEqualTo(1);
				assertThat(context.getBean(MeterRegistry.class).getMeters()).isEmpty();
			});
	}

	@Test
	void theServersLimitsAndRefusalsAreMeters() {
		this.runner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("amp.server.max-connections=1", "amp.server.max-calls-in-flight=7")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(AmpServerLimitMeters.class).bindTo(registry);
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				assertThat(registry.get("amp.server.connections.limit").tag("side", "server").gauge().value())
					.isEqualTo(1);
				assertThat(registry.get("amp.server.calls.in.flight.limit").gauge().value()).isEqualTo(7);
				try (Socket first = new Socket("127.0.0.1", server.port())) {
					await().atMost(ObservedResponder.TIMEOUT).until(() -> server.openConnections() == 1);
					try (Socket second = new Socket("127.0.0.1", server.port())) {
						await().atMost(ObservedResponder.TIMEOUT)
							.untilAsserted(() -> assertThat(count(registry, "amp.server.connections.refused", "side",
									"server"))
								.isEqualTo(1));
					}
				}
				assertThat(count(registry, "amp.server.call.limit.pauses", "side", "server")).isZero();
				assertThat(count(registry, "amp.server.writability.pauses", "side", "server")).isZero();
				assertThat(count(registry, "amp.server.blocking.limit.pauses", "side", "server")).isZero();
				assertThat(count(registry, "amp.server.idle.timeouts", "side", "server")).isZero();
			});
	}

	@Test
	void serverLimitMetersNeedAServer() {
		this.runner.withBean(SimpleMeterRegistry.class).withPropertyValues("amp.server.enabled=false").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(AmpServerLimitMeters.class).bindTo(registry);
			assertThat(registry.find("amp.server.connections.limit").meters()).isEmpty();
		});
	}

	private static void assertServerAnswers(AssertableApplicationContext context) {
		int port = context.getBean(AmpSessionServer.class).port();
		assertThat(ObservedResponder.sum(context.getBean(AmpRequester.Builder.class), port, 20, 22)).isEqualTo(42);
	}

	private static double count(MeterRegistry registry, String name, String... tags) {
		return registry.get(name).tags(tags).functionCounter().count();
	}

}
