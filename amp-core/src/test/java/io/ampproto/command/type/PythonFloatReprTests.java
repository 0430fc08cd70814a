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
package io.ampproto.command.type;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the shortcut of {@link PythonFloatRepr} for short decimals gives the bytes
 * of its exact path (itself checked against Python in {@link FloatTypeTests}).
 *
 * @author AMP for Spring Boot contributors
 */
class PythonFloatReprTests {

	private static void check(double value, List<String> mismatches) {
		String fast = new String(PythonFloatRepr.reprBytes(value), StandardCharsets.US_ASCII);
		String exact = PythonFloatRepr.repr(value);
		if (!fast.equals(exact)) {
			mismatches.add(Double.toHexString(value) + ": " + fast + " instead of " + exact);
		}
	}

	@Test
	void shortDecimalsOfEveryLengthAndExponentGiveTheExactRepr() {
		SplittableRandom random = new SplittableRandom(7);
		List<String> mismatches = new ArrayList<>();
		for (int i = 0; i < 40_000; i++) {
			int digits = random.nextInt(1, 18);
			long unscaled = random.nextLong((long) Math.pow(10, Math.min(digits, 17)));
			int scale = random.nextInt(-40, 45);
			double value = new BigDecimal(unscaled).scaleByPowerOfTen(-scale).doubleValue();
			check(value, mismatches);
			check(-value, mismatches);
			check(Math.nextUp(value), mismatches);
		}
		assertThat(mismatches).isEmpty();
	}

	@Test
	void anyDoubleGivesTheExactRepr() {
		SplittableRandom random = new SplittableRandom(11);
		List<String> mismatches = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			check(Double.longBitsToDouble(random.nextLong()), mismatches);
			check(random.nextDouble() * Math.pow(10, random.nextInt(-12, 40)), mismatches);
		}
		assertThat(mismatches).isEmpty();
	}

	@Test
	void bordersOfThePositionalForm() {
		double[] values = { 1e-5, 1e-4, 0.00012345, 1e15, 1e16, 123456789012345.0, 1234567890123456.0, 1e22, 1e36,
				9.99999999999999e36, 1e37, 1e-8, 1.5e-8, 9.99999999999999e-9, 0.1, 0.5, 1.0, 10.0, 100.25, 3.14159,
				Double.MIN_NORMAL, Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0 };
		List<String> mismatches = new ArrayList<>();
		for (double value : values) {
			check(value, mismatches);
			check(-value, mismatches);
		}
		assertThat(mismatches).isEmpty();
		assertThat(new String(PythonFloatRepr.reprBytes(1e16), StandardCharsets.US_ASCII)).isEqualTo("1e+16");
		assertThat(new String(PythonFloatRepr.reprBytes(-0.00012345), StandardCharsets.US_ASCII))
			.isEqualTo("-0.00012345");
		assertThat(new String(PythonFloatRepr.reprBytes(1e15), StandardCharsets.US_ASCII)).isEqualTo("1000000000000000.0");
		assertThat(new String(PythonFloatRepr.reprBytes(1.5e-8), StandardCharsets.US_ASCII)).isEqualTo("1.5e-08");
	}

}
