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

import java.util.LinkedHashMap;
import java.util.Map;

import io.ampproto.box.AmpLimits;
import io.ampproto.client.AmpLoadBalancer;
import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;
import io.ampproto.session.AmpClientInterceptor;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.unix.AmpUnixSockets;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for AMP clients: an
 * {@link AmpRequester.Builder} per injection point, and the named clients of
 * {@code amp.client.<name>}, each an {@link AmpRequester} bean named {@code <name>}. The
 * application's responders answer commands the server sends on client connections too. A
 * client's TLS (StartTLS with
 * {@code amp.client.<name>.ssl.start-tls}, or from the first byte with
 * {@code amp.client.<name>.ssl.enabled}) takes its trust and certificates from the SSL
 * bundle named by {@code amp.client.<name>.ssl.bundle}, or else from an
 * {@link AmpSslContextProvider} bean.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = { AmpAutoConfiguration.class, SslAutoConfiguration.class },
		afterName = "io.ampproto.autoconfigure.cloud.AmpLoadBalancerAutoConfiguration")
@ConditionalOnClass(AmpRequester.class)
@ConditionalOnBean(AmpResponders.class)
@Import(AmpNamedClientsRegistrar.class)
public final class AmpClientAutoConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	AmpRequester.Builder ampRequesterBuilder(AmpResponders responders, ObjectProvider<AmpClientCustomizer> customizers,
			ObjectProvider<AmpInnerProtocols> innerProtocols, ObjectProvider<AmpSessionObserver> observers,
			ObjectProvider<AmpClientInterceptor> interceptors) {
		AmpRequester.Builder builder = AmpRequester.builder()
			.responders(responders)
			.options(AmpSessionOptions.DEFAULTS.withInnerProtocols(innerProtocols.getIfAvailable(AmpInnerProtocols::none)))
			.observer(AmpSessionObserver.of(observers.orderedStream().toList()))
			.interceptors(interceptors.orderedStream().toList());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean
	AmpRequesters ampRequesters(AmpProperties properties, ObjectProvider<AmpRequester.Builder> builders,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<AmpSslContextProvider> sslContextProviders,
			ObjectProvider<AmpInnerProtocols> innerProtocols, ObjectProvider<AmpLoadBalancer.Factory> loadBalancers,
			ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		Map<String, AmpRequester> requesters = new LinkedHashMap<>();
		properties.getClient().forEach((name, client) -> {
			AmpLimits limits = new AmpLimits(Math.toIntExact(client.getMaxBoxSize().toBytes()));
			AmpTls tls = clientTls(name, client, sslBundles, sslContextProviders);
			AmpRequester.Builder builder = builders.getObject().name(name);
			if (client.getServiceId() != null) {
				loadBalanced(name, client, builder, loadBalancers);
			}
			else if (client.getUnixSocket() != null) {
				if (!ClassUtils.isPresent(AmpUnixSockets.JUNIXSOCKET_CLASS, classLoader)) {
					throw new IllegalStateException("amp.client." + name + ".unix-socket is set, but UNIX domain "
							+ "sockets need junixsocket: add com.kohlschutter.junixsocket:junixsocket-core (type pom)");
				}
				builder.unixSocket(client.getUnixSocket());
			}
			else if (client.getPort() != null) {
				builder.host(client.getHost()).port(client.getPort());
			}
			else {
				throw new IllegalStateException("amp.client." + name + ".port must be set (or amp.client." + name
						+ ".unix-socket, or amp.client." + name + ".service-id)");
			}
			builder.connector((amp) -> amp.limits(limits))
				.options(new AmpSessionOptions(client.getCallTimeout(), client.getMaxCallsInFlight())
					.withInnerProtocols(innerProtocols.getIfAvailable(AmpInnerProtocols::none)))
				.reconnect(client.getReconnect().getMinBackoff(), client.getReconnect().getMaxBackoff())
				.stableAfter(client.getReconnect().getStableAfter())
				.startTls(client.getSsl().isStartTls())
				.login(client.getAuth().login("amp.client." + name + ".auth"));
			if (tls != null) {
				// The peer (SNI, host name verified) is the host connected to: each instance's.
				builder.tls(tls);
			}
			AmpRequester requester = builder.build();
			requesters.put(name, requester);
		});
		return new AmpRequesters(requesters);
	}

	private static void loadBalanced(String name, AmpProperties.Client client, AmpRequester.Builder builder,
			ObjectProvider<AmpLoadBalancer.Factory> loadBalancers) {
		String serviceId = client.getServiceId();
		if (client.getPort() != null || client.getUnixSocket() != null) {
			throw new IllegalStateException("amp.client." + name + ".service-id cannot be set with amp.client." + name
					+ ".port or amp.client." + name + ".unix-socket: the instances come from the service");
		}
		AmpLoadBalancer.Factory factory = loadBalancers.getIfAvailable();
		if (factory == null || serviceId == null) {
			throw new IllegalStateException("amp.client." + name + ".service-id needs Spring Cloud LoadBalancer: add "
					+ "org.springframework.cloud:spring-cloud-starter-loadbalancer (and org.springframework:spring-web)"
					+ " and a discovery client");
		}
		AmpClientLoadBalancerProperties balancing = client.getLoadBalancer();
		builder.loadBalancer(factory.create(serviceId))
			.loadBalancing(balancing.getRefreshInterval(), balancing.getDrainTimeout(), balancing.getMaxAttempts());
	}

	private static @Nullable AmpTls clientTls(String name, AmpProperties.Client client,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<AmpSslContextProvider> sslContextProviders) {
		AmpClientSslProperties ssl = client.getSsl();
		String prefix = "amp.client." + name + ".ssl";
		if (ssl.isEnabled() && ssl.isStartTls()) {
			throw new IllegalStateException(prefix + ".enabled and " + prefix
					+ ".start-tls cannot both be set: TLS starts either from the first byte or with StartTLS");
		}
		AmpSslContextProvider sslContexts = AmpSslSupport.provider(ssl.getBundle(), null, sslBundles,
				sslContextProviders, prefix);
		if (sslContexts == null) {
			if (ssl.isEnabled() || ssl.isStartTls()) {
				throw new IllegalStateException(prefix + "." + (ssl.isEnabled() ? "enabled" : "start-tls") + " needs "
						+ prefix + ".bundle or an AmpSslContextProvider bean");
			}
			return null;
		}
		// The requester names the peer: the host connected to, none for a UNIX domain socket.
		return AmpTls.of(sslContexts).verifyHostname(ssl.isVerifyHostname()).handshakeTimeout(ssl.getHandshakeTimeout());
	}

}
