/*
 * Copyright 2012-present the original author or authors.
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

import java.util.LinkedHashMap;
import java.util.Map;

import io.ampproto.box.AmpLimits;
import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.unix.AmpUnixSockets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for AMP clients: an
 * {@link AmpRequester.Builder} per injection point, and the named clients of
 * {@code amp.client.<name>}. The application's responders answer commands the server
 * sends on client connections too.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = AmpAutoConfiguration.class)
@ConditionalOnClass(AmpRequester.class)
@ConditionalOnBean(AmpResponders.class)
public final class AmpClientAutoConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	AmpRequester.Builder ampRequesterBuilder(AmpResponders responders, ObjectProvider<AmpClientCustomizer> customizers,
			ObjectProvider<AmpSessionObserver> observers) {
		AmpRequester.Builder builder = AmpRequester.builder()
			.responders(responders)
			.observer(AmpSessionObserver.of(observers.orderedStream().toList()));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean
	AmpRequesters ampRequesters(AmpProperties properties, ObjectProvider<AmpRequester.Builder> builders,
			ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		Map<String, AmpRequester> requesters = new LinkedHashMap<>();
		properties.getClient().forEach((name, client) -> {
			if (client.getPort() == null && client.getUnixSocket() == null) {
				throw new IllegalStateException(
						"amp.client." + name + ".port must be set (or amp.client." + name + ".unix-socket)");
			}
			AmpLimits limits = new AmpLimits(Math.toIntExact(client.getMaxBoxSize().toBytes()));
			AmpRequester.Builder builder = builders.getObject().name(name);
			if (client.getUnixSocket() != null) {
				if (!ClassUtils.isPresent(AmpUnixSockets.JUNIXSOCKET_CLASS, classLoader)) {
					throw new IllegalStateException("amp.client." + name + ".unix-socket is set, but UNIX domain "
							+ "sockets need junixsocket: add com.kohlschutter.junixsocket:junixsocket-core (type pom)");
				}
				builder.unixSocket(client.getUnixSocket());
			}
			else {
				builder.host(client.getHost()).port(client.getPort());
			}
			AmpRequester requester = builder.client((amp) -> amp.limits(limits))
				.options(new AmpSessionOptions(client.getCallTimeout(), client.getMaxCallsInFlight()))
				.reconnect(client.getReconnect().getMinBackoff(), client.getReconnect().getMaxBackoff())
				.build();
			requesters.put(name, requester);
		});
		return new AmpRequesters(requesters);
	}

}
