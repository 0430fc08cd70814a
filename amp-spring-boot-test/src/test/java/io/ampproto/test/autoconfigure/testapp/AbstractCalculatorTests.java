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

import java.time.Duration;
import java.util.Map;

import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.test.AmpTestClient;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.CallsOnThisConnection;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Divide;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Explode;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Hang;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Note;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Sum;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The same assertions, whatever transport the {@link AmpTestClient} is bound to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractCalculatorTests {

	@Autowired
	AmpTestClient client;

	@Autowired
	Audit audit;

	@Test
	void sum() {
		this.client.call(new Sum(1, 2)).expectAnswer().isEqualTo(new Sum.Result(3));
		this.client.call(new Sum(Long.MAX_VALUE, Long.MIN_VALUE)).expectAnswer().extracting(Sum.Result::total)
			.isEqualTo(-1L);
	}

	@Test
	void divideAndItsDeclaredError() {
		this.client.call(new Divide(1, 4)).expectAnswer().extracting(Divide.Result::result).isEqualTo(0.25);
		this.client.call(new Divide(1, 0)).expectError("ZERO_DIVISION").isEqualTo("division by zero");
		this.client.call(new Divide(1, 0))
			.expectFailure()
			.isInstanceOf(ArithmeticException.class)
			.hasMessage("division by zero");
	}

	@Test
	void undeclaredExceptionIsAnsweredUnknown() {
		this.client.call(new Explode()).expectError("UNKNOWN").isEqualTo("Unknown Error");
		// The server closes the connection after an UNKNOWN: the next call goes on a new one.
		this.client.reset();
		this.client.call(new Explode()).expectFailure().isInstanceOf(AmpUnknownRemoteException.class);
	}

	@Test
	void commandWithoutAnswerIsSent() {
		this.client.call(new Note("hello")).expectNoAnswer();
		this.client.callRaw("Note", Map.of("text", "raw")).expectNoAnswer();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.audit.notes().containsAll(java.util.List.of("hello", "raw")));
	}

	@Test
	void rawCalls() {
		this.client.callRaw("Sum", Map.of("a", "20", "b", "22")).expectAnswer().containsExactly(entry("total", "42"));
		this.client.callRaw("Divide", Map.of("numerator", "1", "denominator", "0"))
			.expectError("ZERO_DIVISION")
			.isEqualTo("division by zero");
		this.client.callRaw("NoSuchCommand", Map.of()).expectError("UNHANDLED").contains("NoSuchCommand");
	}

	@Test
	void timeoutFailsTheTestInsteadOfHangingIt() {
		AmpTestClient impatient = this.client.withTimeout(Duration.ofMillis(300));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> impatient.call(new Hang()).expectAnswer())
			.withMessage("Expected an answer to Hang[], but no answer came within PT0.3S from " + this.client.server()
					+ " (the responder never completed it; wait longer with AmpTestClient.withTimeout)");
		// The connection is still usable.
		this.client.call(new Sum(2, 2)).expectAnswer().isEqualTo(new Sum.Result(4));
	}

	@Test
	@Order(1)
	void eachTestHasAConnectionOfItsOwn() {
		this.client.call(new CallsOnThisConnection()).expectAnswer().isEqualTo(new CallsOnThisConnection.Result(1));
		this.client.call(new CallsOnThisConnection()).expectAnswer().isEqualTo(new CallsOnThisConnection.Result(2));
	}

	@Test
	@Order(2)
	void eachTestHasAConnectionOfItsOwnAfterAnother() {
		this.client.call(new CallsOnThisConnection()).expectAnswer().isEqualTo(new CallsOnThisConnection.Result(1));
		this.client.reset();
		this.client.call(new CallsOnThisConnection()).expectAnswer().isEqualTo(new CallsOnThisConnection.Result(1));
	}

}
