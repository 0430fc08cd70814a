/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.test.autoconfigure.testapp;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;

/**
 * The commands {@link CalculatorResponder} answers.
 */
public final class CalculatorCommands {

	private CalculatorCommands() {
	}

	public record Sum(long a, long b) implements AmpCommand<Sum.Result> {

		public record Result(long total) {
		}

	}

	@AmpCommandSpec(errors = @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class))
	public record Divide(long numerator, long denominator) implements AmpCommand<Divide.Result> {

		public record Result(double result) {
		}

	}

	/** Throws an exception it does not declare: answered UNKNOWN. */
	public record Explode() implements AmpCommand<Void> {
	}

	/** Never answered. */
	public record Hang() implements AmpCommand<Void> {
	}

	/** Asks for no answer; the responder records it in the {@link Audit}. */
	@AmpCommandSpec(requiresAnswer = false)
	public record Note(String text) implements AmpCommand<Void> {
	}

	/** How many commands were called on this connection before, this one included. */
	public record CallsOnThisConnection() implements AmpCommand<CallsOnThisConnection.Result> {

		public record Result(long calls) {
		}

	}

}
