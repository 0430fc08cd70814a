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
package io.ampproto.session;

/**
 * How a call or a command ended, as told to an {@link AmpSessionObserver}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public enum AmpCallOutcome {

	/**
	 * Answered; for a command sent without {@code _ask}, written (outbound) or handled
	 * (inbound).
	 */
	SUCCESS,

	/**
	 * An error answer, with its code: received from the peer for a call, sent to the peer
	 * for a command (or, without {@code _ask}, the code it would have had).
	 */
	ERROR,

	/** No answer came within the call timeout. */
	TIMEOUT,

	/** The caller cancelled the call before its answer came. */
	CANCELLED,

	/**
	 * The connection closed before the answer came (call) or before it could be written
	 * (command).
	 */
	CLOSED,

	/**
	 * Failed on this side with no error code on the wire: arguments that cannot be sent
	 * (too long, missing, unencodable), or an answer that cannot be read.
	 */
	FAILED

}
