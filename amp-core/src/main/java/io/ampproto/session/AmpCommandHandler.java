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

import org.reactivestreams.Publisher;

/**
 * Answers one command: given the decoded command, publishes its response (at most one
 * element; none for a response without fields) or fails with an error.
 *
 * @param <C> the command type
 * @param <R> the response type
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface AmpCommandHandler<C, R> {

	/**
	 * Answer a command.
	 * @param command the decoded command
	 * @param session the session it arrived on, for calls back to the caller
	 * @return the response
	 */
	Publisher<R> handle(C command, AmpSession session);

	/**
	 * Answer a command, with its context: what the session calls. By default,
	 * {@link #handle(Object, AmpSession)}.
	 * @param command the decoded command
	 * @param call the command's context: its session, principal and attributes
	 * @return the response
	 */
	default Publisher<R> handle(C command, AmpCallContext call) {
		return handle(command, call.session());
	}

}
