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

import org.jspecify.annotations.Nullable;

/**
 * The connection closed, or was already closed, before an operation could complete: a
 * send on a closed connection, or a call whose answer never came.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpConnectionClosedException extends AmpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the detail message
	 * @param cause why the connection closed, when known
	 */
	public AmpConnectionClosedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
