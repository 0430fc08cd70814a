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
package io.ampproto.autoconfigure.health;

import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.health.AmpHealthIndicator;
import io.ampproto.server.AmpSessionServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code amp} health
 * indicator of the AMP server. Off with {@code management.health.amp.enabled=false}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = AmpServerAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(AmpSessionServer.class)
public final class AmpHealthContributorAutoConfiguration {

	// On the method, so that the class condition is checked before this one is loaded.
	@Bean
	@ConditionalOnEnabledHealthIndicator("amp")
	@ConditionalOnMissingBean(name = { "ampHealthIndicator", "ampHealthContributor" })
	AmpHealthIndicator ampHealthIndicator(AmpSessionServer server) {
		// TLS as the server really has it: StartTLS or from the first byte, from a bundle or a provider bean.
		return new AmpHealthIndicator(server, server.options().tls() != null);
	}

}
