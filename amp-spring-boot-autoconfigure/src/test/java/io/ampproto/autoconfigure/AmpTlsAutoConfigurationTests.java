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

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.switching.AmpSwitchContext;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for TLS and protocol switching in the AMP auto-configurations: SSL bundles,
 * {@link AmpSslContextProvider} beans, and {@link AmpInnerProtocolFactory} beans.
 */
class AmpTlsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String[] BUNDLES = { "spring.ssl.bundle.pem.amp.keystore.certificate=classpath:tls/server-cert.pem",
			"spring.ssl.bundle.pem.amp.keystore.private-key=classpath:tls/server-key.pem",
			"spring.ssl.bundle.pem.mutual.keystore.certificate=classpath:tls/server-cert.pem",
			"spring.ssl.bundle.pem.mutual.keystore.private-key=classpath:tls/server-key.pem",
			"spring.ssl.bundle.pem.mutual.truststore.certificate=classpath:tls/ca-cert.pem",
			"spring.ssl.bundle.pem.trusting.truststore.certificate=classpath:tls/ca-cert.pem",
			"spring.ssl.bundle.pem.other.truststore.certificate=classpath:tls/other-ca-cert.pem" };

	private final ApplicationContextRunner clientRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, AmpAutoConfiguration.class,
				AmpServerAutoConfiguration.class, AmpClientAutoConfiguration.class))
		.withUserConfiguration(Responders.class)
		.withPropertyValues(BUNDLES);

	private final ApplicationContextRunner runner = this.clientRunner.withPropertyValues("amp.server.port=0",
			"amp.server.address=127.0.0.1");

	record Whoami() implements AmpCommand<Whoami.Result> {
		record Result(boolean secure, String peer) {
		}
	}

	@AmpCommandSpec(errors = @AmpError(code = "BAD_GREETING", exception = IllegalArgumentException.class))
	record SwitchToEcho(String greeting) implements AmpSwitchCommand {
	}

	@AmpResponder
	static class Responders {

		@AmpCommandMapping
		Sum.Result sum(Sum sum) {
			return new Sum.Result(sum.a() + sum.b());
		}

		@AmpCommandMapping
		Whoami.Result whoami(Whoami whoami, AmpSession session) {
			List<X509Certificate> peer = session.peerCertificates();
			return new Whoami.Result(session.connection().isSecure(),
					peer.isEmpty() ? "" : peer.get(0).getSubjectX500Principal().getName());
		}

		@AmpCommandMapping
		AmpSwitch switchToEcho(SwitchToEcho command) {
			if (command.greeting().isEmpty()) {
				throw new IllegalArgumentException("a greeting is required");
			}
			return AmpSwitch.to("echo");
		}

	}

	static class EchoFactory implements AmpInnerProtocolFactory {

		@Override
		public String name() {
			return "echo";
		}

		@Override
		public AmpInnerProtocol create(AmpSwitchContext context) {
			String greeting = ((SwitchToEcho) context.command()).greeting();
			return (inbound, outbound) -> outbound.sendString(Mono.just(greeting))
				.then(outbound.send(inbound.receive().retain()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InnerProtocols {

		@Bean
		EchoFactory echoFactory() {
			return new EchoFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateInnerProtocols {

		@Bean
		EchoFactory echoFactory() {
			return new EchoFactory();
		}

		@Bean
		EchoFactory anotherEchoFactory() {
			return new EchoFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSslContexts {

		@Bean
		AmpSslContextProvider ampSslContextProvider() {
			return AmpSslContextProvider.of(TlsTestMaterial.serverContext(false),
					TlsTestMaterial.clientContext("ca-cert.pem", false));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReloadableBundles {

		@Bean
		DefaultSslBundleRegistry sslBundleRegistry() {
			return new DefaultSslBundleRegistry("amp", serverBundle("server"));
		}

	}

	static SslBundle serverBundle(String name) {
		return SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate("classpath:tls/" + name + "-cert.pem")
			.withPrivateKey("classpath:tls/" + name + "-key.pem"), null));
	}

	static AmpSession session(int port, boolean withClientCertificate) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port).connectNow();
		return AmpSession.start(connection, AmpResponders.none(),
				AmpSessionOptions.DEFAULTS.withTls(AmpTls
					.of(AmpSslContextProvider.of(null,
							TlsTestMaterial.clientContext("ca-cert.pem", withClientCertificate)))
					.peer("localhost", port)));
	}

	static int port(org.springframework.context.ApplicationContext context) {
		return context.getBean(AmpSessionServer.class).port();
	}

	static BigInteger serial(AmpSession session) {
		return session.peerCertificates().get(0).getSerialNumber();
	}

	@Test
	void serverAnswersStartTlsWithTheBundlesCertificate() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=amp").run((context) -> {
			AmpSession session = session(port(context), false);
			try {
				assertThat(session.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(false, ""));
				session.startTls().block(TIMEOUT);
				assertThat(serial(session)).isEqualTo(2);
				assertThat(session.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(true, ""));
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void serverWithoutTlsAnswersStartTlsWithTlsError() {
		this.runner.run((context) -> {
			AmpSession session = session(port(context), false);
			try {
				assertThatExceptionOfType(AmpRemoteException.class).isThrownBy(() -> session.startTls().block(TIMEOUT))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("TLS_ERROR"));
				assertThat(session.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void serverSpeaksTlsFromTheFirstByteWhenEnabled() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=amp", "amp.server.ssl.enabled=true").run((context) -> {
			int port = port(context);
			AmpTls tls = AmpTls.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)))
				.peer("localhost", port);
			AmpConnection connection = tls.secure(AmpConnector.create().host("127.0.0.1").port(port)).connectNow();
			AmpSession session = AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
			AmpSession plain = session(port, false);
			try {
				assertThat(session.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(true, ""));
				assertThatExceptionOfType(RuntimeException.class).as("plain AMP is not TLS")
					.isThrownBy(() -> plain.call(new Sum(1, 2)).block(TIMEOUT));
			}
			finally {
				session.dispose();
				plain.dispose();
			}
		});
	}

	@Test
	void bundleWithATrustStoreRequiresAClientCertificate() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=mutual").run((context) -> {
			AmpSession withCertificate = session(port(context), true);
			AmpSession without = session(port(context), false);
			try {
				withCertificate.startTls().block(TIMEOUT);
				assertThat(withCertificate.call(new Whoami()).block(TIMEOUT))
					.isEqualTo(new Whoami.Result(true, "CN=amp-test-client"));
				without.startTls().onErrorResume((ex) -> Mono.empty()).block(TIMEOUT);
				assertThatExceptionOfType(AmpTlsException.class)
					.isThrownBy(() -> without.call(new Whoami()).block(TIMEOUT));
			}
			finally {
				withCertificate.dispose();
				without.dispose();
			}
		});
	}

	@Test
	void clientAuthNoneAcceptsClientsWithoutCertificates() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=mutual", "amp.server.ssl.client-auth=none")
			.run((context) -> {
				AmpSession session = session(port(context), false);
				try {
					session.startTls().block(TIMEOUT);
					assertThat(session.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(true, ""));
				}
				finally {
					session.dispose();
				}
			});
	}

	@Test
	void anSslContextProviderBeanIsUsedWithoutABundle() {
		this.runner.withUserConfiguration(UserSslContexts.class).run((context) -> {
			AmpSession session = session(port(context), false);
			try {
				session.startTls().block(TIMEOUT);
				assertThat(serial(session)).isEqualTo(2);
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void tlsFromTheFirstByteWithoutCertificatesFailsToStart() {
		this.runner.withPropertyValues("amp.server.ssl.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("amp.server.ssl.enabled needs amp.server.ssl.bundle"));
	}

	@Test
	void unknownBundleFailsToStart() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=nope")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("nope"));
	}

	@Test
	void aReloadedBundleAppliesToTheNextHandshake() {
		this.runner.withUserConfiguration(ReloadableBundles.class)
			.withPropertyValues("amp.server.ssl.bundle=amp")
			.run((context) -> {
				AmpSession first = session(port(context), false);
				AmpSession second = session(port(context), false);
				try {
					first.startTls().block(TIMEOUT);
					assertThat(serial(first)).isEqualTo(2);
					context.getBean(DefaultSslBundleRegistry.class).updateBundle("amp", serverBundle("server2"));
					second.startTls().block(TIMEOUT);
					assertThat(serial(second)).isEqualTo(4);
					assertThat(first.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
				}
				finally {
					first.dispose();
					second.dispose();
				}
			});
	}

	@Test
	void namedClientStartsTlsOnConnecting() {
		DisposableServer server = tlsServer(false);
		try {
			this.clientRunner.withPropertyValues("amp.client.backend.host=localhost",
					"amp.client.backend.port=" + server.port(), "amp.client.backend.ssl.start-tls=true",
					"amp.client.backend.ssl.bundle=trusting")
				.run((context) -> {
					AmpRequester backend = context.getBean(AmpRequesters.class).get("backend");
					assertThat(backend.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(true, ""));
					assertThat(serial(backend.session().block(TIMEOUT))).isEqualTo(2);
				});
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void namedClientSpeaksTlsFromTheFirstByte() {
		DisposableServer server = tlsServer(true);
		try {
			this.clientRunner.withPropertyValues("amp.client.backend.host=localhost",
					"amp.client.backend.port=" + server.port(), "amp.client.backend.ssl.enabled=true",
					"amp.client.backend.ssl.bundle=trusting")
				.run((context) -> assertThat(
						context.getBean(AmpRequesters.class).get("backend").call(new Whoami()).block(TIMEOUT))
					.isEqualTo(new Whoami.Result(true, "")));
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void namedClientThatDoesNotTrustTheServerFailsToConnect() {
		DisposableServer server = tlsServer(false);
		try {
			this.clientRunner.withPropertyValues("amp.client.backend.host=localhost",
					"amp.client.backend.port=" + server.port(), "amp.client.backend.ssl.start-tls=true",
					"amp.client.backend.ssl.bundle=other")
				.run((context) -> assertThatExceptionOfType(RuntimeException.class)
					.isThrownBy(() -> context.getBean(AmpRequesters.class).get("backend").call(new Sum(1, 2))
						.block(TIMEOUT))
					.withMessageContaining("PKIX"));
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void namedClientStartTlsWithoutCertificatesFailsToStart() {
		this.clientRunner.withPropertyValues("amp.client.backend.port=1",
				"amp.client.backend.ssl.start-tls=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("amp.client.backend.ssl.start-tls needs amp.client.backend.ssl.bundle"));
	}

	@Test
	void innerProtocolFactoryBeansAreRegisteredByNameAndAResponderSwitchesToOne() {
		this.runner.withUserConfiguration(InnerProtocols.class).run((context) -> {
			assertThat(context.getBean(AmpInnerProtocols.class).names()).containsExactly("echo");
			AmpSession session = session(port(context), false);
			try {
				assertThatExceptionOfType(IllegalArgumentException.class)
					.isThrownBy(() -> session.switchProtocol(new SwitchToEcho(""), (in, out) -> Mono.never())
						.block(TIMEOUT))
					.withMessage("a greeting is required");
				ByteArrayOutputStream received = new ByteArrayOutputStream();
				session.switchProtocol(new SwitchToEcho("hello "), (in, out) -> {
					in.receive().asByteArray().subscribe((bytes) -> {
						synchronized (received) {
							received.writeBytes(bytes);
						}
					});
					return out.sendString(Mono.just("world")).then(Mono.never());
				}).block(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> {
					synchronized (received) {
						return received.toString(StandardCharsets.UTF_8).equals("hello world");
					}
				});
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void innerProtocolsWithTheSameNameFailToStart() {
		this.runner.withUserConfiguration(DuplicateInnerProtocols.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Two AMP inner protocols are named 'echo'"));
	}

	private static DisposableServer tlsServer(boolean fromTheFirstByte) {
		AmpResponders responders = AmpResponders.builder()
			.respond(Whoami.class,
					(whoami, session) -> Mono.just(new Whoami.Result(session.connection().isSecure(), "")))
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.build();
		AmpTls tls = AmpTls.of(TlsTestMaterial.provider());
		AmpServer server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> AmpSession
				.start(connection, responders, AmpSessionOptions.DEFAULTS.withTls(tls))
				.onClose());
		return (fromTheFirstByte ? tls.secure(server) : server).bindNow();
	}

}
