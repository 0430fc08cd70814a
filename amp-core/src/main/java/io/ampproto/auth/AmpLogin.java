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
package io.ampproto.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

import io.ampproto.auth.AmpAuthCommands.OTPLogin;
import io.ampproto.auth.AmpAuthCommands.PasswordChallengeResponse;
import io.ampproto.auth.AmpAuthCommands.PasswordLogin;
import io.ampproto.session.AmpSession;
import reactor.core.publisher.Mono;

/**
 * How a client logs in on a new connection, before any call goes out on it (see
 * {@code AmpRequester.Builder#login}).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface AmpLogin {

	/**
	 * Log in on a session.
	 * @param session the new session
	 * @return completes once logged in, or fails with an {@link AmpLoginFailedException}
	 */
	Mono<Void> login(AmpSession session);

	/**
	 * Log in with a user name and password, by {@code ampauth}'s challenge and response.
	 * @param username the user name
	 * @param password the password
	 * @return the login
	 */
	static AmpLogin password(String username, String password) {
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(password, "password");
		SecureRandom random = new SecureRandom();
		byte[] secret = password.getBytes(StandardCharsets.UTF_8);
		return (session) -> session.call(new PasswordLogin(username.getBytes(StandardCharsets.UTF_8)))
			.flatMap((answer) -> {
				byte[] cnonce = new byte[AmpAuthCommands.CHALLENGE_LENGTH];
				random.nextBytes(cnonce);
				byte[] response = AmpAuthCommands.response(answer.challenge(), cnonce, secret);
				return session.call(new PasswordChallengeResponse(cnonce, response));
			})
			.onErrorMap((error) -> AmpLoginFailedException.of("password login as '" + username + "'", error));
	}

	/**
	 * Log in with a one-time pad; it works once, so a client that reconnects needs a new one.
	 * @param pad the pad
	 * @return the login
	 */
	static AmpLogin oneTimePad(String pad) {
		Objects.requireNonNull(pad, "pad");
		byte[] bytes = pad.getBytes(StandardCharsets.UTF_8);
		return (session) -> session.call(new OTPLogin(bytes))
			.onErrorMap((error) -> AmpLoginFailedException.of("one-time pad login", error));
	}

}
