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

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;

/**
 * The commands of Divmod epsilon's {@code ampauth}, the login Twisted applications use over
 * AMP. Every argument is an AMP {@code String} (raw bytes).
 * <p>
 * A password login takes two round trips: {@link PasswordLogin} names the user and gets a
 * challenge of 16 random bytes; {@link PasswordChallengeResponse} sends a client nonce and
 * {@link #response(byte[], byte[], byte[]) SHA-1 of the challenge, the nonce and the
 * password}. The server must therefore know the password in clear, and a recorded transcript
 * can be attacked offline: use it over TLS only. {@link OTPLogin} sends a one-time pad.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpAuthCommands {

	/** The error code of a refused login. */
	public static final String UNAUTHORIZED_LOGIN = "UNAUTHORIZED_LOGIN";

	/** The error code of a login the server does not offer. */
	public static final String NOT_IMPLEMENTED_ERROR = "NOT_IMPLEMENTED_ERROR";

	/** The number of random bytes in a challenge, as epsilon makes them. */
	public static final int CHALLENGE_LENGTH = 16;

	private AmpAuthCommands() {
	}

	/**
	 * Compute the answer to a challenge: the raw 20-byte SHA-1 of
	 * {@code challenge + " " + cnonce + " " + password}.
	 * @param challenge the server's challenge
	 * @param cnonce the client's nonce
	 * @param password the password
	 * @return the digest
	 */
	public static byte[] response(byte[] challenge, byte[] cnonce, byte[] password) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			sha1.update(challenge);
			sha1.update((byte) ' ');
			sha1.update(cnonce);
			sha1.update((byte) ' ');
			sha1.update(password);
			return sha1.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-1", ex);
		}
	}

	/**
	 * Start a password login: the server remembers the user name and answers a challenge.
	 * A second one replaces the first.
	 * @param username the user name
	 */
	public record PasswordLogin(byte[] username) implements AmpCommand<PasswordLogin.Result> {

		/**
		 * The answer.
		 * @param challenge 16 random bytes
		 */
		public record Result(byte[] challenge) {
		}

	}

	/**
	 * Answer the challenge of the last {@link PasswordLogin}.
	 * @param cnonce the client's nonce
	 * @param response the digest of {@link AmpAuthCommands#response}
	 */
	@AmpCommandSpec(errors = {
			@AmpError(code = UNAUTHORIZED_LOGIN, exception = AmpUnauthorizedLoginException.class),
			@AmpError(code = NOT_IMPLEMENTED_ERROR, exception = AmpLoginNotImplementedException.class) })
	public record PasswordChallengeResponse(byte[] cnonce, byte[] response) implements AmpCommand<Void> {
	}

	/**
	 * Log in with a one-time pad, which the server forgets once used.
	 * @param pad the pad
	 */
	@AmpCommandSpec(errors = {
			@AmpError(code = UNAUTHORIZED_LOGIN, exception = AmpUnauthorizedLoginException.class),
			@AmpError(code = NOT_IMPLEMENTED_ERROR, exception = AmpLoginNotImplementedException.class) })
	public record OTPLogin(byte[] pad) implements AmpCommand<Void> {
	}

}
