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
package io.ampproto.session;

import reactor.core.publisher.Mono;

/**
 * Acts around each call this side makes: sees the call ({@link AmpClientCall}), and
 * either sends it ({@link Chain#proceed()}), answers it itself ({@code Mono.just(...)}),
 * or fails it ({@code Mono.error(...)}) without sending anything. The Mono it returns is
 * what the caller gets: operators on it see the outcome and can time the call;
 * {@code contextWrite} adds to the Reactor context the call is made with (and so to
 * what observers of the call see).
 * <p>
 * Interceptors run when the caller subscribes to the call, on the caller's thread.
 * {@code StartTLS} and protocol switches are not intercepted: they reshape the
 * connection rather than call a command.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 * @see AmpSessionOptions#withInterceptors(java.util.List)
 */
@FunctionalInterface
public interface AmpClientInterceptor {

	/**
	 * Act on a call.
	 * @param call the call
	 * @param chain the rest of the chain, up to the peer
	 * @return the response (none for a response without fields) or an error
	 */
	Mono<?> intercept(AmpClientCall call, Chain chain);

	/**
	 * The interceptors after this one, then the call to the peer.
	 */
	@FunctionalInterface
	interface Chain {

		/**
		 * Pass the call on. Nothing is sent before the returned Mono is subscribed to;
		 * each subscription sends the command again.
		 * @return the answer of the peer, or of the interceptors after this one
		 */
		Mono<?> proceed();

	}

}
