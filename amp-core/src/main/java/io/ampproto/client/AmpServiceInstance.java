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
package io.ampproto.client;

import java.util.Objects;

/**
 * One instance of a service, as a load balancer names it: where a load-balanced
 * {@link AmpRequester} connects, one connection per instance.
 *
 * @param serviceId the service the instance belongs to
 * @param instanceId the instance's id in the registry
 * @param host the host to connect to
 * @param port the AMP port (the registry's {@code amp-port} metadata when present, else the
 * instance's port)
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpServiceInstance(String serviceId, String instanceId, String host, int port) {

	/** The metadata key of the AMP port, when an instance registers another port (HTTP) as its own. */
	public static final String AMP_PORT_METADATA = "amp-port";

	public AmpServiceInstance {
		Objects.requireNonNull(serviceId, "serviceId");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(host, "host");
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException(
					"AMP port of instance " + instanceId + " of " + serviceId + " must be 1..65535, but was " + port);
		}
	}

	/**
	 * Return the address as {@code host:port}, in brackets for an IPv6 host.
	 * @return the address
	 */
	public String address() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}
