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
package io.ampproto.command;

import io.ampproto.box.AmpException;

/**
 * An error answer from the peer ({@code _error_code} and {@code _error_description}), or
 * an error a responder throws to choose its own code: Twisted's {@code RemoteAmpError}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpRemoteException extends AmpException {

	private static final long serialVersionUID = 1L;

	private final String errorCode;

	private final String description;

	private final boolean fatal;

	/**
	 * Create an exception.
	 * @param errorCode the error code
	 * @param description the description
	 */
	public AmpRemoteException(String errorCode, String description) {
		this(errorCode, description, false);
	}

	/**
	 * Create an exception that a responder throws to answer with this code; a fatal one
	 * closes the connection once it has been sent.
	 * @param errorCode the error code
	 * @param description the description
	 * @param fatal whether the connection is closed after the error is sent
	 */
	public AmpRemoteException(String errorCode, String description, boolean fatal) {
		super("Code<" + errorCode + ">: " + description);
		this.errorCode = errorCode;
		this.description = description;
		this.fatal = fatal;
	}

	/**
	 * Return the error code.
	 * @return the code, such as {@code UNKNOWN}
	 */
	public String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Return the description sent with the error.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return whether the connection closes after this error.
	 * @return whether it is fatal
	 */
	public boolean isFatal() {
		return this.fatal;
	}

}
