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
 * The peer has no responder for the command: error code {@code UNHANDLED}. The connection
 * stays open.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpUnhandledCommandException extends AmpRemoteException {

	private static final long serialVersionUID = 1L;

	/** The error code of an unknown command. */
	public static final String CODE = "UNHANDLED";

	/**
	 * Create an exception.
	 * @param description the description sent by the peer
	 */
	public AmpUnhandledCommandException(String description) {
		super(CODE, description);
	}

}
