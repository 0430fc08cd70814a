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
package io.ampproto.schema.codegen;

/**
 * A description that cannot become source code, with a message for the user that names
 * the command and, when known, where it was declared.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpCodegenException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what cannot be generated, and why
	 */
	public AmpCodegenException(String message) {
		super(message);
	}

}
