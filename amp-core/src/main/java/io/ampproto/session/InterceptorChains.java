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

import java.util.List;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * The chains of {@link AmpServerInterceptor}s and {@link AmpClientInterceptor}s: each step
 * runs when the Mono of the step before it is subscribed to, so that an interceptor that
 * refuses a call can be sure nothing after it ran.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class InterceptorChains {

	private InterceptorChains() {
	}

	/**
	 * Run a received command through interceptors, then its responder, each in the
	 * command's scope.
	 */
	static Mono<?> server(AmpServerInterceptor[] interceptors, AmpCallContext call, Supplier<Mono<?>> responder) {
		return new ServerChain(interceptors, 0, call, responder).proceed();
	}

	/**
	 * Run a call through interceptors, then send it.
	 */
	@SuppressWarnings("unchecked")
	static <R> Mono<R> client(List<AmpClientInterceptor> interceptors, Supplier<AmpClientCall> call, Mono<R> send) {
		return (Mono<R>) Mono.defer(() -> {
			AmpClientCall current = call.get();
			return interceptors.get(0).intercept(current, new ClientChain(interceptors, 1, current, send));
		});
	}

	private record ServerChain(AmpServerInterceptor[] interceptors, int index, AmpCallContext call,
			Supplier<Mono<?>> responder) implements AmpServerInterceptor.Chain {

		@Override
		public Mono<?> proceed() {
			return Mono.defer(() -> {
				try (AmpSessionObserver.Scope scope = this.call.openScope()) {
					if (this.index == this.interceptors.length) {
						return this.responder.get();
					}
					AmpServerInterceptor.Chain next = new ServerChain(this.interceptors, this.index + 1, this.call,
							this.responder);
					return this.interceptors[this.index].intercept(this.call, next);
				}
			});
		}

	}

	private record ClientChain(List<AmpClientInterceptor> interceptors, int index, AmpClientCall call,
			Mono<?> send) implements AmpClientInterceptor.Chain {

		@Override
		public Mono<?> proceed() {
			if (this.index == this.interceptors.size()) {
				return this.send;
			}
			return Mono.defer(() -> this.interceptors.get(this.index)
				.intercept(this.call, new ClientChain(this.interceptors, this.index + 1, this.call, this.send)));
		}

	}

}
