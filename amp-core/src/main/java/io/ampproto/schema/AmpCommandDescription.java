/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.schema;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a peer needs to know to call a command: its wire name, its arguments and response
 * in Twisted's type terms, its errors, and whether it answers.
 *
 * @param name the wire name ({@code commandName} in Twisted)
 * @param typeName the name of the class that declares it (a Java record or a Python
 * {@code Command} class), which generated code keeps
 * @param arguments the arguments, or {@code null} when the command takes raw boxes
 * @param response the response fields, or {@code null} when it answers raw boxes
 * @param errors the declared errors
 * @param requiresAnswer whether the caller asks for an answer
 * @param protocolSwitch whether the connection leaves AMP after the answer (Twisted's
 * {@code ProtocolSwitchCommand})
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpCommandDescription(String name, String typeName, @Nullable List<AmpFieldDescription> arguments,
		@Nullable List<AmpFieldDescription> response, List<AmpErrorDescription> errors, boolean requiresAnswer,
		boolean protocolSwitch) {

	/**
	 * Check and copy the parts.
	 * @param name the wire name
	 * @param typeName the declaring class's name
	 * @param arguments the arguments
	 * @param response the response fields
	 * @param errors the errors
	 * @param requiresAnswer whether an answer is asked for
	 * @param protocolSwitch whether it switches protocols
	 */
	public AmpCommandDescription {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(typeName, "typeName");
		if (name.isEmpty()) {
			throw new IllegalArgumentException("An AMP command name must not be empty");
		}
		arguments = (arguments != null) ? List.copyOf(arguments) : null;
		response = (response != null) ? List.copyOf(response) : null;
		errors = List.copyOf(errors);
	}

	/**
	 * Return the command in Twisted's terms on one line, such as
	 * {@code Sum(a: Integer, b: Integer) -> (total: Integer)}.
	 */
	@Override
	public String toString() {
		return this.name + "(" + fields(this.arguments) + ") -> (" + fields(this.response) + ")";
	}

	private static String fields(@Nullable List<AmpFieldDescription> fields) {
		if (fields == null) {
			return "raw box";
		}
		return String.join(", ", fields.stream().map(AmpFieldDescription::toString).toList());
	}

}
