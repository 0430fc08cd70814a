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
import java.nio.file.Path;
import java.time.Duration;

import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpProperties;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.client.AmpRequester;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.test.AmpTestClient;
import io.ampproto.test.inprocess.AmpInProcessTransport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of an {@link AmpTestClient} bound to
 * the application's AMP server: in-process when it runs there, or else its TCP port (or
 * UNIX domain socket), found once the server has started.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 * @see AutoConfigureAmpTestClient
 */
@AutoConfiguration(after = { AmpServerAutoConfiguration.class, AmpClientAutoConfiguration.class,
		AmpInProcessTransportAutoConfiguration.class })
@ConditionalOnBean(AmpRequester.Builder.class)
public final class AmpTestClientAutoConfiguration {

	private static final String NAME = "AmpTestClient";

	@Bean(destroyMethod = "reset")
	@ConditionalOnMissingBean
	AmpTestClient ampTestClient(ObjectProvider<AmpRequester.Builder> builders,
			ObjectProvider<AmpSessionServer> servers, ObjectProvider<AmpInProcessTransport> inProcess,
			AmpProperties properties, Environment environment) {
		// Bound, not read: "10s" needs Boot's conversion, which a plain environment lacks.
		Duration timeout = Binder.get(environment)
			.bind("amp.test.client.timeout", Duration.class)
			.orElse(AmpTestClient.DEFAULT_TIMEOUT);
		AmpInProcessTransport transport = inProcess.getIfAvailable();
		if (transport != null) {
			String server = transport.address().toString();
			// The builder needs a host and a port; the connector then goes in-process instead.
			return AmpTestClient.bindTo(() -> builders.getObject()
				.name(NAME + " (" + server + ")")
				.host(transport.address().id())
				.port(1)
				.connector(transport::connector)
				.build(), () -> server).withTimeout(timeout);
		}
		return AmpTestClient.bindTo(() -> tcp(builders.getObject(), server(servers), properties).build(),
				() -> describe(server(servers), properties))
			.withTimeout(timeout);
	}

	private static AmpSessionServer server(ObjectProvider<AmpSessionServer> servers) {
		AmpSessionServer server = servers.getIfAvailable();
		if (server == null) {
			throw new IllegalStateException("AmpTestClient needs the application's AMP server, and none is "
					+ "configured: set amp.server.port (0 for any free port)");
		}
		return server;
	}

	private static AmpRequester.Builder tcp(AmpRequester.Builder builder, AmpSessionServer server,
			AmpProperties properties) {
		builder.name(NAME);
		if (server.port() > 0) {
			return builder.host(host(properties)).port(server.port());
		}
		Path unixSocket = properties.getServer().getUnixSocket();
		if (!server.isRunning() || unixSocket == null) {
			throw new IllegalStateException("AmpTestClient needs the application's AMP server running, and it "
					+ "is not (started: " + server.isRunning() + ")");
		}
		return builder.unixSocket(unixSocket);
	}

	private static String describe(AmpSessionServer server, AmpProperties properties) {
		Path unixSocket = properties.getServer().getUnixSocket();
		return (server.port() > 0) ? host(properties) + ":" + server.port() : "unix:" + unixSocket;
	}

	private static String host(AmpProperties properties) {
		InetAddress address = properties.getServer().getAddress();
		return (address == null || address.isAnyLocalAddress()) ? "127.0.0.1" : address.getHostAddress();
	}

}
