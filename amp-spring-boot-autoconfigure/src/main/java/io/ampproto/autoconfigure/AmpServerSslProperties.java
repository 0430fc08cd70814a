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
 * TLS properties of the server: the {@code amp.server.ssl.*} properties.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpServerSslProperties {

	/**
	 * Whether TCP connections speak TLS from the first byte; otherwise clients may
	 * start TLS with StartTLS when TLS is configured.
	 */
	private boolean enabled;

	/**
	 * Whether connections on the UNIX domain socket speak TLS from the first byte
	 * too when enabled is set. Off by default: its peers are local, file permissions
	 * guard it, and file descriptors cannot pass through TLS. StartTLS is available
	 * on it either way.
	 */
	private boolean onUnixSocket;

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) with the server's key and
	 * certificate; a trust store in it makes clients present a certificate it
	 * trusts. Without it, an AmpSslContextProvider bean is used when there is one.
	 */
	private @Nullable String bundle;

	/**
	 * Whether clients must present a certificate; by default "need" when the bundle
	 * has a trust store and "none" otherwise.
	 */
	private @Nullable ClientAuth clientAuth;

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

	public boolean isOnUnixSocket() {
		return this.onUnixSocket;
	}

	public void setOnUnixSocket(boolean onUnixSocket) {
		this.onUnixSocket = onUnixSocket;
	}

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public @Nullable ClientAuth getClientAuth() {
		return this.clientAuth;
	}

	public void setClientAuth(@Nullable ClientAuth clientAuth) {
		this.clientAuth = clientAuth;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

	/**
	 * Whether a TLS server asks its clients for a certificate.
	 */
	public enum ClientAuth {

		/**
		 * Ask for no client certificate.
		 */
		NONE,

		/**
		 * Ask for a client certificate, and accept clients without one.
		 */
		WANT,

		/**
		 * Require a client certificate.
		 */
		NEED

	}

}
