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
package io.ampproto.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * TLS properties of a named client: the {@code amp.client.<name>.ssl.*} properties.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpClientSslProperties {

	/**
	 * Whether the connection speaks TLS from the first byte.
	 */
	private boolean enabled;

	/**
	 * Whether each connection starts TLS with StartTLS before it is used.
	 */
	private boolean startTls;

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust store verifies the
	 * server (the JDK's default trust without one) and whose key and certificate, if
	 * any, are presented to it. Without it, an AmpSslContextProvider bean is used
	 * when there is one.
	 */
	private @Nullable String bundle;

	/**
	 * Whether the server's certificate must name the host connected to.
	 */
	private boolean verifyHostname = true;

	/**
	 * How long a TLS handshake may take before the connection is closed.
	 */
	private Duration handshakeTimeout = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isStartTls() {
		return this.startTls;
	}

	public void setStartTls(boolean startTls) {
		this.startTls = startTls;
	}

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public boolean isVerifyHostname() {
		return this.verifyHostname;
	}

	public void setVerifyHostname(boolean verifyHostname) {
		this.verifyHostname = verifyHostname;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

}
