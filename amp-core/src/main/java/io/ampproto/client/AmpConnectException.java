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

package io.ampproto.client;

import io.ampproto.box.AmpException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when an {@link AmpRequester} cannot connect to its server. Nothing was sent, so
 * the call may safely be retried.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpConnectException extends AmpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the detail message
	 * @param cause why the connection could not be opened
	 */
	public AmpConnectException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
