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

import io.ampproto.box.AmpException;

/**
 * A call's answer did not arrive in time. Its tag is forgotten: a late answer is logged and
 * dropped.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpCallTimeoutException extends AmpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param command the command name
	 * @param tag the call's tag
	 * @param timeout the timeout
	 */
	public AmpCallTimeoutException(String command, String tag, Duration timeout) {
		super("AMP call " + command + " (_ask " + tag + ") got no answer within " + timeout);
	}

}
