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
import java.util.ArrayList;
import java.util.List;

import io.ampproto.box.AmpLimits;
import io.ampproto.box.AmpMemoryBudget;
import io.ampproto.context.AmpServerLifecycle;
import io.ampproto.server.AmpServerLimits;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpClientInterceptor;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.transport.AmpServer;
import io.ampproto.unix.AmpUnixSockets;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the AMP server. It starts when
 * {@code amp.server.port} or {@code amp.server.unix-socket} is set (both: it listens on
 * both), unless {@code amp.server.enabled} is {@code false}. TLS (StartTLS on every
 * transport, or from the first byte with {@code amp.server.ssl.enabled}: on TCP, and on
 * the UNIX domain socket with {@code amp.server.ssl.on-unix-socket}) takes its
 * certificates from the SSL bundle named by {@code amp.server.ssl.bundle}, or else from an
 * {@link AmpSslContextProvider} bean. {@link AmpServerCustomizer}s apply to each
 * transport.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = { AmpAutoConfiguration.class, SslAutoConfiguration.class })
@ConditionalOnClass(AmpSessionServer.class)
@ConditionalOnBean(AmpResponders.class)
@ConditionalOnBooleanProperty(name = "amp.server.enabled", matchIfMissing = true)
@Conditional(AmpServerAutoConfiguration.OnServerAddressCondition.class)
public final class AmpServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AmpSessionServer ampSessionServer(AmpProperties properties, AmpResponders responders,
			ObjectProvider<AmpServerCustomizer> customizers, ObjectProvider<AmpSessionObserver> observers,
			ObjectProvider<AmpClientInterceptor> interceptors,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<AmpSslContextProvider> sslContextProviders,
			ObjectProvider<AmpInnerProtocols> innerProtocols, ResourceLoader resourceLoader) {
		AmpProperties.Server server = properties.getServer();
		DataSize unfinishedBoxes = server.getMaxUnfinishedBoxesSize();
		AmpLimits limits = new AmpLimits(Math.toIntExact(server.getMaxBoxSize().toBytes()),
				(unfinishedBoxes != null) ? AmpMemoryBudget.of(unfinishedBoxes.toBytes()) : AmpMemoryBudget.shared(),
				server.getBoxTimeout());
		AmpServerSslProperties ssl = server.getSsl();
		AmpSslContextProvider sslContexts = AmpSslSupport.provider(ssl.getBundle(), ssl.getClientAuth(), sslBundles,
				sslContextProviders, "amp.server.ssl");
		AmpTls tls = (sslContexts != null) ? AmpTls.of(sslContexts).handshakeTimeout(ssl.getHandshakeTimeout()) : null;
		if (ssl.isOnUnixSocket() && !ssl.isEnabled()) {
			throw new IllegalStateException("amp.server.ssl.on-unix-socket needs amp.server.ssl.enabled");
		}
		if (ssl.isEnabled() && tls == null) {
			throw new IllegalStateException(
					"amp.server.ssl.enabled needs amp.server.ssl.bundle or an AmpSslContextProvider bean");
		}
		List<AmpServer> transports = new ArrayList<>();
		if (server.getPort() != null) {
			AmpServer transport = AmpServer.create().port(server.getPort());
			if (server.getAddress() != null) {
				transport = transport.host(server.getAddress().getHostAddress());
			}
			else {
				transport = transport.host("0.0.0.0");
			}
			transport = transport.limits(limits);
			transports.add((tls != null && ssl.isEnabled()) ? tls.secure(transport) : transport);
		}
		if (server.getUnixSocket() != null) {
			if (!ClassUtils.isPresent(AmpUnixSockets.JUNIXSOCKET_CLASS, resourceLoader.getClassLoader())) {
				throw new IllegalStateException("amp.server.unix-socket is set, but UNIX domain sockets need "
						+ "junixsocket: add com.kohlschutter.junixsocket:junixsocket-core (type pom)");
			}
			AmpServer transport = AmpServer.create().unixSocket(server.getUnixSocket()).limits(limits);
			transports.add((tls != null && ssl.isOnUnixSocket()) ? tls.secure(transport) : transport);
		}
		int highWaterMark = Math.toIntExact(server.getMaxUnreadAnswersSize().toBytes());
		WriteBufferWaterMark waterMark = new WriteBufferWaterMark(highWaterMark / 2, highWaterMark);
		transports.replaceAll((transport) -> transport
			.tcpServer((tcp) -> tcp.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)));
		List<AmpServerCustomizer> ordered = customizers.orderedStream().toList();
		for (int i = 0; i < transports.size(); i++) {
			AmpServer transport = transports.get(i);
			for (AmpServerCustomizer customizer : ordered) {
				transport = customizer.customize(transport);
			}
			transports.set(i, transport);
		}
		AmpSessionOptions options = new AmpSessionOptions(server.getCallTimeout(), server.getMaxCallsInFlight())
			.withObserver(AmpSessionObserver.of(observers.orderedStream().toList()))
			.withInterceptors(interceptors.orderedStream().toList())
			.withTls(tls)
			.withInnerProtocols(innerProtocols.getIfAvailable(AmpInnerProtocols::none));
		AmpServerLimits serverLimits = new AmpServerLimits(server.getMaxConnections(), server.getIdleTimeout());
		return new AmpSessionServer(transports, responders, options, serverLimits, server.getStartTimeout());
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

	/**
	 * Matches when the server has somewhere to listen: a port or a UNIX domain socket.
	 */
	static final class OnServerAddressCondition extends AnyNestedCondition {

		OnServerAddressCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnProperty("amp.server.port")
		static final class Port {

		}

		@ConditionalOnProperty("amp.server.unix-socket")
		static final class UnixSocket {

		}

	}

}
