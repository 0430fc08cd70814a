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

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientCustomizer;
import io.ampproto.autoconfigure.AmpServerCustomizer;
import io.ampproto.metrics.AmpMetrics;
import io.ampproto.observation.AmpMeterObservationHandler;
import io.ampproto.server.AmpSessionServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.ObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for AMP metrics: {@link AmpMetrics}
 * on the application's {@link MeterRegistry}, observing the sessions of the server and of
 * the clients and counting their length violations. Off with
 * {@code amp.metrics.enabled=false}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = AmpAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "amp.metrics.enabled", matchIfMissing = true)
public final class AmpMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AmpMetrics ampMetrics(MeterRegistry registry) {
		return new AmpMetrics(registry);
	}

	@Bean
	AmpServerLimitMeters ampServerLimitMeters(ObjectProvider<AmpSessionServer> server) {
		return new AmpServerLimitMeters(server);
	}

	@Bean
	AmpServerCustomizer ampMetricsServerCustomizer(AmpMetrics metrics) {
		return (server) -> server.violationListener(metrics.violationListener(AmpMetrics.Side.SERVER));
	}

	@Bean
	AmpClientCustomizer ampMetricsClientCustomizer(AmpMetrics metrics) {
		return (builder) -> builder
			.connector((connector) -> connector.violationListener(metrics.violationListener(AmpMetrics.Side.CLIENT)));
	}

	/**
	 * Records the meters of AMP observations without a registry lookup per call. Boot's
	 * default meter handler keeps every other observation; with a tracer it keeps AMP's
	 * too, so that its timers carry exemplars.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationHandler.class)
	@ConditionalOnMissingBean(type = "io.micrometer.tracing.Tracer")
	static final class AmpMeterObservationHandlerConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean
		AmpMeterObservationHandler ampMeterObservationHandler(MeterRegistry registry, Environment environment) {
			// Boot's own switch for the default handler, read the same way.
			boolean longTaskTimers = !Binder.get(environment)
				.bind("management.metrics.observations.ignored-meters", Bindable.setOf(IgnoredMeters.class))
				.map((ignored) -> ignored.contains(IgnoredMeters.LONG_TASK_TIMER))
				.orElse(false);
			return new AmpMeterObservationHandler(registry, longTaskTimers);
		}

	}

}
