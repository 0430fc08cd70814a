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

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.ampproto.command.AmpCommandSchema;
import org.jspecify.annotations.Nullable;

/**
 * What a call both ways shows its interceptors: a call this side makes
 * ({@link AmpClientCall}) and a command received from the peer ({@link AmpCallContext})
 * alike have a command, its name and schema, the session it goes over, and attributes
 * that live as long as the call.
 *
 * @author AMP for Spring Boot contributors
 */
abstract sealed class InterceptedCall permits AmpCallContext, AmpClientCall {

	private final AmpCommandSchema<?, ?> schema;

	private final Object command;

	private final AmpSession session;

	private volatile @Nullable Map<String, Object> attributes;

	InterceptedCall(AmpCommandSchema<?, ?> schema, Object command, AmpSession session) {
		this.schema = Objects.requireNonNull(schema, "schema");
		this.command = Objects.requireNonNull(command, "command");
		this.session = Objects.requireNonNull(session, "session");
	}

	/**
	 * Return the command's name.
	 * @return the command name
	 */
	public String commandName() {
		return this.schema.name();
	}

	/**
	 * Return the command's schema: its arguments, response and declared errors (those of
	 * the responder, for a command received).
	 * @return the schema
	 */
	public AmpCommandSchema<?, ?> schema() {
		return this.schema;
	}

	/**
	 * Return the command: its record, its arguments ({@code Object[]}) for a command
	 * declared by a method's signature or a schema of arguments, or the whole box for a
	 * raw responder or a raw call.
	 * @return the command
	 */
	public Object command() {
		return this.command;
	}

	/**
	 * Return the session the command goes over, whose attributes live as long as the
	 * connection.
	 * @return the session
	 */
	public AmpSession session() {
		return this.session;
	}

	/**
	 * Return the attributes of this call, shared by its interceptors (and the responder,
	 * for a command received).
	 * @return the attributes, mutable
	 */
	public Map<String, Object> attributes() {
		Map<String, Object> attributes = this.attributes;
		if (attributes == null) {
			synchronized (this) {
				attributes = this.attributes;
				if (attributes == null) {
					attributes = new ConcurrentHashMap<>();
					this.attributes = attributes;
				}
			}
		}
		return attributes;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + commandName() + " on " + this.session + "]";
	}

}
