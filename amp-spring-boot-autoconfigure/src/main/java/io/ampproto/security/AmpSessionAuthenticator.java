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
package io.ampproto.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ampproto.auth.AmpAuthCommands;
import io.ampproto.auth.AmpLoginNotImplementedException;
import io.ampproto.auth.AmpUnauthorizedLoginException;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.session.AmpSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Finds out who is on the other end of a session: from its TLS client certificate, or
 * from an {@code ampauth} login, and keeps it as the session's
 * {@link AmpSession#principal() principal}.
 * <p>
 * A password login checks the response against the password the
 * {@link ReactiveUserDetailsService} holds, which must therefore be stored in clear
 * ({@code {noop}secret}); by default it is offered on TLS connections only. A connection
 * logs in once; after {@code maxFailedLogins} refused logins it is closed.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSessionAuthenticator {

	private static final Logger logger = Loggers.getLogger(AmpSessionAuthenticator.class);

	private static final String STATE_ATTRIBUTE = AmpSessionAuthenticator.class.getName() + ".state";

	private static final String CLEAR_TEXT_PREFIX = "{noop}";

	private static final String REFUSED = "Unauthorized login";

	private final @Nullable ReactiveUserDetailsService users;

	private final @Nullable ReactiveAuthenticationManager oneTimePads;

	private final Settings settings;

	private final AmpSecurityListener listener;

	private final SecureRandom random = new SecureRandom();

	private final AccountStatusUserDetailsChecker accountStatus = new AccountStatusUserDetailsChecker();

	/**
	 * Create an authenticator.
	 * @param users the users, for password logins and client certificates ({@code null}:
	 * neither)
	 * @param oneTimePads checks one-time pads ({@code null}: no {@code OTPLogin})
	 * @param settings the settings
	 * @param listener told of each login
	 */
	public AmpSessionAuthenticator(@Nullable ReactiveUserDetailsService users,
			@Nullable ReactiveAuthenticationManager oneTimePads, Settings settings, AmpSecurityListener listener) {
		this.users = users;
		this.oneTimePads = oneTimePads;
		this.settings = settings;
		this.listener = listener;
	}

	/**
	 * Return who is calling on a session: its login, else the user its client certificate
	 * names (looked up once per session).
	 * @param session the session
	 * @return the authentication, empty while the peer is anonymous
	 */
	public Mono<Authentication> authentication(AmpSession session) {
		if (session.principal() instanceof Authentication authentication) {
			return Mono.just(authentication);
		}
		List<X509Certificate> certificates = session.peerCertificates();
		if (this.users == null || certificates.isEmpty()) {
			return Mono.empty();
		}
		// Looked up once per session, by the first command that needs it.
		return state(session).certificateLogin(() -> certificateLogin(session, certificates.get(0)));
	}

	private Mono<Authentication> certificateLogin(AmpSession session, X509Certificate certificate) {
		ReactiveUserDetailsService users = this.users;
		String username = certificateUsername(certificate);
		if (users == null || username == null) {
			this.listener.login("certificate", "failure");
			return Mono.empty();
		}
		return users.findByUsername(username)
			.map(this::checkAccount)
			.map((user) -> loggedIn(session, "certificate",
					UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities())))
			.onErrorResume(AuthenticationException.class, (ex) -> Mono.empty())
			.switchIfEmpty(Mono.fromRunnable(() -> this.listener.login("certificate", "failure")));
	}

	/**
	 * Answer {@code PasswordLogin}: remember the user name and a new challenge.
	 * @param session the session
	 * @param username the user name
	 * @return the challenge
	 */
	public Mono<byte[]> passwordLogin(AmpSession session, byte[] username) {
		if (this.users == null || (this.settings.passwordLoginRequiresTls() && !session.connection().isSecure())) {
			this.listener.login("password", "unavailable");
			return Mono.error(new AmpRemoteException(AmpAuthCommands.NOT_IMPLEMENTED_ERROR,
					(this.users == null) ? "Password login not offered" : "Password login needs TLS"));
		}
		byte[] challenge = new byte[AmpAuthCommands.CHALLENGE_LENGTH];
		this.random.nextBytes(challenge);
		state(session).challenge(new String(username, StandardCharsets.UTF_8), challenge);
		return Mono.just(challenge);
	}

	/**
	 * Answer {@code PasswordChallengeResponse}: check the response to the pending
	 * challenge, which it uses up.
	 * @param session the session
	 * @param cnonce the client's nonce
	 * @param response the client's digest
	 * @return completes when logged in
	 */
	public Mono<Void> challengeResponse(AmpSession session, byte[] cnonce, byte[] response) {
		LoginState state = state(session);
		LoginState.Challenge pending = state.takeChallenge();
		ReactiveUserDetailsService users = this.users;
		if (users == null || pending == null || session.principal() != null) {
			return refused(session, state, "password");
		}
		return users.findByUsername(pending.username())
			.map(this::checkAccount)
			.filter((user) -> matches(user, pending.challenge(), cnonce, response))
			.map((user) -> UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()))
			.onErrorResume(AuthenticationException.class, (ex) -> Mono.empty())
			.map((authentication) -> loggedIn(session, "password", authentication))
			.hasElement()
			.flatMap((ok) -> ok ? Mono.empty() : refused(session, state, "password"));
	}

	/**
	 * Answer {@code OTPLogin}: log in with a one-time pad, which is used up.
	 * @param session the session
	 * @param pad the pad
	 * @return completes when logged in
	 */
	public Mono<Void> oneTimePadLogin(AmpSession session, byte[] pad) {
		ReactiveAuthenticationManager pads = this.oneTimePads;
		if (pads == null) {
			this.listener.login("otp", "unavailable");
			return Mono.error(new AmpLoginNotImplementedException("One-time pad login not offered"));
		}
		LoginState state = state(session);
		if (session.principal() != null) {
			return refused(session, state, "otp");
		}
		return pads
			.authenticate(OneTimeTokenAuthenticationToken.unauthenticated(new String(pad, StandardCharsets.UTF_8)))
			.filter(Authentication::isAuthenticated)
			.onErrorResume(AuthenticationException.class, (ex) -> Mono.empty())
			.map((authentication) -> loggedIn(session, "otp", authentication))
			.hasElement()
			.flatMap((ok) -> ok ? Mono.empty() : refused(session, state, "otp"));
	}

	private Authentication loggedIn(AmpSession session, String method, Authentication authentication) {
		session.principal(authentication);
		this.listener.login(method, "success");
		logger.debug("{} logged in by {} on {}", authentication.getName(), method, session);
		return authentication;
	}

	private <T> Mono<T> refused(AmpSession session, LoginState state, String method) {
		this.listener.login(method, "failure");
		int failures = state.failed();
		if (failures >= this.settings.maxFailedLogins()) {
			logger.debug("Closing {} after {} refused logins", session, failures);
			// Answered, then the connection closes, as after a fatal error.
			return Mono.error(new AmpRemoteException(AmpAuthCommands.UNAUTHORIZED_LOGIN, REFUSED, true));
		}
		return Mono.error(new AmpUnauthorizedLoginException(REFUSED));
	}

	private UserDetails checkAccount(UserDetails user) {
		this.accountStatus.check(user);
		return user;
	}

	private boolean matches(UserDetails user, byte[] challenge, byte[] cnonce, byte[] response) {
		String stored = user.getPassword();
		if (stored == null || !stored.startsWith(CLEAR_TEXT_PREFIX)) {
			logger.warn("A password login cannot be checked: the user's password is not stored in clear "
					+ "({noop}), which the ampauth challenge needs");
			return false;
		}
		byte[] password = stored.substring(CLEAR_TEXT_PREFIX.length()).getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(AmpAuthCommands.response(challenge, cnonce, password), response);
	}

	private @Nullable String certificateUsername(X509Certificate certificate) {
		Matcher matcher = this.settings.certificatePrincipal().matcher(certificate.getSubjectX500Principal().getName());
		return (matcher.find() && matcher.groupCount() >= 1) ? matcher.group(1) : null;
	}

	private static LoginState state(AmpSession session) {
		return (LoginState) session.attributes().computeIfAbsent(STATE_ATTRIBUTE, (key) -> new LoginState());
	}

	/**
	 * How logins are checked.
	 *
	 * @param maxFailedLogins refused logins after which the connection closes
	 * @param passwordLoginRequiresTls whether a password login needs a TLS connection
	 * @param certificatePrincipal finds the user name in a client certificate's subject
	 * (RFC 2253), in its first group
	 */
	public record Settings(int maxFailedLogins, boolean passwordLoginRequiresTls, Pattern certificatePrincipal) {

		/** The subject's common name. */
		public static final Pattern COMMON_NAME = Pattern.compile("CN=(.*?)(?:,|$)");

		/**
		 * Return the defaults: 5 failures, TLS needed, the subject's CN.
		 * @return the defaults
		 */
		public static Settings defaults() {
			return new Settings(5, true, COMMON_NAME);
		}

	}

	/**
	 * The login state of one session.
	 */
	private static final class LoginState {

		private @Nullable Challenge challenge;

		private int failures;

		private @Nullable Mono<Authentication> certificateLogin;

		synchronized void challenge(String username, byte[] challenge) {
			this.challenge = new Challenge(username, challenge);
		}

		/** Return the pending challenge and forget it: a response is never checked twice. */
		synchronized @Nullable Challenge takeChallenge() {
			Challenge pending = this.challenge;
			this.challenge = null;
			return pending;
		}

		synchronized int failed() {
			return ++this.failures;
		}

		synchronized Mono<Authentication> certificateLogin(Supplier<Mono<Authentication>> login) {
			Mono<Authentication> found = this.certificateLogin;
			if (found == null) {
				found = login.get().cache();
				this.certificateLogin = found;
			}
			return found;
		}

		record Challenge(String username, byte[] challenge) {
		}

	}

}
