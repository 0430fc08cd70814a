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

/**
 * Told of logins and refused commands, for metrics; every method has a default that does
 * nothing. Nothing secret is passed: no user name, no secret, no reason beyond the kind.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpSecurityListener {

	/** A listener that does nothing. */
	AmpSecurityListener NONE = new AmpSecurityListener() {
	};

	/**
	 * A login was tried.
	 * @param method how: {@code password}, {@code otp} or {@code certificate}
	 * @param outcome {@code success}, {@code failure}, or {@code unavailable} (the login is
	 * not offered)
	 */
	default void login(String method, String outcome) {
	}

	/**
	 * A command was refused.
	 * @param command the command's wire name
	 * @param reason {@code unauthenticated} (no login yet) or {@code denied}
	 */
	default void refused(String command, String reason) {
	}

}
