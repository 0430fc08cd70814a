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

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code Integer} types.
 *
 * @author AMP for Spring Boot contributors
 */
class IntegerTypesTests {

	@Test
	void encodesDecimalWithMinusSignAndNoPlus() {
		assertThat(AmpTypes.INTEGER.encode(BigInteger.valueOf(42))).asString().isEqualTo("42");
		assertThat(AmpTypes.INTEGER.encode(BigInteger.valueOf(-42))).asString().isEqualTo("-42");
		assertThat(AmpTypes.LONG.encode(Long.MIN_VALUE)).asString().isEqualTo("-9223372036854775808");
		assertThat(AmpTypes.INT.encode(Integer.MAX_VALUE)).asString().isEqualTo("2147483647");
	}

	@Test
	void integersOfMoreThan4300DigitsAreBadAsInPython311() {
		String limit = "9".repeat(4300);
		assertThat(decode(AmpTypes.INTEGER, "-" + limit + " ")).isEqualTo(new BigInteger("-" + limit));
		// Underscores and the sign do not count, leading zeros do, as in Python.
		assertThat(decode(AmpTypes.INTEGER, "+" + "1_".repeat(2150) + "1".repeat(2150))).isNotNull();
		for (String text : new String[] { "1".repeat(4301), "0".repeat(4301), "9".repeat(65_535) }) {
			for (AmpArgumentType<?> type : new AmpArgumentType<?>[] { AmpTypes.INTEGER, AmpTypes.LONG, AmpTypes.INT }) {
				assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(type, text))
					.withMessageContaining("Exceeds the limit (4300 digits) for integer string conversion: value has "
							+ text.length() + " digits; amp.max-integer-digits raises the limit");
			}
		}
	}

	@Test
	void integerDigitLimitCanBeRaisedOrLifted() {
		assertThat(AmpTypes.maxIntegerDigits()).isEqualTo(4300);
		try {
			AmpTypes.setMaxIntegerDigits(70_000);
			assertThat(decode(AmpTypes.INTEGER, "9".repeat(65_535))).isEqualTo(BigInteger.TEN.pow(65_535).subtract(BigInteger.ONE));
			AmpTypes.setMaxIntegerDigits(0);
			assertThat(decode(AmpTypes.INTEGER, "1".repeat(5000))).isNotNull();
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> AmpTypes.setMaxIntegerDigits(-1));
		}
		finally {
			AmpTypes.setMaxIntegerDigits(AmpTypes.DEFAULT_MAX_INTEGER_DIGITS);
		}
	}

	@Test
	void decodesLikePythonInt() {
		assertThat(decode(AmpTypes.INTEGER, " +1_0 ")).isEqualTo(BigInteger.TEN);
		assertThat(decode(AmpTypes.INTEGER, "\t\n\u000b\f\r-7\r\n")).isEqualTo(BigInteger.valueOf(-7));
		assertThat(decode(AmpTypes.INTEGER, "007")).isEqualTo(BigInteger.valueOf(7));
		assertThat(decode(AmpTypes.INTEGER, "-0")).isEqualTo(BigInteger.ZERO);
		assertThat(decode(AmpTypes.INTEGER, "1_000_000")).isEqualTo(BigInteger.valueOf(1_000_000));
		assertThat(decode(AmpTypes.INTEGER, "0_0")).isEqualTo(BigInteger.ZERO);
	}

	@Test
	void plainDecimalsAgreeWithPythonSyntaxAtEveryLength() {
		java.util.Random random = new java.util.Random(42);
		for (int i = 0; i < 20_000; i++) {
			long value = random.nextLong() >> random.nextInt(64);
			String text = Long.toString(value);
			assertThat(AmpTypes.LONG.encode(value)).asString().isEqualTo(text);
			assertThat(decode(AmpTypes.LONG, text)).isEqualTo(value);
			assertThat(decode(AmpTypes.INTEGER, text)).isEqualTo(BigInteger.valueOf(value));
			assertThat(decode(AmpTypes.INTEGER, text)).isEqualTo(PythonSyntax.parseInt(text));
			if (value == (int) value) {
				assertThat(AmpTypes.INT.encode((int) value)).asString().isEqualTo(text);
				assertThat(decode(AmpTypes.INT, text)).isEqualTo((int) value);
			}
		}
	}

	@Test
	void intRejectsPlainDecimalsBeyondItsRange() {
		assertThat(decode(AmpTypes.INT, "-2147483648")).isEqualTo(Integer.MIN_VALUE);
		assertThat(decode(AmpTypes.INT, "0002147483647")).isEqualTo(Integer.MAX_VALUE);
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.INT, "2147483648"));
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.INT, "-2147483649"));
		assertThat(decode(AmpTypes.LONG, "999999999999999999")).isEqualTo(999_999_999_999_999_999L);
		assertThat(decode(AmpTypes.INTEGER, "-00000000000000000000000001")).isEqualTo(BigInteger.valueOf(-1));
	}

	@Test
	void decodesValuesBeyondALongUpToTheDigitLimit() {
		String digits = "9".repeat(4300);
		assertThat(decode(AmpTypes.INTEGER, "-" + digits)).isEqualTo(new BigInteger("-" + digits));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 511, 512, 513, 1024, 1025, 4097, 65535, 300_000 })
	void longRunsOfDigitsDecodeExactly(int length) {
		java.util.Random random = new java.util.Random(length);
		StringBuilder digits = new StringBuilder("-00");
		for (int i = 0; i < length; i++) {
			digits.append((char) ('0' + random.nextInt(10)));
		}
		AmpTypes.setMaxIntegerDigits(0);
		try {
			assertThat(decode(AmpTypes.INTEGER, digits.toString())).isEqualTo(new BigInteger(digits.toString()));
		}
		finally {
			AmpTypes.setMaxIntegerDigits(AmpTypes.DEFAULT_MAX_INTEGER_DIGITS);
		}
		assertThat(PythonSyntax.parseDigits("0".repeat(length))).isZero();
		assertThat(PythonSyntax.parseDigits("9".repeat(length))).isEqualTo(BigInteger.TEN.pow(length).subtract(BigInteger.ONE));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "+", "-", "1__0", "_1", "1_", "+_1", "- 1", "+-1", "0x10", "1.0", "1e3", "1 0",
			"\u001c1", "\u00001", "one" })
	void rejectsWhatPythonIntRejects(String text) {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.INTEGER, text));
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.LONG, text));
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.INT, text));
	}

	@Test
	void rejectsNonAsciiDigits() {
		// Arabic-Indic three: Python's int() of str accepts it, but int() of bytes does not.
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> decode(AmpTypes.INTEGER, "\u0663".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void longRejectsOutOfRangeValues() {
		assertThat(decode(AmpTypes.LONG, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
		assertThat(decode(AmpTypes.LONG, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> decode(AmpTypes.LONG, "9223372036854775808"))
			.withMessageContaining("out of range for a Java long");
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> decode(AmpTypes.LONG, "-9223372036854775809"));
	}

	@Test
	void intRejectsOutOfRangeValues() {
		assertThat(decode(AmpTypes.INT, " 2_147_483_647 ")).isEqualTo(Integer.MAX_VALUE);
		assertThat(decode(AmpTypes.INT, "-2147483648")).isEqualTo(Integer.MIN_VALUE);
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.INT, "2147483648"))
			.withMessageContaining("out of range for a Java int");
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.INT, "-2147483649"));
	}

	@Test
	void errorMessageShowsAShortPrintableValue() {
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> decode(AmpTypes.INTEGER, "x\u0000" + "9".repeat(100)))
			.withMessageStartingWith("Bad Integer value: 'x\\x00999")
			.withMessageEndingWith("...(102 bytes)");
	}

}
