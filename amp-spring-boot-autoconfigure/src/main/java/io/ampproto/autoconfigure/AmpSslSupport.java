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

import io.ampproto.tls.AmpSslContextProvider;
import io.netty.handler.ssl.ClientAuth;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;

/**
 * Finds where the SSL contexts of a server or a client come from: the SSL bundle named
 * in its properties, or else the application's {@link AmpSslContextProvider} bean.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpSslSupport {

	private AmpSslSupport() {
	}

	static @Nullable AmpSslContextProvider provider(@Nullable String bundle,
			AmpServerSslProperties.@Nullable ClientAuth clientAuth, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<AmpSslContextProvider> providers, String prefix) {
		if (bundle != null && !bundle.isEmpty()) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new IllegalStateException(prefix + ".bundle is set to '" + bundle
						+ "' but there is no SslBundles bean (SslAutoConfiguration)");
			}
			return new AmpSslBundleContextProvider(bundles, bundle, nettyClientAuth(clientAuth));
		}
		return providers.getIfUnique();
	}

	static @Nullable ClientAuth nettyClientAuth(AmpServerSslProperties.@Nullable ClientAuth clientAuth) {
		if (clientAuth == null) {
			return null;
		}
		return switch (clientAuth) {
			case NONE -> ClientAuth.NONE;
			case WANT -> ClientAuth.OPTIONAL;
			case NEED -> ClientAuth.REQUIRE;
		};
	}

}
