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
package io.ampproto.responder;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AmpCommandMappingReflectiveProcessor}, through Spring's processing of
 * {@code @Reflective}, as AOT runs it over the beans of a context.
 */
class AmpCommandMappingReflectiveProcessorTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void responderMethodsTheirCommandsResponsesAndErrorsAreRegistered() throws Exception {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Calculator.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Calculator.class.getDeclaredMethod("twice", Twice.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Calculator.class.getDeclaredMethod("divide", long.class, long.class)))
			.accepts(this.hints);
		for (Class<?> record : new Class<?>[] { Twice.class, Twice.Result.class, Divide.class, Divide.Result.class,
				Greeting.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(record)
				.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(record.getName())
				.accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(ArithmeticException.class.getConstructor(String.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(IllegalStateException.class.getConstructor(String.class))).accepts(this.hints);
	}

	@AmpResponder
	static class Calculator {

		@AmpCommandMapping
		Mono<Twice.Result> twice(Twice twice) {
			return Mono.just(new Twice.Result(twice.n() * 2));
		}

		@AmpCommandMapping(Divide.class)
		Divide.Result divide(long numerator, long denominator) {
			return new Divide.Result((double) numerator / denominator);
		}

		@AmpCommandMapping(name = "Greet",
				errors = @AmpError(code = "RUDE", exception = IllegalStateException.class))
		Greeting greet(String name) {
			return new Greeting("hello " + name);
		}

	}

	record Twice(long n) implements AmpCommand<Twice.Result> {
		record Result(long twice) {
		}
	}

	@AmpCommandSpec(errors = @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class))
	record Divide(long numerator, long denominator) implements AmpCommand<Divide.Result> {
		record Result(double result) {
		}
	}

	record Greeting(String text) {
	}

}
