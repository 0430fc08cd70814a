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

package io.ampproto.testsupport;

import java.util.List;
import java.util.Optional;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;

/**
 * The commands of the tests: those of amp-protocol.md §7 and a few more. One set for
 * every module's tests (amp-core's test-jar).
 *
 * @author AMP for Spring Boot contributors
 */
public final class TestCommands {

	private TestCommands() {
	}

	public record Sum(long a, long b) implements AmpCommand<Sum.Result> {
		public record Result(long total) {
		}
	}

	@AmpCommandSpec(errors = { @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class),
			@AmpError(code = "FATAL_OOPS", exception = IllegalStateException.class, fatal = true) })
	public record Divide(int numerator, int denominator) implements AmpCommand<Divide.Result> {
		public record Result(double result) {
		}
	}

	@AmpCommandSpec(requiresAnswer = false)
	public record Ping(int n) implements AmpCommand<Void> {
	}

	public record Boom() implements AmpCommand<Void> {
	}

	public record Slow(int id, int delayMillis) implements AmpCommand<Slow.Result> {
		public record Result(int id) {
		}
	}

	public record Callback(int n) implements AmpCommand<Callback.Result> {
		public record Result(int result) {
		}
	}

	@AmpCommandSpec(name = "wire-name")
	public record Renamed(@AmpArgument(name = "dash-arg") String dashArg, Optional<Integer> maybe,
			@AmpArgument(optional = true) String other) implements AmpCommand<Void> {
	}

	public record Lists(List<Long> ints, List<Row> rows) implements AmpCommand<Void> {
		public record Row(long a, String b) {
		}
	}

	public record Nothing() implements AmpCommand<Nothing.Result> {
		public record Result(int value) {
		}
	}

	/** Answered by a server that calls {@link Sum} back on the client. */
	public record Twice(long n) implements AmpCommand<Twice.Result> {
		public record Result(long twice) {
		}
	}

}
