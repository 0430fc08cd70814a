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

import java.util.Objects;

/**
 * A declared error of a command.
 *
 * @param code the error code on the wire
 * @param exception the simple name of the exception class that stands for it
 * @param fatal whether the responder closes the connection after sending it
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpErrorDescription(String code, String exception, boolean fatal) {

	/**
	 * Check the code and the exception name.
	 * @param code the error code
	 * @param exception the exception name
	 * @param fatal whether the error is fatal
	 */
	public AmpErrorDescription {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(exception, "exception");
	}

}
