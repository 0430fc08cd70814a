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
package io.ampproto.autoconfigure.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the observations of AMP calls and commands.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("amp.observations")
public class AmpObservationProperties {

	private final Propagation propagation = new Propagation();

	/**
	 * Return the settings of trace propagation over the wire.
	 * @return the propagation settings
	 */
	public Propagation getPropagation() {
		return this.propagation;
	}

	/**
	 * Trace propagation over the wire.
	 */
	public static class Propagation {

		/**
		 * Whether each call carries the caller's trace context (W3C traceparent, or what
		 * the tracer's propagator writes) under reserved keys of its command box, and
		 * commands that carry one are traced as children of the caller's call. Twisted
		 * ignores keys its commands do not declare.
		 */
		private boolean enabled;

		/**
		 * What precedes each field of a propagated trace context in a command box
		 * (_trace.traceparent by default): keys no argument may have.
		 */
		private String keyPrefix = "_trace.";

		/**
		 * Return whether trace contexts go over the wire.
		 * @return whether propagation is on
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether trace contexts go over the wire.
		 * @param enabled whether propagation is on
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return what precedes each field of a trace context in a command box.
		 * @return the key prefix
		 */
		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		/**
		 * Set what precedes each field of a trace context in a command box.
		 * @param keyPrefix the key prefix, not empty
		 */
		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

}
