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
 * Told each time an {@link AmpSession} stops reading from its peer because of a limit,
 * so that it can be counted (for example by a metrics binder). Called on the
 * connection's event loop: implementations must be quick and must not block.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpBackpressureListener {

	/**
	 * A listener that does nothing.
	 */
	AmpBackpressureListener NONE = new AmpBackpressureListener() {
	};

	/**
	 * The peer has {@link AmpSessionOptions#maxInboundCallsInFlight()} commands being
	 * answered: nothing more is read from it until one is answered.
	 * @param session the session
	 */
	default void onCallLimitReached(AmpSession session) {
	}

	/**
	 * The peer does not read the answers it is sent (the connection is not writable):
	 * no more of its commands are read until it does.
	 * @param session the session
	 */
	default void onWritabilityPause(AmpSession session) {
	}

	/**
	 * The {@link AmpBlockingExecutor} of a responder is at its bound: the session starts
	 * none of the peer's commands (and stops reading once its backlog is full) until a
	 * blocking responder returns.
	 * @param session the session
	 */
	default void onBlockingLimitReached(AmpSession session) {
	}

}
