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

import java.time.Duration;

import io.ampproto.command.AmpCommandSchema;
import org.jspecify.annotations.Nullable;

/**
 * One call this side makes, as {@link AmpClientInterceptor interceptors} see it: the
 * command's name and schema, the command (its record, its arguments, or the argument box
 * of a raw call), the session it goes over, its timeout, and attributes that live as
 * long as the call.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpClientCall extends InterceptedCall {

	private final @Nullable Duration timeout;

	private final boolean declared;

	/**
	 * Create a call, for tests of interceptors.
	 * @param schema the command's schema
	 * @param command the command
	 * @param session the session it goes over
	 * @param timeout how long the caller waits for the answer, or {@code null}
	 * @param declared whether the schema is declared in code ({@code false} for raw
	 * calls)
	 */
	public AmpClientCall(AmpCommandSchema<?, ?> schema, Object command, AmpSession session,
			@Nullable Duration timeout, boolean declared) {
		super(schema, command, session);
		this.timeout = timeout;
		this.declared = declared;
	}

	/**
	 * Return whether the schema is declared in code: {@code false} for
	 * {@link AmpSession#callRaw} and {@link AmpSession#sendRaw}, whose names come from
	 * data.
	 * @return whether the command is declared
	 */
	public boolean isDeclared() {
		return this.declared;
	}

	/**
	 * Return how long the caller waits for the answer.
	 * @return the timeout, or {@code null} to wait until the connection closes
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

}
