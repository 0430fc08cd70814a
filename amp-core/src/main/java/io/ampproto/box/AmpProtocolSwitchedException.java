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
package io.ampproto.box;

/**
 * Thrown when AMP is sent on a connection that has switched to another protocol, or
 * that waits for the answer to its request to switch: Twisted's {@code ProtocolSwitched}.
 * Nothing was sent.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpProtocolSwitchedException extends AmpException {

	private static final long serialVersionUID = 1L;

	/** Twisted's message when AMP is sent after or during a switch. */
	public static final String NO_AMP_TRAFFIC = "This connection has switched: no AMP traffic allowed.";

	/**
	 * Create an exception.
	 * @param message the detail message
	 */
	public AmpProtocolSwitchedException(String message) {
		super(message);
	}

}
