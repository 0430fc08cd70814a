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
package io.ampproto.sample;

import java.math.BigInteger;
import java.util.Map;

import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Explode;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.test.AmpTestClient;
import io.ampproto.test.autoconfigure.AmpTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The test the README's five-minute tour shows: the sample commands through the
 * {@code @AmpTest} slice.
 */
// tag::tour-test[]
@AmpTest // only AMP: the @AmpResponder beans, no web server, no other component
@Import(SampleLog.class) // what the responders need, or @MockitoBean
class SampleTourTests {

	@Autowired
	AmpTestClient client;

	@Test
	void answersAndErrors() {
		BigInteger one = BigInteger.ONE;
		this.client.call(new Sum(one, BigInteger.TWO)).expectAnswer().isEqualTo(new Sum.Result(BigInteger.valueOf(3)));
		this.client.call(new Divide(one, BigInteger.ZERO)).expectError("ZERO_DIVISION").isEqualTo("division by zero");
		this.client.call(new Ping(one)).expectNoAnswer(); // requiresAnswer = false
		this.client.callRaw("Sum", Map.of("a", "1", "b", "2")).expectAnswer().containsEntry("total", "3");
		this.client.call(new Explode()).expectError("UNKNOWN"); // an undeclared exception
	}

}
// end::tour-test[]
