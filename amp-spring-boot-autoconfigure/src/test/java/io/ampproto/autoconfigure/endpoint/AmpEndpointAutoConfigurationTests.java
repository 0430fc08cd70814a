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

import java.time.Instant;

import io.ampproto.actuate.AmpEndpoint;
import io.ampproto.actuate.AmpEndpoint.AmpDescriptor;
import io.ampproto.actuate.AmpEndpoint.ConnectionDescriptor;
import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.autoconfigure.ObservedResponder;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpEndpointAutoConfiguration} and {@link AmpEndpoint}.
 */
class AmpEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpClientAutoConfiguration.class, AmpEndpointAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withUserConfiguration(ObservedResponder.class)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1",
				"management.endpoints.web.exposure.include=amp");

	@Test
	void listsTheServerItsCommandsItsConnectionsAndTotals() {
		this.runner.withPropertyValues("amp.client.backend.port=1").run((context) -> {
			AmpSessionServer server = context.getBean(AmpSessionServer.class);
			AmpEndpoint endpoint = context.getBean(AmpEndpoint.class);
			Instant before = Instant.now();
			AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
			try {
				AmpSession client = AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
				client.call(new ObservedResponder.Hold()).subscribe(null, (error) -> {
				});
				await().atMost(ObservedResponder.TIMEOUT)
					.until(() -> endpoint.amp().totals().inboundCallsInFlight() == 1);
				AmpDescriptor amp = endpoint.amp();
				assertThat(amp.server().address()).isEqualTo("127.0.0.1:" + server.port());
				assertThat(amp.server().port()).isEqualTo(server.port());
				assertThat(amp.server().running()).isTrue();
				assertThat(amp.server().shuttingDown()).isFalse();
				assertThat(amp.server().tls()).isFalse();
				assertThat(amp.commands()).containsOnlyKeys("Sum", "Hold")
					.containsEntry("Sum", ObservedResponder.class.getName() + ".sum(Sum)")
					.containsEntry("Hold", ObservedResponder.class.getName() + ".hold(Hold)");
				assertThat(amp.connections()).singleElement().satisfies((described) -> {
					assertThat(described.peer()).isEqualTo("127.0.0.1:"
							+ ((java.net.InetSocketAddress) connection.localAddress()).getPort());
					assertThat(Instant.parse(described.openedAt())).isBetween(before, Instant.now());
					assertThat(described.ageSeconds()).isNotNegative();
					assertThat(described.inboundCallsInFlight()).isEqualTo(1);
					assertThat(described.outboundCallsInFlight()).isZero();
					assertThat(described.tls()).isFalse();
					assertThat(described.switched()).isFalse();
				});
				assertThat(amp.clients()).containsOnlyKeys("backend");
				assertThat(amp.clients().get("backend").connected()).isFalse();
				assertThat(amp.totals().connectionsAccepted()).isEqualTo(1);
				assertThat(amp.totals().openConnections()).isEqualTo(1);
				assertThat(amp.totals().outboundCallsInFlight()).isZero();
			}
			finally {
				context.getBean(ObservedResponder.class).release();
				connection.dispose();
			}
			await().atMost(ObservedResponder.TIMEOUT).until(() -> endpoint.amp().connections().isEmpty());
			assertThat(endpoint.amp().totals().connectionsAccepted()).isEqualTo(1);
		});
	}

	@Test
	void showsTlsAndProtocolSwitchesAsTheyHappen() {
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withUserConfiguration(SwitchResponder.class)
			.withPropertyValues("spring.ssl.bundle.pem.amp.keystore.certificate=classpath:tls/server-cert.pem",
					"spring.ssl.bundle.pem.amp.keystore.private-key=classpath:tls/server-key.pem",
					"amp.server.ssl.bundle=amp")
			.run((context) -> {
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				AmpEndpoint endpoint = context.getBean(AmpEndpoint.class);
				assertThat(endpoint.amp().server().tls()).as("StartTLS is offered").isTrue();
				AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
				AmpSession client = AmpSession.start(connection, AmpResponders.none(),
						AmpSessionOptions.DEFAULTS.withTls(AmpTls
							.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)))
							.peer("localhost", server.port())));
				try {
					await().atMost(ObservedResponder.TIMEOUT).until(() -> endpoint.amp().connections().size() == 1);
					assertThat(endpoint.amp().connections().get(0).tls()).isFalse();
					client.startTls().block(ObservedResponder.TIMEOUT);
					await().atMost(ObservedResponder.TIMEOUT)
						.until(() -> endpoint.amp().connections().get(0).tls());
					assertThat(endpoint.amp().connections().get(0).switched()).isFalse();
					client.switchProtocol(new SwitchToEcho(), (inbound, outbound) -> Mono.never())
						.block(ObservedResponder.TIMEOUT);
					await().atMost(ObservedResponder.TIMEOUT)
						.until(() -> endpoint.amp().connections().get(0).switched());
					ConnectionDescriptor described = endpoint.amp().connections().get(0);
					assertThat(described.tls()).isTrue();
					assertThat(described.outboundCallsInFlight()).isZero();
				}
				finally {
					client.dispose();
				}
			});
	}

	record SwitchToEcho() implements AmpSwitchCommand {
	}

	@AmpResponder
	static class SwitchResponder {

		@AmpCommandMapping
		AmpSwitch switchToEcho(SwitchToEcho command) {
			return AmpSwitch.to((inbound, outbound) -> outbound.send(inbound.receive().retain()));
		}

	}

	@Test
	void describesAnApplicationWithoutAServer() {
		this.runner.withPropertyValues("amp.server.enabled=false").run((context) -> {
			AmpDescriptor amp = context.getBean(AmpEndpoint.class).amp();
			assertThat(amp.server()).isNull();
			assertThat(amp.commands()).containsOnlyKeys("Sum", "Hold");
			assertThat(amp.schemas()).containsOnlyKeys("Sum", "Hold");
			assertThat(amp.schemas().get("Sum")).hasToString("Sum(a: Integer, b: Integer) -> (total: Integer)");
			assertThat(amp.schemas().get("Hold").requiresAnswer()).isTrue();
			assertThat(amp.connections()).isEmpty();
		});
	}

	@Test
	void backsOffWhenTheEndpointIsNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(AmpEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(AmpSessionServer.class);
			assertThat(context).doesNotHaveBean(AmpEndpoint.class);
		});
	}

}
