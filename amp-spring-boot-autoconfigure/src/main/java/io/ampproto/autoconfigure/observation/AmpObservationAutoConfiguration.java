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

import io.ampproto.observation.AmpClientObservationConvention;
import io.ampproto.observation.AmpServerObservationConvention;
import io.ampproto.observation.ObservationAmpSessionObserver;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for observations of AMP calls
 * ({@code amp.client}) and commands ({@code amp.server}) on the application's
 * {@link ObservationRegistry}. A bean of {@link AmpServerObservationConvention} or
 * {@link AmpClientObservationConvention} replaces the default convention. Trace contexts
 * go over the wire with {@code amp.observations.propagation.enabled=true}. Off with
 * {@code amp.metrics.enabled=false}, or with
 * {@code management.observations.enable.amp=false}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "amp.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AmpObservationProperties.class)
public final class AmpObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationAmpSessionObserver observationAmpSessionObserver(ObservationRegistry registry,
			ObjectProvider<AmpServerObservationConvention> serverConvention,
			ObjectProvider<AmpClientObservationConvention> clientConvention, AmpObservationProperties properties) {
		AmpObservationProperties.Propagation propagation = properties.getPropagation();
		return new ObservationAmpSessionObserver(registry, serverConvention.getIfUnique(),
				clientConvention.getIfUnique(), propagation.isEnabled() ? propagation.getKeyPrefix() : null);
	}

}
