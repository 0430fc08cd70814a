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

import io.ampproto.command.AmpCommand;

/**
 * The command of the load run, Twisted's {@code Sum(a=Integer(), b=Integer())} answering
 * {@code total=Integer()}.
 *
 * @param a the first term
 * @param b the second term
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record Sum(int a, int b) implements AmpCommand<Sum.Result> {

	/**
	 * The answer.
	 *
	 * @param total the sum
	 */
	public record Result(int total) {
	}

}
