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
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code Decimal} types and {@link AmpDecimal}.
 *
 * @author AMP for Spring Boot contributors
 */
class DecimalTypesTests {

	private static String encode(AmpDecimal value) {
		return new String(AmpTypes.AMP_DECIMAL.encode(value), StandardCharsets.US_ASCII);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.10", "100", "1E+2", "0.000001", "1E-7", "0E+6", "1.23E-8", "3.141E+5", "0.00003141",
			"1.5E-9", "-3.141E-7", "0", "0.00", "0E-7", "123456789012345678901234567890.123" })
	void bigDecimalToStringIsPythonStr(String text) {
		BigDecimal value = new BigDecimal(text);
		assertThat(value.toString()).isEqualTo(text);
		assertThat(AmpTypes.DECIMAL.encode(value)).asString(StandardCharsets.US_ASCII).isEqualTo(text);
		assertThat(decode(AmpTypes.DECIMAL, text)).isEqualTo(value);
		assertThat(encode(AmpDecimal.of(value))).isEqualTo(text);
		assertThat(decode(AmpTypes.AMP_DECIMAL, text)).isEqualTo(AmpDecimal.of(value));
	}

	@Test
	void encodesSpecialValuesAsPythonStr() {
		assertThat(encode(AmpDecimal.nan())).isEqualTo("NaN");
		assertThat(encode(AmpDecimal.nan(true, false, BigInteger.ZERO))).isEqualTo("-NaN");
		assertThat(encode(AmpDecimal.signalingNan())).isEqualTo("sNaN");
		assertThat(encode(AmpDecimal.nan(true, true, BigInteger.ZERO))).isEqualTo("-sNaN");
		assertThat(encode(AmpDecimal.nan(false, false, BigInteger.valueOf(123)))).isEqualTo("NaN123");
		assertThat(encode(AmpDecimal.positiveInfinity())).isEqualTo("Infinity");
		assertThat(encode(AmpDecimal.negativeInfinity())).isEqualTo("-Infinity");
		assertThat(encode(AmpDecimal.negativeZero(0))).isEqualTo("-0");
		assertThat(encode(AmpDecimal.negativeZero(2))).isEqualTo("-0.00");
		assertThat(encode(AmpDecimal.negativeZero(-3))).isEqualTo("-0E+3");
		assertThat(encode(AmpDecimal.negativeZero(7))).isEqualTo("-0E-7");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "nan|NaN", "-nan|-NaN", "NAN123|NaN123", "nan0042|NaN42", "nan0|NaN",
			"snan|sNaN", "-SNaN7|-sNaN7", "inf|Infinity", "-Inf|-Infinity", "+infinity|Infinity", "1e2|1E+2",
			"1E+2|1E+2", "' 1_0 '|10", "1__0|10", "_1_|1", "1_e2|1E+2", "in_f|Infinity", "-_1|-1", "1._5|1.5",
			"1e_+5|1E+5", "s_nan|sNaN", ".5|0.5", "5.|5", "+1|1", "-0|-0", "-0.000|-0.000", "-0e-5|-0.00000",
			"0e5|0E+5", "1e-0|1", "1e+00007|1E+7", "1.0_0|1.00", "1e2147483647|1E+2147483647" })
	void decodesLikePythonDecimal(String text, String pythonStr) {
		assertThat(decode(AmpTypes.AMP_DECIMAL, text).toString()).isEqualTo(pythonStr);
	}

	@Test
	void decodesStrWhitespaceIncludingInformationSeparators() {
		assertThat(decode(AmpTypes.AMP_DECIMAL, "\u001c\t\n\u000b\f\r 1.5\u001f ")).hasToString("1.5");
		assertThat(decode(AmpTypes.AMP_DECIMAL, " _1")).hasToString("1");
		assertThat(decode(AmpTypes.AMP_DECIMAL, "1_ ")).hasToString("1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "_", "__", "_ 1", "1 e2", "1e", "1e+", ".", "e5", "infinit", "infinityy",
			"nan1e5", "nan-1", "inf1", "1.2.3", "0x10", "1,5", "--1", "NaN.5", "1e1000000000000000000", "\u00001" })
	void rejectsWhatPythonDecimalRejects(String text) {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.AMP_DECIMAL, text))
			.withMessageStartingWith("Bad Decimal value");
	}

	@Test
	void maximumSizeValuesDecodeExactly() {
		String digits = "1234567890".repeat(6553) + "12345";
		assertThat(decode(AmpTypes.DECIMAL, digits.substring(0, 30000) + "." + digits.substring(30000, 65533)))
			.isEqualTo(new BigDecimal(digits.substring(0, 30000) + "." + digits.substring(30000, 65533)));
		assertThat(decode(AmpTypes.DECIMAL, "1e-" + "0".repeat(65000) + "7")).isEqualTo(new BigDecimal("1e-7"));
		assertThat(decode(AmpTypes.AMP_DECIMAL, "NaN" + digits.substring(0, 65000)))
			.isEqualTo(AmpDecimal.nan(false, false, new BigInteger(digits.substring(0, 65000))));
	}

	@Test
	void rejectsNonAscii() {
		// Python's Decimal would take Arabic-Indic digits, but Twisted decodes the bytes as ASCII first.
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> decode(AmpTypes.AMP_DECIMAL, "\u0663".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void rejectsExponentsBeyondBigDecimalScale() {
		// Python accepts these (its limit is about 10^18), but BigDecimal's scale is an int.
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> decode(AmpTypes.AMP_DECIMAL, "1e2147483649"))
			.withMessageContaining("BigDecimal");
		assertThat(decode(AmpTypes.DECIMAL, "1e2147483648")).isEqualTo(BigDecimal.valueOf(1, Integer.MIN_VALUE));
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> decode(AmpTypes.DECIMAL, "1.5e-2147483648"));
		assertThat(decode(AmpTypes.DECIMAL, "1e-2147483647")).isEqualTo(BigDecimal.valueOf(1, 2147483647));
	}

	@ParameterizedTest
	@ValueSource(strings = { "NaN", "-NaN", "sNaN", "-sNaN", "NaN123", "Infinity", "-Infinity", "inf" })
	void bigDecimalRefusesSpecialValuesAndPointsToAmpDecimal(String text) {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.DECIMAL, text))
			.withMessageContaining("AmpDecimal");
	}

	@Test
	void bigDecimalDecodesNegativeZeroAsZeroOfTheSameScale() {
		assertThat(decode(AmpTypes.DECIMAL, "-0")).isEqualTo(BigDecimal.ZERO);
		assertThat(decode(AmpTypes.DECIMAL, "-0.00")).isEqualTo(new BigDecimal("0.00"));
		assertThat(decode(AmpTypes.DECIMAL, "-0E+3")).isEqualTo(new BigDecimal("0E+3"));
	}

	@Test
	void ampDecimalDescribesItsValue() {
		AmpDecimal negativeZero = AmpDecimal.negativeZero(2);
		assertThat(negativeZero.isFinite()).isTrue();
		assertThat(negativeZero.isNegative()).isTrue();
		assertThat(negativeZero.toBigDecimal()).isEqualTo(new BigDecimal("0.00"));
		assertThat(negativeZero).isNotEqualTo(AmpDecimal.of(new BigDecimal("0.00")));
		assertThat(AmpDecimal.of(new BigDecimal("-1.5")).isNegative()).isTrue();
		assertThat(AmpDecimal.of(new BigDecimal("1.0"))).isNotEqualTo(AmpDecimal.of(new BigDecimal("1.00")));
		AmpDecimal payload = AmpDecimal.nan(true, true, BigInteger.valueOf(42));
		assertThat(payload.isNaN()).isTrue();
		assertThat(payload.isSignaling()).isTrue();
		assertThat(payload.isInfinite()).isFalse();
		assertThat(payload.isFinite()).isFalse();
		assertThat(payload.payload()).isEqualTo(42);
		assertThat(payload).isEqualTo(AmpDecimal.parse("-snan42")).hasSameHashCodeAs(AmpDecimal.parse("-snan42"));
		assertThat(payload).isNotEqualTo(AmpDecimal.nan(true, true, BigInteger.ZERO));
		assertThat(AmpDecimal.negativeInfinity().isInfinite()).isTrue();
		assertThat(AmpDecimal.negativeInfinity().isNegative()).isTrue();
		assertThat(AmpDecimal.positiveInfinity().isNegative()).isFalse();
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> AmpDecimal.nan().toBigDecimal());
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> AmpDecimal.positiveInfinity().toBigDecimal());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> AmpDecimal.nan(false, false, BigInteger.valueOf(-1)));
	}

	@Test
	void parseRejectsWithNumberFormatException() {
		assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> AmpDecimal.parse("1e"));
		assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> AmpDecimal.parse("\u0663"));
	}

	@Test
	void matchesPythonStrOfDecimal() {
		List<String> lines = TypeTestSupport.lines("decimal-str.txt");
		assertThat(lines).hasSizeGreaterThan(500);
		List<String> mismatches = new ArrayList<>();
		for (String line : lines) {
			String[] parts = line.split("\t");
			byte[] input = HexFormat.of().parseHex(parts[0]);
			String python = parts[1];
			AmpDecimal decoded = decode(AmpTypes.AMP_DECIMAL, input);
			String ours = encode(decoded);
			AmpDecimal fromPython = decode(AmpTypes.AMP_DECIMAL, python);
			if (!ours.equals(python) || !fromPython.equals(decoded)) {
				mismatches.add(new String(input, StandardCharsets.US_ASCII) + ": python " + python + ", ours " + ours);
			}
			boolean negativeZero = decoded.isNegative() && decoded.isFinite() && decoded.toBigDecimal().signum() == 0;
			if (decoded.isFinite() && !negativeZero) {
				String viaBigDecimal = new String(AmpTypes.DECIMAL.encode(decode(AmpTypes.DECIMAL, input)),
						StandardCharsets.US_ASCII);
				if (!viaBigDecimal.equals(python)) {
					mismatches.add(new String(input, StandardCharsets.US_ASCII) + ": python " + python
							+ ", BigDecimal " + viaBigDecimal);
				}
			}
		}
		assertThat(mismatches).isEmpty();
	}

}
