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

import java.util.Arrays;
import java.util.Objects;

import javax.net.ssl.SSLException;

import io.ampproto.tls.AmpSslContextProvider;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * An {@link AmpSslContextProvider} that builds its contexts from a Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.*}). It reads the bundle at every handshake and builds new
 * contexts when the bundle has changed, so a reloaded bundle applies to the next
 * handshake.
 * <p>
 * As a TLS server, it presents the bundle's key and certificate, and, when the bundle has
 * a trust store (and client authentication is not set otherwise), requires a client
 * certificate signed by it: mutual TLS, as Twisted's {@code tls_verifyAuthorities} on a
 * responder. As a TLS client, it presents the bundle's key and certificate when there is
 * one, and verifies the server with the bundle's trust store (the JDK's default trust
 * when the bundle has none). The bundle's protocols and cipher suites apply to both.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpSslBundleContextProvider implements AmpSslContextProvider {

	private final SslBundles bundles;

	private final String bundleName;

	private final @Nullable ClientAuth clientAuth;

	private volatile @Nullable Built server;

	private volatile @Nullable Built client;

	/**
	 * Create a provider.
	 * @param bundles the SSL bundles
	 * @param bundleName the name of the bundle
	 * @param clientAuth whether a TLS server asks clients for a certificate; {@code null}
	 * to require one exactly when the bundle has a trust store
	 */
	AmpSslBundleContextProvider(SslBundles bundles, String bundleName, @Nullable ClientAuth clientAuth) {
		this.bundles = Objects.requireNonNull(bundles, "bundles");
		this.bundleName = Objects.requireNonNull(bundleName, "bundleName");
		this.clientAuth = clientAuth;
		// Fails at startup when the bundle does not exist.
		bundles.getBundle(bundleName);
	}

	@Override
	public @Nullable SslContext serverContext() {
		SslBundle bundle = this.bundles.getBundle(this.bundleName);
		Built built = this.server;
		if (built == null || built.bundle != bundle) {
			built = new Built(bundle, buildServer(bundle));
			this.server = built;
		}
		return built.context;
	}

	@Override
	public @Nullable SslContext clientContext() {
		SslBundle bundle = this.bundles.getBundle(this.bundleName);
		Built built = this.client;
		if (built == null || built.bundle != bundle) {
			built = new Built(bundle, buildClient(bundle));
			this.client = built;
		}
		return built.context;
	}

	private @Nullable SslContext buildServer(SslBundle bundle) {
		SslStoreBundle stores = bundle.getStores();
		if (stores.getKeyStore() == null) {
			// Nothing to present: this side cannot be a TLS server.
			return null;
		}
		ClientAuth clientAuth = (this.clientAuth != null) ? this.clientAuth
				: (stores.getTrustStore() != null) ? ClientAuth.REQUIRE : ClientAuth.NONE;
		SslContextBuilder builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
			.clientAuth(clientAuth);
		if (clientAuth != ClientAuth.NONE) {
			builder.trustManager(bundle.getManagers().getTrustManagerFactory());
		}
		return build(builder, bundle);
	}

	private SslContext buildClient(SslBundle bundle) {
		SslContextBuilder builder = SslContextBuilder.forClient()
			.trustManager(bundle.getManagers().getTrustManagerFactory());
		if (bundle.getStores().getKeyStore() != null) {
			builder.keyManager(bundle.getManagers().getKeyManagerFactory());
		}
		return build(builder, bundle);
	}

	private SslContext build(SslContextBuilder builder, SslBundle bundle) {
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(Arrays.asList(options.getCiphers()));
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot build an SSL context from SSL bundle '" + this.bundleName + "'", ex);
		}
	}

	@Override
	public String toString() {
		return "AmpSslBundleContextProvider{bundle=" + this.bundleName + "}";
	}

	/**
	 * A context and the bundle it was built from.
	 */
	private record Built(SslBundle bundle, @Nullable SslContext context) {
	}

}
