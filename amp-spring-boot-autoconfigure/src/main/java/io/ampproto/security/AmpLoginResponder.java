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

import io.ampproto.auth.AmpAuthCommands.OTPLogin;
import io.ampproto.auth.AmpAuthCommands.PasswordChallengeResponse;
import io.ampproto.auth.AmpAuthCommands.PasswordLogin;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.session.AmpSession;
import reactor.core.publisher.Mono;

/**
 * Answers the login commands of {@code ampauth} ({@code PasswordLogin},
 * {@code PasswordChallengeResponse}, {@code OTPLogin}) with an
 * {@link AmpSessionAuthenticator}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AmpResponder
public class AmpLoginResponder {

	private final AmpSessionAuthenticator authenticator;

	/**
	 * Create a responder.
	 * @param authenticator checks the logins
	 */
	public AmpLoginResponder(AmpSessionAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@AmpCommandMapping
	Mono<PasswordLogin.Result> passwordLogin(PasswordLogin command, AmpSession session) {
		return this.authenticator.passwordLogin(session, command.username()).map(PasswordLogin.Result::new);
	}

	@AmpCommandMapping
	Mono<Void> passwordChallengeResponse(PasswordChallengeResponse command, AmpSession session) {
		return this.authenticator.challengeResponse(session, command.cnonce(), command.response());
	}

	@AmpCommandMapping
	Mono<Void> otpLogin(OTPLogin command, AmpSession session) {
		return this.authenticator.oneTimePadLogin(session, command.pad());
	}

}
