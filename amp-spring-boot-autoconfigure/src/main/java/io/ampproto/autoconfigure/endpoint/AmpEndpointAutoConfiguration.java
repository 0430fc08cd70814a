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
package io.ampproto.autoconfigure.endpoint;

import java.util.Map;

import io.ampproto.actuate.AmpEndpoint;
import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.client.AmpRequesters;
import io.ampproto.responder.AmpResponderMethods;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code amp} actuator
 * endpoint; expose it as any endpoint, e.g.
 * {@code management.endpoints.web.exposure.include=amp}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(
		after = { AmpAutoConfiguration.class, AmpServerAutoConfiguration.class, AmpClientAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(AmpResponders.class)
public final class AmpEndpointAutoConfiguration {

	// On the method, so that the class condition is checked before this one is loaded.
	@Bean
	@ConditionalOnAvailableEndpoint
	@ConditionalOnMissingBean
	AmpEndpoint ampEndpoint(AmpResponders responders, ObjectProvider<AmpSessionServer> server,
			ObjectProvider<AmpResponderMethods> responderMethods, ObjectProvider<AmpRequesters> requesters) {
		AmpResponderMethods methods = responderMethods.getIfUnique();
		Map<String, String> methodsByCommand = (methods != null) ? methods.methodsByCommand() : Map.of();
		AmpSessionServer ampServer = server.getIfUnique();
		// TLS as the server really has it: StartTLS or from the first byte, from a bundle or a provider bean.
		boolean tls = ampServer != null && ampServer.options().tls() != null;
		return new AmpEndpoint(ampServer, responders, methodsByCommand, requesters.getIfUnique(), tls);
	}

}
