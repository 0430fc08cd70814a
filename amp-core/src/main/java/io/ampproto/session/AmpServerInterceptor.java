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
 * Acts around each command this side receives, before its responder: sees the command
 * ({@link AmpCallContext}), and either passes it on ({@link Chain#proceed()}), answers it
 * ({@code Mono.just(response)}, {@code Mono.empty()} for a response without fields), or
 * fails it ({@code Mono.error(...)}) without reaching the responder. The Mono it returns
 * is the answer: operators on it see the outcome, and {@code contextWrite} adds to the
 * Reactor context of what follows in the chain.
 * <p>
 * A refusal with an exception the command declares (or an
 * {@link io.ampproto.command.AmpRemoteException} with the code of your choice) is
 * answered with its code and the connection stays open; any other error is answered
 * {@code UNKNOWN} and closes the connection, as an undeclared error of a responder
 * does in Twisted.
 * <p>
 * Interceptors run where the responder runs: on the connection's event loop for a
 * reactive or event-loop responder (where they must not block), on the blocking
 * executor's thread for a blocking one. They should return {@code Mono}s that defer
 * their work to subscription.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 * @see AmpResponders.Builder#intercept(AmpServerInterceptor)
 */
@FunctionalInterface
public interface AmpServerInterceptor {

	/**
	 * Act on a received command.
	 * @param call the command
	 * @param chain the rest of the chain, up to the responder
	 * @return the answer: the response (none for a response without fields) or an error
	 */
	Mono<?> intercept(AmpCallContext call, Chain chain);

	/**
	 * The interceptors after this one, then the responder.
	 */
	@FunctionalInterface
	interface Chain {

		/**
		 * Pass the command on. Nothing runs before the returned Mono is subscribed to;
		 * each subscription runs the rest of the chain again.
		 * @return the answer of the rest of the chain
		 */
		Mono<?> proceed();

	}

}
