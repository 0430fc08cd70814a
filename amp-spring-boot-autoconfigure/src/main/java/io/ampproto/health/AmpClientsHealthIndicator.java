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
package io.ampproto.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the named AMP clients ({@code amp.client.<name>}): for each, how many servers
 * it has an open connection to, and for a client of a service id the service and the
 * instances it knows. Always up: clients connect on first use, and a load-balanced one
 * skips the instances it cannot reach.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpClientsHealthIndicator extends AbstractHealthIndicator {

	private final AmpRequesters requesters;

	/**
	 * Create an indicator.
	 * @param requesters the named clients
	 */
	public AmpClientsHealthIndicator(AmpRequesters requesters) {
		super("AMP clients health check failed");
		this.requesters = Objects.requireNonNull(requesters, "requesters");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		for (String name : this.requesters.names()) {
			AmpRequester requester = this.requesters.get(name);
			Map<String, Object> details = new LinkedHashMap<>();
			String serviceId = requester.serviceId();
			if (serviceId != null) {
				details.put("serviceId", serviceId);
				details.put("instances", requester.knownInstances().size());
			}
			details.put("connected", requester.connectedInstances());
			builder.withDetail(name, details);
		}
	}

}
