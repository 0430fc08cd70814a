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

/**
 * The peer answered with an error this command does not declare, such as {@code UNKNOWN}
 * for an undeclared exception in its responder: Twisted's {@code UnknownRemoteError}.
 * Unlike Twisted, the code the peer sent is kept.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpUnknownRemoteException extends AmpRemoteException {

	private static final long serialVersionUID = 1L;

	/** The error code of an undeclared failure. */
	public static final String CODE = "UNKNOWN";

	/** The description Twisted sends with {@link #CODE}. */
	public static final String DESCRIPTION = "Unknown Error";

	/**
	 * Create an exception.
	 * @param errorCode the code sent by the peer
	 * @param description the description sent by the peer
	 */
	public AmpUnknownRemoteException(String errorCode, String description) {
		super(errorCode, description);
	}

}
