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

import io.ampproto.box.AmpException;
import io.ampproto.command.AmpRemoteException;

/**
 * Thrown when a client's login on a new connection fails: the server refused it, does not
 * offer it, or the connection failed first. The calls waiting for the connection fail with
 * it (as the cause of the connect failure).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpLoginFailedException extends AmpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the detail message
	 * @param cause the error the login got
	 */
	public AmpLoginFailedException(String message, Throwable cause) {
		super(message, cause);
	}

	static AmpLoginFailedException of(String login, Throwable error) {
		if (error instanceof AmpLoginFailedException failed) {
			return failed;
		}
		String why;
		if (error instanceof AmpUnauthorizedLoginException) {
			why = "refused by the server (" + AmpAuthCommands.UNAUTHORIZED_LOGIN + ")";
		}
		else if (error instanceof AmpLoginNotImplementedException) {
			why = "not offered by the server (" + AmpAuthCommands.NOT_IMPLEMENTED_ERROR + ")";
		}
		else if (error instanceof AmpRemoteException remote) {
			why = "answered " + remote.getErrorCode() + ": " + remote.getDescription();
		}
		else {
			why = "failed: " + error;
		}
		return new AmpLoginFailedException("AMP " + login + " " + why, error);
	}

}
