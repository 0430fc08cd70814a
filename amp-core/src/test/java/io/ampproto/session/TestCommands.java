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
import java.util.Optional;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;

/**
 * Commands of amp-protocol.md §7 and a few more, for the session tests.
 */
final class TestCommands {

	private TestCommands() {
	}

	record Sum(long a, long b) implements AmpCommand<Sum.Result> {
		record Result(long total) {
		}
	}

	@AmpCommandSpec(errors = { @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class),
			@AmpError(code = "FATAL_OOPS", exception = IllegalStateException.class, fatal = true) })
	record Divide(int numerator, int denominator) implements AmpCommand<Divide.Result> {
		record Result(double result) {
		}
	}

	@AmpCommandSpec(requiresAnswer = false)
	record Ping(int n) implements AmpCommand<Void> {
	}

	record Boom() implements AmpCommand<Void> {
	}

	record Slow(int id, int delayMillis) implements AmpCommand<Slow.Result> {
		record Result(int id) {
		}
	}

	record Callback(int n) implements AmpCommand<Callback.Result> {
		record Result(int result) {
		}
	}

	@AmpCommandSpec(name = "wire-name")
	record Renamed(@AmpArgument(name = "dash-arg") String dashArg, Optional<Integer> maybe,
			@AmpArgument(optional = true) String other) implements AmpCommand<Void> {
	}

	record Lists(List<Long> ints, List<Row> rows) implements AmpCommand<Void> {
		record Row(long a, String b) {
		}
	}

	record Nothing() implements AmpCommand<Nothing.Result> {
		record Result(int value) {
		}
	}

}
