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
package io.ampproto.autoconfigure.observation;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.autoconfigure.ObservedResponder;
import io.ampproto.autoconfigure.metrics.AmpMetricsAutoConfiguration;
import io.ampproto.client.AmpRequester;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.metrics.AmpMetrics;
import io.ampproto.observation.AmpMeterObservationHandler;
import io.ampproto.observation.AmpServerObservationContext;
import io.ampproto.observation.AmpServerObservationConvention;
import io.ampproto.observation.ObservationAmpSessionObserver;
import io.ampproto.server.AmpSessionServer;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpObservationAutoConfiguration}, with Boot's own metrics and
 * observation auto-configurations.
 */
class AmpObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				AmpAutoConfiguration.class, AmpServerAutoConfiguration.class, AmpClientAutoConfiguration.class,
				AmpMetricsAutoConfiguration.class, AmpObservationAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withUserConfiguration(ObservedResponder.class)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1");

	@Test
	void timesCallsAndCommandsOnBootsRegistries() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservationAmpSessionObserver.class).hasSingleBean(AmpMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			callSum(context.getBean(AmpRequester.Builder.class), context.getBean(AmpSessionServer.class));
			await().atMost(ObservedResponder.TIMEOUT)
				.untilAsserted(() -> assertThat(count(registry, "amp.server", "command", "Sum", "outcome", "SUCCESS",
						"side", "server"))
					.isEqualTo(1));
			assertThat(count(registry, "amp.client", "command", "Sum", "outcome", "SUCCESS", "side", "client"))
				.isEqualTo(1);
			assertThat(registry.get("amp.boxes.received").tag("side", "server").functionCounter().count())
				.isEqualTo(1);
		});
	}

	@Test
	void recordsTheMetersOfAmpObservationsWithItsOwnHandler() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			callSum(context.getBean(AmpRequester.Builder.class), context.getBean(AmpSessionServer.class));
			await().atMost(ObservedResponder.TIMEOUT)
				.untilAsserted(() -> assertThat(count(registry, "amp.server", "command", "Sum")).isEqualTo(1));
			assertThat(registry.find("amp.server.active").longTaskTimer()).isNotNull();
			// Boot's default handler would have recorded them, had it been asked first.
			assertThat(context.getBean(AmpMeterObservationHandler.class)).hasToString(
					"AmpMeterObservationHandler[2 timers kept]");
		});
	}

	@Test
	void recordsNoLongTaskTimersWhenBootIgnoresThem() {
		this.runner.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				callSum(context.getBean(AmpRequester.Builder.class), context.getBean(AmpSessionServer.class));
				await().atMost(ObservedResponder.TIMEOUT)
					.untilAsserted(() -> assertThat(count(registry, "amp.server", "command", "Sum")).isEqualTo(1));
				assertThat(registry.find("amp.server.active").longTaskTimers()).isEmpty();
				assertThat(registry.find("amp.client.active").longTaskTimers()).isEmpty();
			});
	}

	@Test
	void leavesTheMetersToBootsHandlerWhenATracerIsPresent() {
		this.runner.withBean(Tracer.class, () -> Tracer.NOOP).run((context) -> {
			assertThat(context).doesNotHaveBean(AmpMeterObservationHandler.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			callSum(context.getBean(AmpRequester.Builder.class), context.getBean(AmpSessionServer.class));
			await().atMost(ObservedResponder.TIMEOUT)
				.untilAsserted(() -> assertThat(count(registry, "amp.server", "command", "Sum")).isEqualTo(1));
		});
	}

	@Test
	void micrometersSwitchTurnsObservationsOffAndLeavesTheCounters() {
		this.runner.withPropertyValues("management.observations.enable.amp=false").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			callSum(context.getBean(AmpRequester.Builder.class), context.getBean(AmpSessionServer.class));
			await().atMost(ObservedResponder.TIMEOUT)
				.untilAsserted(() -> assertThat(
						registry.get("amp.boxes.sent").tag("side", "server").functionCounter().count())
					.isEqualTo(1));
			assertThat(registry.find("amp.server").timers()).isEmpty();
			assertThat(registry.find("amp.client").timers()).isEmpty();
		});
	}

	@Test
	void userConventionReplacesTheDefault() {
		this.runner.withBean(AmpServerObservationConvention.class, () -> new AmpServerObservationConvention() {

			@Override
			public String getName() {
				return "rpc.amp";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(AmpServerObservationContext context) {
				return KeyValues.of("answered", String.valueOf(context.getSchema() != null));
			}

		}).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			callSum(context.getBean(AmpRequester.Builder.class), context.getBean(AmpSessionServer.class));
			await().atMost(ObservedResponder.TIMEOUT)
				.untilAsserted(() -> assertThat(count(registry, "rpc.amp", "answered", "true")).isEqualTo(1));
			assertThat(registry.find("amp.server").timers()).isEmpty();
		});
	}

	@Test
	void backsOffWithoutMicrometerObservation() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ObservationAmpSessionObserver.class);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("amp.metrics.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationAmpSessionObserver.class);
			assertThat(context).doesNotHaveBean(AmpMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			callSum(context.getBean(AmpRequester.Builder.class), context.getBean(AmpSessionServer.class));
			assertThat(registry.getMeters()).noneSatisfy(
					(meter) -> assertThat(meter.getId().getName()).startsWith("amp."));
		});
	}

	private static void callSum(AmpRequester.Builder builder, AmpSessionServer server) {
		assertThat(ObservedResponder.sum(builder, server.port(), 1, 2)).isEqualTo(3);
	}

	private static long count(MeterRegistry registry, String name, String... tags) {
		return registry.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
	}

}
