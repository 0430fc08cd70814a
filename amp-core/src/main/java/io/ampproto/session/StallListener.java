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

/**
 * Told of each stall a {@link BlockingThreadPool}'s monitor acts on: how many threads it
 * woke or started, against how many there were (for tests of that bound).
 *
 * @author AMP for Spring Boot contributors
 */
@FunctionalInterface
interface StallListener {

	/**
	 * The monitor woke or started threads for a stall.
	 * @param threads the threads there were
	 * @param woken how many it woke or started
	 */
	void threadsWoken(int threads, int woken);

}
