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

import java.util.Map;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.autoconfigure.ObservedResponder;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.health.AmpHealthIndicator;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpHealthContributorAutoConfiguration}.
 */
class AmpHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpHealthContributorAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withUserConfiguration(ObservedResponder.class)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1",
				"amp.server.shutdown.grace-period=10s");

	@Test
	void isUpWhileTheServerAcceptsThenDownAfterShutdown() {
		HealthIndicator[] indicator = new HealthIndicator[1];
		int[] port = new int[1];
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AmpHealthIndicator.class);
			assertThat(context).hasBean("ampHealthIndicator");
			indicator[0] = context.getBean(HealthIndicator.class);
			port[0] = context.getBean(AmpSessionServer.class).port();
			Health health = indicator[0].health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(
					Map.of("state", "accepting", "port", port[0], "connections", 0, "tls", false));
			AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port[0]).connectNow();
			try {
				await().atMost(ObservedResponder.TIMEOUT)
					.until(() -> indicator[0].health().getDetails().get("connections").equals(1));
			}
			finally {
				connection.dispose();
			}
		});
		Health afterShutdown = indicator[0].health();
		assertThat(afterShutdown.getStatus()).isEqualTo(Status.DOWN);
		assertThat(afterShutdown.getDetails()).containsEntry("state", "stopped").containsEntry("connections", 0);
	}

	@Test
	void isDownWhileShuttingDownGracefully() {
		this.runner.run((context) -> {
			AmpSessionServer server = context.getBean(AmpSessionServer.class);
			HealthIndicator indicator = context.getBean(HealthIndicator.class);
			AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
			AmpSession client = AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
			client.call(new ObservedResponder.Hold()).subscribe(null, (error) -> {
			});
			await().atMost(ObservedResponder.TIMEOUT).until(() -> server.sessions().stream()
				.anyMatch((session) -> session.inboundCallsInFlight() == 1));
			Thread shutdown = new Thread(() -> server.shutDownGracefully(ObservedResponder.TIMEOUT));
			shutdown.start();
			try {
				await().atMost(ObservedResponder.TIMEOUT)
					.untilAsserted(() -> assertThat(indicator.health().getDetails()).containsEntry("state",
							"shutting down"));
				assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(indicator.health().getDetails()).containsEntry("connections", 1);
			}
			finally {
				context.getBean(ObservedResponder.class).release();
				shutdown.join(ObservedResponder.TIMEOUT.toMillis());
				connection.dispose();
			}
			assertThat(indicator.health().getDetails()).containsEntry("state", "stopped");
		});
	}

	@Test
	void isDownWithTheErrorWhenTheServerCannotBind() {
		AmpSessionServer taken = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(0),
				AmpResponders.none(), AmpSessionOptions.DEFAULTS, ObservedResponder.TIMEOUT);
		taken.start();
		try {
			AmpSessionServer server = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(taken.port()),
					AmpResponders.none(), AmpSessionOptions.DEFAULTS, ObservedResponder.TIMEOUT);
			AmpHealthIndicator indicator = new AmpHealthIndicator(server, false);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(indicator.health().getDetails()).containsEntry("state", "not started");
			try {
				server.start();
			}
			catch (RuntimeException expected) {
				// The port is taken.
			}
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("state", "failed to bind").containsKey("error");
		}
		finally {
			taken.stop();
		}
	}

	@Test
	void reportsTlsAsTheServerReallyHasIt() {
		ApplicationContextRunner runner = this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("spring.ssl.bundle.pem.amp.keystore.certificate=classpath:tls/server-cert.pem",
					"spring.ssl.bundle.pem.amp.keystore.private-key=classpath:tls/server-key.pem");
		// A bundle alone offers StartTLS; with enabled, TLS from the first byte.
		runner.withPropertyValues("amp.server.ssl.bundle=amp").run((context) -> {
			assertThat(context.getBean(AmpSessionServer.class).options().tls()).isNotNull();
			assertThat(context.getBean(HealthIndicator.class).health().getDetails()).containsEntry("tls", true);
		});
		runner.withPropertyValues("amp.server.ssl.bundle=amp", "amp.server.ssl.enabled=true")
			.run((context) -> assertThat(context.getBean(HealthIndicator.class).health().getDetails())
				.containsEntry("tls", true));
		// No bundle, but a provider bean: TLS all the same.
		runner
			.withBean(AmpSslContextProvider.class,
					() -> AmpSslContextProvider.of(TlsTestMaterial.serverContext(false), null))
			.run((context) -> assertThat(context.getBean(HealthIndicator.class).health().getDetails())
				.containsEntry("tls", true));
		runner.run((context) -> assertThat(context.getBean(HealthIndicator.class).health().getDetails())
			.containsEntry("tls", false));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(AmpSessionServer.class);
			assertThat(context).doesNotHaveBean(AmpHealthIndicator.class);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("management.health.amp.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AmpHealthIndicator.class));
	}

	@Test
	void backsOffWithoutAServer() {
		this.runner.withPropertyValues("amp.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AmpHealthIndicator.class));
	}

	@Test
	void userDefinedIndicatorBacksOffTheAutoConfiguredOne() {
		this.runner.withBean("ampHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(AmpHealthIndicator.class));
	}

}
