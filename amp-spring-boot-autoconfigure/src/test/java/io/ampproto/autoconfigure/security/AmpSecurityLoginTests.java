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
package io.ampproto.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ampproto.auth.AmpAuthCommands;
import io.ampproto.auth.AmpAuthCommands.OTPLogin;
import io.ampproto.auth.AmpAuthCommands.PasswordChallengeResponse;
import io.ampproto.auth.AmpAuthCommands.PasswordLogin;
import io.ampproto.auth.AmpLogin;
import io.ampproto.auth.AmpLoginFailedException;
import io.ampproto.auth.AmpLoginNotImplementedException;
import io.ampproto.auth.AmpUnauthorizedLoginException;
import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.client.AmpConnectException;
import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.security.AmpSecurity;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.reactive.InMemoryReactiveOneTimeTokenService;
import org.springframework.security.authentication.ott.reactive.ReactiveOneTimeTokenService;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the logins of {@link AmpSecurityAutoConfiguration}: {@code ampauth}'s password
 * and one-time pad logins against the server, and the client's login on every connection.
 */
class AmpSecurityLoginTests {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	static final String[] BUNDLES = { "spring.ssl.bundle.pem.amp.keystore.certificate=classpath:tls/server-cert.pem",
			"spring.ssl.bundle.pem.amp.keystore.private-key=classpath:tls/server-key.pem",
			"spring.ssl.bundle.pem.users.keystore.certificate=classpath:tls/server-cert.pem",
			"spring.ssl.bundle.pem.users.keystore.private-key=classpath:tls/server-key.pem",
			"spring.ssl.bundle.pem.users.truststore.certificate=classpath:tls/users-ca-cert.pem" };

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, AmpSecurityAutoConfiguration.class,
				AmpAutoConfiguration.class, AmpServerAutoConfiguration.class))
		.withUserConfiguration(Users.class, WhoamiForAll.class, Responders.class)
		.withPropertyValues(BUNDLES)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1", "amp.server.ssl.bundle=amp");

	record Whoami() implements AmpCommand<Whoami.Result> {
		record Result(String name) {
		}
	}

	@AmpResponder
	static class Responders {

		final List<AmpSession> sessions = new CopyOnWriteArrayList<>();

		@AmpCommandMapping
		Whoami.Result whoami(Whoami whoami, AmpSession session) {
			this.sessions.add(session);
			Principal principal = session.principal();
			return new Whoami.Result((principal != null) ? principal.getName() : "");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername("alice").password("{noop}alice-secret").roles("USER", "ADMIN").build(),
					User.withUsername("bob").password("{noop}bob-secret").roles("USER").build(),
					User.withUsername("hashed").password("{bcrypt}$2a$10$notachance").roles("USER").build());
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WhoamiForAll {

		@Bean
		AmpSecurity ampSecurity() {
			return AmpSecurity.commands((c) -> c.command("Whoami").permitAll().anyCommand().authenticated());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OneTimePads {

		@Bean
		ReactiveOneTimeTokenService oneTimeTokens() {
			return new InMemoryReactiveOneTimeTokenService();
		}

	}

	@Test
	void passwordLoginAfterStartTlsMakesTheCallerTheSessionsPrincipal() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				assertThat(session.call(new Whoami()).block(TIMEOUT).name()).isEmpty();
				login(session, "alice", "alice-secret");
				assertThat(session.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("alice");
				assertThat(logins(context, "password", "success")).isEqualTo(1);
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void aWrongPasswordIsRefusedWithUnauthorizedLoginAndTheConnectionStaysOpen() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class)
					.isThrownBy(() -> login(session, "alice", "bob-secret"));
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class)
					.isThrownBy(() -> login(session, "nobody", "alice-secret"));
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class).as("a password not stored in clear")
					.isThrownBy(() -> login(session, "hashed", "$2a$10$notachance"));
				login(session, "bob", "bob-secret");
				assertThat(session.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("bob");
				assertThat(logins(context, "password", "failure")).isEqualTo(3);
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void aResponseIsGoodForOneChallengeOnly() {
		this.runner.run((context) -> {
			AmpSession first = startTls(port(context));
			AmpSession second = startTls(port(context));
			try {
				byte[] challenge = first.call(new PasswordLogin(bytes("alice"))).block(TIMEOUT).challenge();
				assertThat(challenge).hasSize(16);
				PasswordChallengeResponse response = response(challenge, "alice-secret");
				first.call(response).block(TIMEOUT);
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class).as("replayed on the same connection")
					.isThrownBy(() -> first.call(response).block(TIMEOUT));
				second.call(new PasswordLogin(bytes("alice"))).block(TIMEOUT);
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class).as("replayed on another connection")
					.isThrownBy(() -> second.call(response).block(TIMEOUT));
				assertThat(second.call(new Whoami()).block(TIMEOUT).name()).isEmpty();
			}
			finally {
				first.dispose();
				second.dispose();
			}
		});
	}

	@Test
	void aSecondPasswordLoginReplacesThePendingChallenge() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				byte[] old = session.call(new PasswordLogin(bytes("alice"))).block(TIMEOUT).challenge();
				byte[] challenge = session.call(new PasswordLogin(bytes("bob"))).block(TIMEOUT).challenge();
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class)
					.isThrownBy(() -> session.call(response(old, "alice-secret")).block(TIMEOUT));
				session.call(new PasswordLogin(bytes("bob"))).block(TIMEOUT);
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class).as("replaced again")
					.isThrownBy(() -> session.call(response(challenge, "bob-secret")).block(TIMEOUT));
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void passwordLoginNeedsTlsByDefault() {
		this.runner.run((context) -> {
			AmpSession session = plain(port(context));
			try {
				assertThatExceptionOfType(AmpRemoteException.class)
					.isThrownBy(() -> session.call(new PasswordLogin(bytes("alice"))).block(TIMEOUT))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(AmpAuthCommands.NOT_IMPLEMENTED_ERROR));
				assertThat(session.connection().isActive()).isTrue();
			}
			finally {
				session.dispose();
			}
		});
		this.runner.withPropertyValues("amp.server.security.password-login-requires-tls=false").run((context) -> {
			AmpSession session = plain(port(context));
			try {
				login(session, "alice", "alice-secret");
				assertThat(session.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("alice");
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void theConnectionClosesAfterTooManyRefusedLogins() {
		this.runner.withPropertyValues("amp.server.security.max-failed-logins=3").run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				for (int i = 0; i < 2; i++) {
					assertThatExceptionOfType(AmpUnauthorizedLoginException.class)
						.isThrownBy(() -> login(session, "alice", "guess"));
				}
				assertThat(session.connection().isActive()).isTrue();
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class)
					.isThrownBy(() -> login(session, "alice", "alice-secret-not"));
				session.onClose().block(TIMEOUT);
				assertThat(session.connection().isActive()).isFalse();
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void aConnectionLogsInOnce() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				login(session, "bob", "bob-secret");
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class)
					.isThrownBy(() -> login(session, "alice", "alice-secret"));
				assertThat(session.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("bob");
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void aOneTimePadLogsInOnce() {
		this.runner.withUserConfiguration(OneTimePads.class).run((context) -> {
			String pad = context.getBean(ReactiveOneTimeTokenService.class)
				.generate(new GenerateOneTimeTokenRequest("alice"))
				.block(TIMEOUT)
				.getTokenValue();
			AmpSession first = plain(port(context));
			AmpSession second = plain(port(context));
			try {
				first.call(new OTPLogin(bytes(pad))).block(TIMEOUT);
				assertThat(first.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("alice");
				assertThatExceptionOfType(AmpUnauthorizedLoginException.class)
					.isThrownBy(() -> second.call(new OTPLogin(bytes(pad))).block(TIMEOUT));
			}
			finally {
				first.dispose();
				second.dispose();
			}
		});
	}

	@Test
	void withoutOneTimePadsOtpLoginIsNotImplemented() {
		this.runner.run((context) -> {
			AmpSession session = plain(port(context));
			try {
				assertThatExceptionOfType(AmpLoginNotImplementedException.class)
					.isThrownBy(() -> session.call(new OTPLogin(bytes("pad"))).block(TIMEOUT));
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void ourClientLogsInAfterStartTlsOnEveryConnection() {
		this.runner.run((context) -> {
			AmpRequester requester = requester(port(context), AmpLogin.password("alice", "alice-secret"));
			try {
				assertThat(requester.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("alice");
				Responders responders = context.getBean(Responders.class);
				AmpSession first = responders.sessions.get(0);
				assertThat(first.connection().isSecure()).isTrue();
				first.dispose();
				first.onClose().block(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> !requester.isConnected());
				assertThat(requester.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("alice");
				assertThat(responders.sessions.get(responders.sessions.size() - 1)).isNotSameAs(first);
				assertThat(logins(context, "password", "success")).isEqualTo(2);
			}
			finally {
				requester.dispose();
			}
		});
	}

	@Test
	void aRefusedLoginFailsTheCallsWaitingForTheConnection() {
		this.runner.run((context) -> {
			AmpRequester requester = requester(port(context), AmpLogin.password("alice", "wrong"));
			try {
				assertThatExceptionOfType(AmpConnectException.class)
					.isThrownBy(() -> requester.call(new Whoami()).block(TIMEOUT))
					.withMessageContaining("password login as 'alice' refused by the server (UNAUTHORIZED_LOGIN)")
					.havingCause()
					.isInstanceOf(AmpLoginFailedException.class);
			}
			finally {
				requester.dispose();
			}
		});
	}

	@Test
	void clientPropertiesLogIn() {
		this.runner.run((server) -> new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, AmpAutoConfiguration.class,
					AmpClientAutoConfiguration.class))
			.withPropertyValues("spring.ssl.bundle.pem.trusting.truststore.certificate=classpath:tls/ca-cert.pem",
					"amp.client.backend.host=127.0.0.1", "amp.client.backend.port=" + port(server),
					"amp.client.backend.ssl.bundle=trusting", "amp.client.backend.ssl.start-tls=true",
					"amp.client.backend.auth.username=bob", "amp.client.backend.auth.password=bob-secret")
			.run((client) -> {
				AmpRequester backend = client.getBean(io.ampproto.client.AmpRequesters.class).get("backend");
				assertThat(backend.call(new Whoami()).block(TIMEOUT).name()).isEqualTo("bob");
			}));
	}

	static void login(AmpSession session, String username, String password) {
		byte[] challenge = session.call(new PasswordLogin(bytes(username))).block(TIMEOUT).challenge();
		session.call(response(challenge, password)).block(TIMEOUT);
	}

	static PasswordChallengeResponse response(byte[] challenge, String password) {
		byte[] cnonce = bytes("0123456789abcdef");
		return new PasswordChallengeResponse(cnonce, AmpAuthCommands.response(challenge, cnonce, bytes(password)));
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static double logins(ApplicationContext context, String method, String outcome) {
		var counter = context.getBean(MeterRegistry.class)
			.find(AmpSecurityMeters.LOGINS)
			.tags("method", method, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	static int port(ApplicationContext context) {
		return context.getBean(AmpSessionServer.class).port();
	}

	static AmpSession plain(int port) {
		return session(port, null);
	}

	static AmpSession startTls(int port) {
		AmpSession session = session(port, null);
		session.startTls().block(TIMEOUT);
		return session;
	}

	/** A session whose TLS trusts the test CA, with the named client certificate or none. */
	static AmpSession session(int port, String clientCertificate) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port).connectNow();
		return AmpSession.start(connection, AmpResponders.none(),
				AmpSessionOptions.DEFAULTS.withTls(AmpTls.of(AmpSslContextProvider.of(null, clientContext(clientCertificate)))
					.peer("localhost", port)));
	}

	static io.netty.handler.ssl.SslContext clientContext(String clientCertificate) {
		if (clientCertificate == null) {
			return TlsTestMaterial.clientContext("ca-cert.pem", false);
		}
		try {
			return io.netty.handler.ssl.SslContextBuilder.forClient()
				.trustManager(TlsTestMaterial.file("ca-cert.pem"))
				.keyManager(TlsTestMaterial.file(clientCertificate + "-cert.pem"),
						TlsTestMaterial.file(clientCertificate + "-key.pem"))
				.build();
		}
		catch (javax.net.ssl.SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static AmpRequester requester(int port, AmpLogin login) {
		return AmpRequester.builder()
			.host("127.0.0.1")
			.port(port)
			.tls(AmpTls.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false))))
			.startTls(true)
			.login(login)
			.build();
	}

}
