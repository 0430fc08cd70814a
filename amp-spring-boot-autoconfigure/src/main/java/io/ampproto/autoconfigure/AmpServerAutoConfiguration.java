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

import java.time.Duration;

import io.ampproto.box.AmpLimits;
import io.ampproto.context.AmpServerLifecycle;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.transport.AmpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the AMP server. It starts when
 * {@code amp.server.port} is set, unless {@code amp.server.enabled} is {@code false}.
 * TLS (StartTLS, or from the first byte with {@code amp.server.ssl.enabled}) takes its
 * certificates from the SSL bundle named by {@code amp.server.ssl.bundle}, or else from an
 * {@link AmpSslContextProvider} bean.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = { AmpAutoConfiguration.class, SslAutoConfiguration.class })
@ConditionalOnClass(AmpSessionServer.class)
@ConditionalOnBean(AmpResponders.class)
@ConditionalOnBooleanProperty(name = "amp.server.enabled", matchIfMissing = true)
@ConditionalOnProperty("amp.server.port")
public final class AmpServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AmpSessionServer ampSessionServer(AmpProperties properties, AmpResponders responders,
			ObjectProvider<AmpServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<AmpSslContextProvider> sslContextProviders, ObjectProvider<AmpInnerProtocols> innerProtocols) {
		AmpProperties.Server server = properties.getServer();
		AmpServer transport = AmpServer.create().port(server.getPort());
		if (server.getAddress() != null) {
			transport = transport.host(server.getAddress().getHostAddress());
		}
		else {
			transport = transport.host("0.0.0.0");
		}
		transport = transport.limits(new AmpLimits(Math.toIntExact(server.getMaxBoxSize().toBytes())));
		AmpProperties.Ssl ssl = server.getSsl();
		AmpSslContextProvider sslContexts = AmpSslSupport.provider(ssl.getBundle(), ssl.getClientAuth(), sslBundles,
				sslContextProviders, "amp.server.ssl");
		AmpTls tls = (sslContexts != null) ? AmpTls.of(sslContexts).handshakeTimeout(ssl.getHandshakeTimeout()) : null;
		if (ssl.isEnabled()) {
			if (tls == null) {
				throw new IllegalStateException(
						"amp.server.ssl.enabled needs amp.server.ssl.bundle or an AmpSslContextProvider bean");
			}
			transport = tls.secure(transport);
		}
		for (AmpServerCustomizer customizer : customizers.orderedStream().toList()) {
			transport = customizer.customize(transport);
		}
		AmpSessionOptions options = new AmpSessionOptions(server.getCallTimeout(), server.getMaxCallsInFlight())
			.withTls(tls)
			.withInnerProtocols(innerProtocols.getIfAvailable(AmpInnerProtocols::none));
		return new AmpSessionServer(transport, responders, options, server.getStartTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	AmpServerLifecycle ampServerLifecycle(AmpSessionServer server, AmpProperties properties, Environment environment) {
		Duration grace = properties.getServer().getShutdown().getGracePeriod();
		Duration phaseTimeout = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
				Duration.ofSeconds(30));
		// Leave the phase a little time to close connections after the grace period.
		Duration bound = phaseTimeout.minusMillis(Math.min(1000, phaseTimeout.toMillis() / 10));
		return new AmpServerLifecycle(server, (grace.compareTo(bound) < 0) ? grace : bound);
	}

}
