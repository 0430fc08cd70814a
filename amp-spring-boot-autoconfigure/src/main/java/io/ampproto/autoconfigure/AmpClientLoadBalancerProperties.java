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
package io.ampproto.autoconfigure;

import java.time.Duration;

/**
 * How a client of a service id ({@code amp.client.<name>.service-id}) spreads its calls:
 * the {@code amp.client.<name>.load-balancer.*} properties.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpClientLoadBalancerProperties {

	/**
	 * How often the instances are listed, to drain and close the connections of those
	 * that left the service.
	 */
	private Duration refreshInterval = Duration.ofSeconds(5);

	/**
	 * How long the calls waiting on an instance that left may take before its connection
	 * closes.
	 */
	private Duration drainTimeout = Duration.ofSeconds(30);

	/**
	 * How many times in all an idempotent call is sent when connections drop before its
	 * answer.
	 */
	private int maxAttempts = 3;

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

}
