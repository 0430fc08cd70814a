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
package io.ampproto.health;

import java.util.Objects;

import io.ampproto.server.AmpSessionServer;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A {@link HealthIndicator} of the AMP server: {@code UP} while it is bound and accepting
 * connections, {@code DOWN} before it starts, when it failed to bind, while it shuts down
 * and after. Details: the {@code state}, the {@code port}, the open {@code connections},
 * and whether {@code tls} is configured.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpHealthIndicator extends AbstractHealthIndicator {

	private final AmpSessionServer server;

	private final boolean tls;

	/**
	 * Create an indicator.
	 * @param server the server
	 * @param tls whether the server is configured for TLS
	 */
	public AmpHealthIndicator(AmpSessionServer server, boolean tls) {
		super("AMP health check failed");
		this.server = Objects.requireNonNull(server, "server");
		this.tls = tls;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Throwable startFailure = this.server.startFailure();
		if (this.server.isShuttingDown()) {
			// The address is forgotten once every connection is closed.
			builder.down().withDetail("state", (this.server.address() != null) ? "shutting down" : "stopped");
		}
		else if (this.server.isRunning()) {
			builder.up().withDetail("state", "accepting");
		}
		else if (startFailure != null) {
			builder.down(startFailure).withDetail("state", "failed to bind");
		}
		else {
			builder.down().withDetail("state", "not started");
		}
		int port = this.server.port();
		if (port != -1) {
			builder.withDetail("port", port);
		}
		builder.withDetail("connections", this.server.openConnections()).withDetail("tls", this.tls);
	}

}
