/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.test.autoconfigure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.function.Supplier;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientCustomizer;
import io.ampproto.autoconfigure.AmpProperties;
import io.ampproto.autoconfigure.AmpServerCustomizer;
import io.ampproto.test.inprocess.AmpInProcessTransport;
import io.ampproto.unix.AmpUnixSockets;
import org.jspecify.annotations.Nullable;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the in-process transport in
 * tests: the AMP server listens on it instead of its TCP port, and the application's
 * clients that point at the server itself connect to it.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 * @see AutoConfigureAmpInProcessTransport
 */
@AutoConfiguration(after = AmpAutoConfiguration.class)
@ConditionalOnBooleanProperty("amp.test.in-process.enabled")
public final class AmpInProcessTransportAutoConfiguration {

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1",
			"0.0.0.0");

	@Bean
	AmpInProcessTransport ampInProcessTransport() {
		return AmpInProcessTransport.create();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	AmpServerCustomizer ampInProcessServerCustomizer(AmpInProcessTransport transport, AmpProperties properties) {
		if (properties.getServer().getSsl().isEnabled()) {
			throw new IllegalStateException("amp.server.ssl.enabled (TLS from the first byte) cannot run on "
					+ AmpInProcessTransport.DESCRIPTION + ": test TLS over TCP (amp.test.in-process.enabled=false)");
		}
		// Applied last, to every transport of the server: the one on a UNIX domain socket stays.
		return (server) -> server.tcpServer((tcp) -> isUnixSocket(tcp) ? tcp : transport.configure(tcp));
	}

	@Bean
	AmpClientCustomizer ampInProcessClientCustomizer(AmpInProcessTransport transport, AmpProperties properties) {
		Integer serverPort = properties.getServer().getPort();
		InetAddress serverAddress = properties.getServer().getAddress();
		return (builder) -> builder.connector((connector) -> connector
			.tcpClient((tcp) -> pointsAtServer(tcp, serverPort, serverAddress) ? transport.configure(tcp) : tcp));
	}

	private static boolean isUnixSocket(TcpServer server) {
		Supplier<? extends SocketAddress> bindAddress = server.configuration().bindAddress();
		return bindAddress != null && AmpUnixSockets.isUnixAddress(bindAddress.get());
	}

	private static boolean pointsAtServer(TcpClient client, @Nullable Integer serverPort,
			@Nullable InetAddress serverAddress) {
		SocketAddress remote = (client.configuration().remoteAddress() != null)
				? client.configuration().remoteAddress().get() : null;
		if (serverPort == null || !(remote instanceof InetSocketAddress inet) || AmpUnixSockets.isUnixAddress(remote)
				|| inet.getPort() != serverPort) {
			return false;
		}
		String host = inet.getHostString();
		return LOOPBACK_HOSTS.contains(host) || (serverAddress != null
				&& (host.equals(serverAddress.getHostAddress()) || host.equals(serverAddress.getHostName())));
	}

}
