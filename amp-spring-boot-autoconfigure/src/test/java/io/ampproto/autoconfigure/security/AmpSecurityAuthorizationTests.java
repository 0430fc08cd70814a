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

import java.security.Principal;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.security.AmpSecurity;
import io.ampproto.session.AmpCallContext;
import io.ampproto.session.AmpSession;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;

import static io.ampproto.autoconfigure.security.AmpSecurityLoginTests.BUNDLES;
import static io.ampproto.autoconfigure.security.AmpSecurityLoginTests.TIMEOUT;
import static io.ampproto.autoconfigure.security.AmpSecurityLoginTests.clientContext;
import static io.ampproto.autoconfigure.security.AmpSecurityLoginTests.login;
import static io.ampproto.autoconfigure.security.AmpSecurityLoginTests.port;
import static io.ampproto.autoconfigure.security.AmpSecurityLoginTests.session;
import static io.ampproto.autoconfigure.security.AmpSecurityLoginTests.startTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for who may call what: {@link AmpSecurity} rules, {@code @PreAuthorize}, the
 * caller as responders see it, and the identity of client certificates.
 */
class AmpSecurityAuthorizationTests {

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, AmpSecurityAutoConfiguration.class,
				AmpAutoConfiguration.class, AmpServerAutoConfiguration.class))
		.withUserConfiguration(AmpSecurityLoginTests.Users.class, Rules.class, Responders.class)
		.withPropertyValues(BUNDLES)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1", "amp.server.ssl.bundle=amp");

	record Divide(long numerator, long denominator) implements AmpCommand<Divide.Result> {
		record Result(long quotient) {
		}
	}

	record Open() implements AmpCommand<Open.Result> {
		record Result(String name, String holder) {
		}
	}

	record Secret() implements AmpCommand<Secret.Result> {
		record Result(String name) {
		}
	}

	/** Who the responder sees, each way it can look. */
	record Whoami(String how) implements AmpCommand<Whoami.Result> {
		record Result(String holder, String reactive, String principal, String context, String thread) {
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class Rules {

		@Bean
		AmpSecurity ampSecurity() {
			return AmpSecurity.commands((c) -> c.command("Divide")
				.hasRole("ADMIN")
				.command("Open")
				.permitAll()
				.anyCommand()
				.authenticated());
		}

	}

	@AmpResponder
	static class Responders {

		private final AtomicInteger divisions = new AtomicInteger();

		// Not a field read: method security makes this bean a proxy.
		int divisions() {
			return this.divisions.get();
		}

		@AmpCommandMapping
		Divide.Result divide(Divide divide) {
			this.divisions.incrementAndGet();
			return new Divide.Result(divide.numerator() / divide.denominator());
		}

		@AmpCommandMapping(dispatch = AmpCommandMapping.Dispatch.EVENT_LOOP)
		Open.Result open(Open open, Principal principal) {
			Authentication holder = SecurityContextHolder.getContext().getAuthentication();
			return new Open.Result((principal != null) ? principal.getName() : "",
					(holder != null) ? holder.getName() : "");
		}

		@AmpCommandMapping
		@PreAuthorize("hasRole('ADMIN')")
		Secret.Result secret(Secret secret, Authentication authentication) {
			return new Secret.Result(authentication.getName());
		}

		// On the responder scheduler's thread.
		@AmpCommandMapping(dispatch = AmpCommandMapping.Dispatch.BLOCKING)
		Mono<Whoami.Result> whoami(Whoami whoami, @AuthenticationPrincipal UserDetails user, AmpCallContext call) {
			String holder = SecurityContextHolder.getContext().getAuthentication().getName();
			String thread = Thread.currentThread().getName();
			return ReactiveSecurityContextHolder.getContext()
				.map((context) -> new Whoami.Result(holder, context.getAuthentication().getName(), user.getUsername(),
						call.principal().getName(), thread));
		}

	}

	@Test
	void beforeALoginCommandsAreRefusedAndTheConnectionStaysOpen() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				assertRefused(session, new Whoami("x"), "Authentication required");
				assertRefused(session, new Divide(6, 3), "Authentication required");
				assertThat(session.call(new Open()).block(TIMEOUT)).isEqualTo(new Open.Result("", ""));
				assertThat(context.getBean(Responders.class).divisions()).isZero();
				assertThat(refusals(context, "Whoami", "unauthenticated")).isEqualTo(1);
				assertThat(session.connection().isActive()).isTrue();
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void aRoleRefusalAnswersAccessDeniedAndTheResponderNeverRuns() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				login(session, "bob", "bob-secret");
				assertRefused(session, new Divide(6, 3), "Access denied");
				assertThat(context.getBean(Responders.class).divisions()).isZero();
				assertThat(refusals(context, "Divide", "denied")).isEqualTo(1);
				assertThat(session.call(new Open()).block(TIMEOUT)).as("on the event loop")
					.isEqualTo(new Open.Result("bob", "bob"));
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void anAdminMayDivide() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				login(session, "alice", "alice-secret");
				assertThat(session.call(new Divide(6, 3)).block(TIMEOUT).quotient()).isEqualTo(2);
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void responderSeesTheCallerEveryWay() {
		this.runner.run((context) -> {
			AmpSession session = startTls(port(context));
			try {
				login(session, "bob", "bob-secret");
				Whoami.Result seen = session.call(new Whoami("all")).block(TIMEOUT);
				assertThat(seen).isEqualTo(new Whoami.Result("bob", "bob", "bob", "bob", seen.thread()));
				assertThat(seen.thread()).startsWith("amp-responder");
			}
			finally {
				session.dispose();
			}
		});
	}

	@Test
	void preAuthorizeRefusalsAnswerUnauthorized() {
		this.runner.run((context) -> {
			AmpSession bob = startTls(port(context));
			AmpSession alice = startTls(port(context));
			try {
				login(bob, "bob", "bob-secret");
				assertRefused(bob, new Secret(), "Access denied");
				assertThat(bob.connection().isActive()).isTrue();
				login(alice, "alice", "alice-secret");
				assertThat(alice.call(new Secret()).block(TIMEOUT).name()).isEqualTo("alice");
			}
			finally {
				bob.dispose();
				alice.dispose();
			}
		});
	}

	@Test
	void aClientCertificateOfATrustedCaMapsToItsUserAfterStartTls() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=users").run((context) -> {
			AmpSession alice = session(port(context), "alice");
			AmpSession carol = session(port(context), "carol");
			try {
				alice.startTls().block(TIMEOUT);
				assertThat(alice.call(new Whoami("cert")).block(TIMEOUT).principal()).isEqualTo("alice");
				assertThat(alice.call(new Divide(9, 3)).block(TIMEOUT).quotient()).isEqualTo(3);
				carol.startTls().block(TIMEOUT);
				assertRefused(carol, new Whoami("cert"), "Authentication required");
				assertThat(carol.connection().isActive()).isTrue();
				assertThat(AmpSecurityLoginTests.logins(context, "certificate", "success")).isEqualTo(1);
				assertThat(AmpSecurityLoginTests.logins(context, "certificate", "failure")).isEqualTo(1);
			}
			finally {
				alice.dispose();
				carol.dispose();
			}
		});
	}

	@Test
	void aClientCertificateMapsToItsUserFromTheFirstByte() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=users", "amp.server.ssl.enabled=true")
			.run((context) -> {
				int port = port(context);
				AmpTls tls = AmpTls.of(AmpSslContextProvider.of(null, clientContext("alice"))).peer("localhost", port);
				AmpConnection connection = tls.secure(AmpConnector.create().host("127.0.0.1").port(port))
					.connectNow();
				AmpSession session = AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
				try {
					assertThat(session.call(new Whoami("cert")).block(TIMEOUT).holder()).isEqualTo("alice");
				}
				finally {
					session.dispose();
				}
			});
	}

	@Test
	void aClientCertificateOfAnotherCaIsRefusedAtTheHandshake() {
		this.runner.withPropertyValues("amp.server.ssl.bundle=users").run((context) -> {
			// The test CA's client certificate: the server trusts only the users' CA.
			AmpSession other = session(port(context), "client");
			try {
				other.startTls().onErrorResume((ex) -> Mono.empty()).block(TIMEOUT);
				assertThatExceptionOfType(AmpTlsException.class)
					.isThrownBy(() -> other.call(new Open()).block(TIMEOUT));
			}
			finally {
				other.dispose();
			}
		});
	}

	static void assertRefused(AmpSession session, AmpCommand<?> command, String description) {
		assertThatExceptionOfType(AmpRemoteException.class).isThrownBy(() -> session.call(command).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("UNAUTHORIZED");
				assertThat(ex.getDescription()).isEqualTo(description);
			});
	}

	static double refusals(ApplicationContext context, String command, String reason) {
		var counter = context.getBean(MeterRegistry.class)
			.find(AmpSecurityMeters.REFUSALS)
			.tags("command", command, "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
