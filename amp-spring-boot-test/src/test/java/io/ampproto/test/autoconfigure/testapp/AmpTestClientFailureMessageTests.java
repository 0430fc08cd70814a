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

import java.util.Map;

import io.ampproto.test.AmpTestClient;
import io.ampproto.test.autoconfigure.AmpTest;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Divide;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Explode;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Note;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Sum;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The failures {@link AmpTestClient} reports, read as a test's author reads them.
 */
@AmpTest
class AmpTestClientFailureMessageTests {

	@MockitoBean
	Audit audit;

	@Autowired
	AmpTestClient client;

	@Test
	void answerExpectedButErrorAnswered() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.call(new Divide(1, 0)).expectAnswer())
			.withMessage("Expected an answer to Divide[numerator=1, denominator=0], but it was answered with "
					+ "error ZERO_DIVISION: division by zero");
	}

	@Test
	void answerExpectedButUndeclaredExceptionAnsweredUnknown() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.client.call(new Explode()).expectAnswer())
			.withMessage("Expected an answer to Explode[], but it was answered with error UNKNOWN: Unknown Error");
	}

	@Test
	void errorExpectedButAnswered() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.call(new Sum(1, 2)).expectError("ZERO_DIVISION"))
			.withMessage("Expected Sum[a=1, b=2] to be answered with error ZERO_DIVISION, but it was answered: "
					+ "Result[total=3]");
	}

	@Test
	void otherErrorExpected() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.call(new Divide(1, 0)).expectError("OVERFLOW"))
			.withMessage("Expected Divide[numerator=1, denominator=0] to be answered with error OVERFLOW, but it "
					+ "was answered with error ZERO_DIVISION: division by zero");
	}

	@Test
	void otherDescriptionExpected() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.call(new Divide(1, 0)).expectError("ZERO_DIVISION").isEqualTo("oops"))
			.withMessageContaining("[description of error ZERO_DIVISION to Divide[numerator=1, denominator=0]]")
			.withMessageContaining("\"division by zero\"");
	}

	@Test
	void answerExpectedOfACommandThatAsksForNone() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.call(new Note("x")).expectAnswer())
			.withMessage("Expected an answer to Note[text=x], but Note asks for none (requiresAnswer = false): "
					+ "use expectNoAnswer()");
	}

	@Test
	void noAnswerExpectedOfACommandThatAsksForOne() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.client.call(new Sum(1, 2)).expectNoAnswer())
			.withMessage("Expected Sum[a=1, b=2] to be sent without an answer, but Sum asks for one: use "
					+ "expectAnswer() or expectError(code)");
	}

	@Test
	void failureExpectedButAnswered() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.client.call(new Sum(1, 2)).expectFailure())
			.withMessage("Expected Sum[a=1, b=2] to fail, but it was answered: Result[total=3]");
	}

	@Test
	void rawAnswerExpectedButUnhandled() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.callRaw("Nope", Map.of("a", "1")).expectAnswer())
			.withMessage("Expected an answer to Nope{a=1}, but it was answered with error UNHANDLED: "
					+ "Unhandled Command: b'Nope'");
	}

	@Test
	void argumentThatCannotBeSentFailsBeforeAnswer() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.callRaw("Sum", Map.of("a", "x".repeat(70_000))).expectAnswer())
			.withMessageStartingWith("Expected an answer to Sum{a=xxx")
			.withMessageContaining("but it failed without an answer from " + this.client.server() + ": ")
			.withMessageContaining("AmpTooLongException");
	}

}
