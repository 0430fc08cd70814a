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
package io.ampproto.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ampproto.client.AmpRequester.Builder;
import io.ampproto.client.AmpRequester.LoadBalancing;
import io.ampproto.session.AmpClientInterceptor;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.tls.AmpTls;
import io.ampproto.transport.AmpConnector;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an {@link AmpRequester}, made from its builder's settings: its name and
 * address, the transport and session options of its connections (TLS, observers,
 * interceptors), and where its calls go.
 *
 * @param name the name used in logs
 * @param address the server's address, or the service's
 * @param callTimeout how long calls wait for an answer by default; forever when
 * {@code null}
 * @param calls where calls go
 * @author AMP for Spring Boot contributors
 */
record RequesterAssembly(String name, String address, @Nullable Duration callTimeout, RequesterCalls calls) {

	static RequesterAssembly of(Builder builder) {
		Path unixSocket = builder.unixSocket;
		AmpLoadBalancer loadBalancer = builder.loadBalancer;
		String address = (loadBalancer != null) ? "service " + loadBalancer.serviceId()
				: (unixSocket != null) ? "unix:" + unixSocket : formatAddress(builder.host, builder.port);
		String name = (builder.name != null) ? builder.name : address;
		AmpConnector transport = (unixSocket != null) ? AmpConnector.create().unixSocket(unixSocket)
				: AmpConnector.create().host(builder.host).port(Math.max(builder.port, 1));
		AmpTls tls = builder.tls;
		AmpSessionOptions options = builder.options;
		if (tls != null) {
			// The peer checked is the one connected to (a UNIX domain socket names none).
			AmpTls peer = (unixSocket != null || loadBalancer != null) ? tls : tls.peer(builder.host, builder.port);
			options = options.withTls(peer);
			transport = builder.startTls ? transport : peer.secure(transport);
		}
		options = options.withObserver(AmpSessionObserver.of(List.of(options.observer(), builder.observer)));
		if (!builder.interceptors.isEmpty()) {
			List<AmpClientInterceptor> interceptors = new ArrayList<>(options.interceptors());
			interceptors.addAll(builder.interceptors);
			options = options.withInterceptors(interceptors);
		}
		Builder instances = snapshot(builder);
		RequesterCalls calls = (loadBalancer != null)
				? RequesterCalls.balanced(new BalancedCalls(name, loadBalancer,
						(instance) -> instance(instances, instance),
						new LoadBalancing(builder.refreshInterval, builder.drainTimeout, builder.maxAttempts,
								builder.minBackoff, builder.maxBackoff)))
				: RequesterCalls.toServer(new ServerConnection(name, address, builder.connector.apply(transport),
						builder.responders, options,
						new ReconnectBackoff(builder.minBackoff, builder.maxBackoff, builder.stableAfter),
						builder.startTls, builder.login));
		return new RequesterAssembly(name, address, options.callTimeout(), calls);
	}

	/**
	 * A copy of a builder's settings that builds the requester of one instance.
	 */
	private static Builder snapshot(Builder builder) {
		Builder copy = new Builder();
		copy.connector = builder.connector;
		copy.responders = builder.responders;
		copy.options = builder.options;
		copy.observer = builder.observer;
		copy.interceptors = builder.interceptors;
		copy.minBackoff = builder.minBackoff;
		copy.maxBackoff = builder.maxBackoff;
		copy.stableAfter = builder.stableAfter;
		copy.name = builder.name;
		copy.startTls = builder.startTls;
		copy.login = builder.login;
		copy.tls = builder.tls;
		return copy;
	}

	/**
	 * Build the requester of one instance. It connects at once when asked: the
	 * load-balanced requester paces the attempts with its own backoff.
	 */
	private static AmpRequester instance(Builder settings, AmpServiceInstance instance) {
		Builder builder = snapshot(settings).host(instance.host()).port(instance.port());
		builder.name = ((settings.name != null) ? settings.name : instance.serviceId()) + "/" + instance.instanceId();
		builder.minBackoff = Duration.ofMillis(1);
		builder.maxBackoff = Duration.ofMillis(1);
		return builder.build();
	}

	private static String formatAddress(String host, int port) {
		return (host.indexOf(':') >= 0) ? "[" + host + "]:" + port : host + ":" + port;
	}

}
