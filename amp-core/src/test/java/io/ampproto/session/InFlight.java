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
 * Calls started now and awaited later, as tests that pipeline calls need them.
 *
 * @author AMP for Spring Boot contributors
 */
final class InFlight {

	private InFlight() {
	}

	/**
	 * Subscribe to a call now (so that it is sent), and return it for awaiting later.
	 * @param <T> the response type
	 * @param call the call
	 * @return the call, cached: blocking on it waits for the same answer
	 */
	static <T> Mono<T> started(Mono<T> call) {
		Mono<T> cached = call.cache();
		cached.subscribe((value) -> {
		}, (error) -> {
		});
		return cached;
	}

}
