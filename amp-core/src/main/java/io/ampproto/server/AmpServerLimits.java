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
package io.ampproto.server;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Limits of an {@link AmpSessionServer} on its connections. The limits on what one
 * connection may do are in {@link io.ampproto.session.AmpSessionOptions} (commands in
 * flight) and {@link io.ampproto.box.AmpLimits} (box size).
 *
 * @param maxConnections how many connections may be open at once; one more is closed as
 * soon as it is accepted
 * @param idleTimeout how long a connection may go without traffic, and without a call in
 * flight, before it is closed; {@code null} to keep idle connections open, as Twisted
 * does
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpServerLimits(int maxConnections, @Nullable Duration idleTimeout) {

	/** Default maximum number of connections. */
	public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

	/** The defaults: 10,000 connections, no idle timeout. */
	public static final AmpServerLimits DEFAULTS = new AmpServerLimits(DEFAULT_MAX_CONNECTIONS, null);

	/**
	 * Validate the limits.
	 * @param maxConnections the maximum number of connections
	 * @param idleTimeout the idle timeout, or {@code null}
	 */
	public AmpServerLimits {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be positive, but was " + maxConnections);
		}
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
			throw new IllegalArgumentException("idleTimeout must be positive, but was " + idleTimeout);
		}
	}

	/**
	 * Return a copy with another maximum number of connections.
	 * @param maxConnections the maximum
	 * @return new limits
	 */
	public AmpServerLimits withMaxConnections(int maxConnections) {
		return new AmpServerLimits(maxConnections, this.idleTimeout);
	}

	/**
	 * Return a copy with another idle timeout.
	 * @param idleTimeout the timeout, or {@code null} for none
	 * @return new limits
	 */
	public AmpServerLimits withIdleTimeout(@Nullable Duration idleTimeout) {
		return new AmpServerLimits(this.maxConnections, idleTimeout);
	}

}
