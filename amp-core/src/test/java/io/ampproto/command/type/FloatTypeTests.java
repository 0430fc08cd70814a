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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code Float} type.
 *
 * @author AMP for Spring Boot contributors
 */
class FloatTypeTests {

	private static String encode(double value) {
		return new String(AmpTypes.FLOAT.encode(value), StandardCharsets.US_ASCII);
	}

	@ParameterizedTest
	@CsvSource({ "1e16, 1e+16", "1e-5, 1e-05", "1e-4, 0.0001", "1e7, 10000000.0", "4.9e-324, 5e-324",
			"1e23, 1e+23", "2.82879384806159008e17, 2.82879384806159e+17",
			"1.7976931348623157e308, 1.7976931348623157e+308",
			"9999999999999998.0, 9999999999999998.0", "0.5, 0.5", "123.456, 123.456", "-2.5e-7, -2.5e-07",
			"1e100, 1e+100", "1.5e300, 1.5e+300", "2.2250738585072014e-308, 2.2250738585072014e-308",
			"0.00012345, 0.00012345", "0.000012345, 1.2345e-05" })
	void encodesLikePythonRepr(double value, String expected) {
		assertThat(encode(value)).isEqualTo(expected);
	}

	@Test
	void encodesEveryNanAsNan() {
		assertThat(encode(Double.longBitsToDouble(0xfff8000000000001L))).isEqualTo("nan");
		assertThat(encode(Double.longBitsToDouble(0x7ff0000000000001L))).isEqualTo("nan");
	}

	@Test
	void encodesPowersOfTwoWithTheShortestDigits() {
		// At 2^-1017 the nearest 16-digit decimal, ...044e-307, lies below the narrow lower
		// half of the rounding interval; the one above it round-trips. 46 powers of two
		// are like this, and the Python cross-check covers them all.
		assertThat(encode(Math.scalb(1.0, -1017))).isEqualTo("7.120236347223045e-307");
		assertThat(encode(Math.scalb(1.0, -1007))).isEqualTo("7.291122019556398e-304");
		assertThat(encode(Math.scalb(1.0, -1074))).isEqualTo("5e-324");
		assertThat(encode(Math.scalb(1.0, 1023))).isEqualTo("8.98846567431158e+307");
		assertThat(encode(Math.scalb(1.0, -1022))).isEqualTo("2.2250738585072014e-308");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "nan|NaN", "NaN|NaN", "-nan|NaN", "+NAN|NaN", "inf|Infinity",
			"Infinity|Infinity", "-Infinity|-Infinity", "+inf|Infinity", "iNfInItY|Infinity", "1e5|100000.0",
			"1E5|100000.0", ".5|0.5", "5.|5.0", "1_0.5|10.5", "1.5_0|1.5", "1e1_0|1.0E10", "1E+0_5|100000.0",
			"1.e5|100000.0", "1e400|Infinity", "-1e400|-Infinity", "1e-400|0.0", "007|7.0", "0.1|0.1" })
	void decodesLikePythonFloat(String text, double expected) {
		// Boxed, so that NaN equals NaN.
		assertThat(decode(AmpTypes.FLOAT, text)).isEqualTo(Double.valueOf(expected));
	}

	@Test
	void decodesSurroundingWhitespace() {
		assertThat(decode(AmpTypes.FLOAT, " \t\n\u000b\f\r.5 \r\n")).isEqualTo(0.5);
	}

	@Test
	void decodesHugeExponentsAndLongDigitStrings() {
		assertThat(decode(AmpTypes.FLOAT, "1e99999999999999999999999")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(decode(AmpTypes.FLOAT, "1e-99999999999999999999999")).isEqualTo(0.0);
		assertThat(decode(AmpTypes.FLOAT, "0e99999999999999999999999")).isEqualTo(0.0);
		assertThat(decode(AmpTypes.FLOAT, "0." + "0".repeat(5000) + "1e5001")).isEqualTo(1.0);
		assertThat(decode(AmpTypes.FLOAT, "1" + "0".repeat(5000) + "e-5000")).isEqualTo(1.0);
		// Exactly halfway between 1 and the next double, then just above it.
		String halfway = "1.00000000000000011102230246251565404236316680908203125";
		assertThat(decode(AmpTypes.FLOAT, halfway)).isEqualTo(1.0);
		assertThat(decode(AmpTypes.FLOAT, halfway + "0".repeat(2000) + "1")).isEqualTo(Math.nextUp(1.0));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "0x1p3", "0x10", "1.0f", "1.0d", "1.0F", "1D", "Infinityy", "infinit", "nana",
			"nan(1)", "in f", ".", "e5", "1e", "1e+", "-", "+", "1_.5", "1._5", "._5", "1e_1", "1_e1", "_1", "1_",
			"1__0", "1.5e", "--1", "+-1", "1,5", "\u001c1", "NaN1", "1e5.0" })
	void rejectsWhatPythonFloatRejects(String text) {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.FLOAT, text))
			.withMessageStartingWith("Bad Float value");
	}

	@Test
	void matchesPythonReprForThousandsOfDoubles() {
		List<String> lines = TypeTestSupport.lines("float-repr.txt");
		assertThat(lines).hasSizeGreaterThan(3000);
		List<String> mismatches = new ArrayList<>();
		for (String line : lines) {
			String[] parts = line.split(" ");
			double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
			String python = parts[1];
			String ours = encode(value);
			double back = decode(AmpTypes.FLOAT, python);
			if (!ours.equals(python) || Double.doubleToRawLongBits(back) != Double.doubleToRawLongBits(value)) {
				mismatches.add(parts[0] + ": python " + python + ", ours " + ours + ", decoded "
						+ Long.toHexString(Double.doubleToRawLongBits(back)));
			}
		}
		assertThat(mismatches).isEmpty();
	}

}
