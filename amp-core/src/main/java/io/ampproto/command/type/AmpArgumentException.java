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
package io.ampproto.command.type;

import io.ampproto.box.AmpException;
import org.jspecify.annotations.Nullable;

/**
 * A box value could not be decoded as its argument type, or a value could not be encoded.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpArgumentException extends AmpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the detail message
	 */
	public AmpArgumentException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause.
	 * @param message the detail message
	 * @param cause the cause
	 */
	public AmpArgumentException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
