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
package io.ampproto.benchmarks.load;

import io.netty.util.concurrent.EventExecutor;

/**
 * The client side of one system under test: makes {@code Sum}-like calls on one
 * connection.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface Caller extends AutoCloseable {

	/**
	 * Start a call. Called on {@link #executor()}; the completion may run on any thread.
	 * @param a the first term
	 * @param b the second term
	 * @param completion told the total or the failure
	 */
	void call(int a, int b, Completion completion);

	/**
	 * Return where calls are started: the connection's event loop.
	 * @return the executor
	 */
	EventExecutor executor();

	@Override
	void close();

	/**
	 * Told how a call ended.
	 */
	interface Completion {

		/**
		 * The call was answered.
		 * @param total the total in the answer
		 */
		void completed(int total);

		/**
		 * The call failed.
		 * @param error the error
		 */
		void failed(Throwable error);

	}

}
