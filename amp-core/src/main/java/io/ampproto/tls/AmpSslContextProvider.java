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
package io.ampproto.tls;

import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the SSL contexts of TLS handshakes. It is asked once per handshake, so a
 * provider that returns a new context after a certificate changes makes the change
 * apply to the next handshake; connections already secured keep theirs.
 * <p>
 * As in Twisted, TLS roles follow TCP roles: the side that connected is the TLS client,
 * whoever sent StartTLS.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpSslContextProvider {

	/**
	 * Return the context for a handshake in which this side is the TLS server (it
	 * accepted the TCP connection).
	 * @return the server context, or {@code null} when this side cannot be a TLS server
	 */
	@Nullable SslContext serverContext();

	/**
	 * Return the context for a handshake in which this side is the TLS client (it opened
	 * the TCP connection).
	 * @return the client context, or {@code null} when this side cannot be a TLS client
	 */
	@Nullable SslContext clientContext();

	/**
	 * Return a provider of fixed contexts.
	 * @param serverContext the server context, or {@code null}
	 * @param clientContext the client context, or {@code null}
	 * @return the provider
	 */
	static AmpSslContextProvider of(@Nullable SslContext serverContext, @Nullable SslContext clientContext) {
		return new AmpSslContextProvider() {

			@Override
			public @Nullable SslContext serverContext() {
				return serverContext;
			}

			@Override
			public @Nullable SslContext clientContext() {
				return clientContext;
			}

		};
	}

}
