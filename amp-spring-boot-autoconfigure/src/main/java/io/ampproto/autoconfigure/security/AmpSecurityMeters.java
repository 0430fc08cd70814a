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
package io.ampproto.autoconfigure.security;

import io.ampproto.security.AmpSecurityListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts logins ({@code amp.security.logins}, tags {@code method} and {@code outcome}) and
 * refused commands ({@code amp.security.refusals}, tags {@code command} and
 * {@code reason}). Every tag takes few values: the command is one the server answers.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpSecurityMeters implements AmpSecurityListener {

	static final String LOGINS = "amp.security.logins";

	static final String REFUSALS = "amp.security.refusals";

	private final MeterRegistry registry;

	AmpSecurityMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void login(String method, String outcome) {
		Counter.builder(LOGINS)
			.description("Logins tried on AMP connections")
			.tag("method", method)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	@Override
	public void refused(String command, String reason) {
		Counter.builder(REFUSALS)
			.description("AMP commands refused to their caller")
			.tag("command", command)
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

}
