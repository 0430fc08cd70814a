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
package io.ampproto.sample;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.sample.SampleCommands.Callback;
import io.ampproto.sample.SampleCommands.Concat;
import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Echo;
import io.ampproto.sample.SampleCommands.Explode;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.PingCount;
import io.ampproto.sample.SampleCommands.RoundTrip;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.test.AmpTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static java.math.BigInteger.ONE;
import static java.math.BigInteger.TEN;
import static java.math.BigInteger.ZERO;
import static java.math.BigInteger.valueOf;

/**
 * The sample commands through {@link AmpTestClient}: the same assertions pass whatever
 * transport the client and the server share (the in-process one or TCP).
 */
abstract class AbstractSampleTestClientTests {

	@Autowired
	AmpTestClient client;

	@Test
	void sum() {
		BigInteger big = BigInteger.TWO.pow(64);
		this.client.call(new Sum(valueOf(13), valueOf(81))).expectAnswer().isEqualTo(new Sum.Result(valueOf(94)));
		this.client.call(new Sum(big, big.negate())).expectAnswer().isEqualTo(new Sum.Result(ZERO));
		BigInteger digits116 = new BigInteger("1".repeat(116));
		this.client.call(new Sum(digits116, digits116))
			.expectAnswer()
			.isEqualTo(new Sum.Result(digits116.multiply(BigInteger.TWO)));
	}

	@Test
	void divide() {
		this.client.call(new Divide(ONE, valueOf(4))).expectAnswer().isEqualTo(new Divide.Result(0.25));
		this.client.call(new Divide(TEN, valueOf(3))).expectAnswer().isEqualTo(new Divide.Result(3.3333333333333335));
		this.client.call(new Divide(ONE, ZERO)).expectError("ZERO_DIVISION").isEqualTo("division by zero");
		this.client.call(new Divide(ONE, ZERO)).expectFailure().isInstanceOf(ArithmeticException.class);
	}

	@Test
	void echo() {
		for (String text : List.of("hello", "", "h\u00e9llo \u2603 \uD83D\uDE00", "a".repeat(65535))) {
			this.client.call(new Echo(text)).expectAnswer().isEqualTo(new Echo.Result(text));
		}
		this.client.call(new Echo("a".repeat(65536)))
			.expectFailure()
			.isInstanceOfSatisfying(AmpTooLongException.class, (ex) -> ex.isLocal());
		this.client.call(new Echo("still usable")).expectAnswer().isEqualTo(new Echo.Result("still usable"));
	}

	@Test
	void concat() {
		this.client.call(new Concat(List.of())).expectAnswer().isEqualTo(new Concat.Result(""));
		this.client.call(new Concat(List.of("a", "\u00e9", ""))).expectAnswer().isEqualTo(new Concat.Result("a\u00e9"));
		this.client.call(new Concat(Collections.nCopies(2000, "7")))
			.expectAnswer()
			.isEqualTo(new Concat.Result("7".repeat(2000)));
	}

	@Test
	void pingsAskForNoAnswerAndPingCountCountsThem() {
		for (int n = 1; n <= 3; n++) {
			this.client.call(new Ping(valueOf(n))).expectNoAnswer();
		}
		this.client.call(new PingCount()).expectAnswer().isEqualTo(new PingCount.Result(3, valueOf(6)));
	}

	@Test
	void callbackIsAnsweredByTheApplicationsResponders() {
		this.client.call(new Callback(valueOf(21))).expectAnswer().isEqualTo(new Callback.Result(valueOf(42)));
	}

	@Test
	void roundTripOfEveryType() {
		RoundTrip sent = new RoundTrip(BigInteger.TWO.pow(64).negate(), 1e-05, true, new byte[] { 0, (byte) 0xff },
				"h\u00e9llo", AmpDecimal.parse("1.10"),
				OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54_321_000, ZoneOffset.ofHoursMinutes(5, 30)),
				List.of(ONE, new BigInteger("9".repeat(116))), List.of(new RoundTrip.Row("k\u00e9", valueOf(7))), null);
		this.client.call(sent)
			.expectAnswer()
			.usingRecursiveComparison()
			.withComparatorForType(Double::compare, Double.class)
			.isEqualTo(sent);
	}

	@Test
	void explodeIsAnsweredUnknown() {
		this.client.call(new Explode()).expectError("UNKNOWN").isEqualTo("Unknown Error");
	}

	@Test
	void unknownCommandIsUnhandledAndRawCallsWork() {
		this.client.callRaw("NoSuchCommand", Map.of())
			.expectError("UNHANDLED")
			.isEqualTo("Unhandled Command: b'NoSuchCommand'");
		this.client.callRaw("Sum", Map.of("a", "1", "b", "2")).expectAnswer().containsExactly(Map.entry("total", "3"));
	}

}
