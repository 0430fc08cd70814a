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
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ampproto.box.AmpBox;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-trip properties: decoding what a type encodes gives the value back.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpTypesPropertyTests {

	@Property
	void integersRoundTrip(@ForAll("bigIntegers") BigInteger value) {
		assertThat(decode(AmpTypes.INTEGER, AmpTypes.INTEGER.encode(value))).isEqualTo(value);
	}

	@Property
	void integersEncodeAsPythonStrDoes(@ForAll("integersAroundLongBounds") BigInteger value) {
		assertThat(new String(AmpTypes.INTEGER.encode(value), StandardCharsets.US_ASCII)).isEqualTo(value.toString());
	}

	@Property
	void integersDecodeWithPythonDecorations(@ForAll("bigIntegers") BigInteger value, @ForAll boolean plus,
			@ForAll("spaces") String before, @ForAll("spaces") String after,
			@ForAll("underscorePositions") List<Integer> underscores) {
		StringBuilder digits = new StringBuilder(value.abs().toString());
		for (int position : underscores) {
			// Only between two digits, never next to another underscore.
			int at = 1 + position % Math.max(1, digits.length() - 1);
			if (at < digits.length() && digits.charAt(at) != '_' && digits.charAt(at - 1) != '_') {
				digits.insert(at, '_');
			}
		}
		String sign = (value.signum() < 0) ? "-" : (plus ? "+" : "");
		assertThat(decode(AmpTypes.INTEGER, before + sign + digits + after)).isEqualTo(value);
	}

	@Property
	void longsAndIntsRoundTrip(@ForAll long longValue, @ForAll int intValue) {
		assertThat(decode(AmpTypes.LONG, AmpTypes.LONG.encode(longValue))).isEqualTo(longValue);
		assertThat(decode(AmpTypes.INT, AmpTypes.INT.encode(intValue))).isEqualTo(intValue);
	}

	@Property
	void longsAndIntsEncodeAsJavasDecimalText(@ForAll long longValue, @ForAll int intValue) {
		// Python's str(int) and Java's toString agree on every int and long.
		assertThat(new String(AmpTypes.LONG.encode(longValue), StandardCharsets.US_ASCII))
			.isEqualTo(Long.toString(longValue));
		assertThat(new String(AmpTypes.INT.encode(intValue), StandardCharsets.US_ASCII))
			.isEqualTo(Integer.toString(intValue));
		for (long edge : new long[] { 0, 9, 10, -9, -10, 999_999_999, 1_000_000_000, Integer.MAX_VALUE,
				Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE }) {
			assertThat(new String(AmpTypes.LONG.encode(edge), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(edge));
		}
	}

	@Property(tries = 3000)
	void doublesRoundTripBitForBit(@ForAll("doubles") double value) {
		double back = decode(AmpTypes.FLOAT, AmpTypes.FLOAT.encode(value));
		if (Double.isNaN(value)) {
			assertThat(back).isNaN();
		}
		else {
			assertThat(Double.doubleToRawLongBits(back)).isEqualTo(Double.doubleToRawLongBits(value));
		}
	}

	@Property(tries = 3000)
	void doublesUseNoMoreDigitsThanNeeded(@ForAll("doubles") double value) {
		String text = new String(AmpTypes.FLOAT.encode(value), StandardCharsets.US_ASCII);
		if (Double.isFinite(value) && value != 0.0) {
			String mantissa = text.replaceFirst("e.*", "").replace("-", "").replace(".", "").replaceFirst("^0+", "");
			String digits = mantissa.replaceFirst("0+$", "");
			// One digit fewer never reads back as the same double.
			if (digits.length() > 1) {
				BigDecimal shorter = new BigDecimal(Math.abs(value))
					.round(new MathContext(digits.length() - 1, RoundingMode.HALF_EVEN));
				assertThat(shorter.doubleValue()).isNotEqualTo(Math.abs(value));
			}
		}
	}

	@Property
	void unicodeRoundTrips(@ForAll("unicodeStrings") String value) {
		assertThat(decode(AmpTypes.UNICODE, AmpTypes.UNICODE.encode(value))).isEqualTo(value);
		assertThat(AmpTypes.UNICODE.encode(value)).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
	}

	@Property
	void bytesRoundTrip(@ForAll byte[] value) {
		assertThat(decode(AmpTypes.STRING, AmpTypes.STRING.encode(value))).isEqualTo(value);
	}

	@Property
	void dateTimesRoundTrip(@ForAll("dateTimes") OffsetDateTime value) {
		byte[] encoded = AmpTypes.DATETIME.encode(value);
		assertThat(encoded).hasSize(32);
		assertThat(decode(AmpTypes.DATETIME, encoded)).isEqualTo(value);
	}

	@Property
	void decimalsRoundTrip(@ForAll("decimals") AmpDecimal value) {
		assertThat(decode(AmpTypes.AMP_DECIMAL, AmpTypes.AMP_DECIMAL.encode(value))).isEqualTo(value);
		assertThat(AmpDecimal.parse(value.toString())).isEqualTo(value);
	}

	@Property
	void bigDecimalsRoundTrip(@ForAll("bigDecimals") BigDecimal value) {
		assertThat(decode(AmpTypes.DECIMAL, AmpTypes.DECIMAL.encode(value))).isEqualTo(value);
	}

	@Property
	void listsRoundTrip(@ForAll("bigIntegerLists") List<BigInteger> integers,
			@ForAll("unicodeLists") List<String> strings) {
		AmpArgumentType<List<BigInteger>> integerList = AmpTypes.listOf(AmpTypes.INTEGER);
		assertThat(decode(integerList, integerList.encode(integers))).isEqualTo(integers);
		AmpArgumentType<List<String>> stringList = AmpTypes.listOf(AmpTypes.UNICODE);
		assertThat(decode(stringList, stringList.encode(strings))).isEqualTo(strings);
	}

	@Property
	void ampListsRoundTrip(@ForAll("boxLists") List<AmpBox> boxes) {
		AmpArgumentType<List<AmpBox>> type = AmpTypes.ampList(new ListTypesTests.IdentityMapper());
		assertThat(decode(type, type.encode(boxes))).isEqualTo(boxes);
	}

	@Provide
	Arbitrary<BigInteger> bigIntegers() {
		return Arbitraries.oneOf(Arbitraries.bigIntegers(),
				Arbitraries.bigIntegers().between(BigInteger.TEN.pow(60).negate(), BigInteger.TEN.pow(60)));
	}

	@Provide
	Arbitrary<BigInteger> integersAroundLongBounds() {
		BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
		BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
		BigInteger intMin = BigInteger.valueOf(Integer.MIN_VALUE);
		BigInteger intMax = BigInteger.valueOf(Integer.MAX_VALUE);
		Arbitrary<BigInteger> offsets = Arbitraries.bigIntegers().between(BigInteger.valueOf(-2), BigInteger.TWO);
		return Arbitraries.oneOf(Arbitraries.longs().map(BigInteger::valueOf),
				Arbitraries.of(min, max, intMin, intMax, BigInteger.ZERO).flatMap((bound) -> offsets.map(bound::add)));
	}

	@Provide
	Arbitrary<String> spaces() {
		return Arbitraries.strings().withChars(" \t\n\u000b\f\r").ofMaxLength(3);
	}

	@Provide
	Arbitrary<List<Integer>> underscorePositions() {
		return Arbitraries.integers().between(0, 1000).list().ofMaxSize(4);
	}

	@Provide
	Arbitrary<Double> doubles() {
		return Arbitraries.oneOf(Arbitraries.longs().map(Double::longBitsToDouble),
				Arbitraries.longs().between(1, (1L << 52) - 1).map(Double::longBitsToDouble),
				Arbitraries.doubles(), Arbitraries.doubles().between(0, 1),
				Arbitraries.integers().between(-1074, 1023).map((e) -> Math.scalb(1.0, e)),
				Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
						Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 0.1, 1e16, 1e-5));
	}

	@Provide
	Arbitrary<String> unicodeStrings() {
		Arbitrary<Integer> codePoints = Arbitraries.oneOf(Arbitraries.integers().between(0, 0x7f),
				Arbitraries.integers().between(0x80, 0xd7ff), Arbitraries.integers().between(0xe000, 0xffff),
				Arbitraries.integers().between(0x10000, 0x10ffff));
		return codePoints.list().ofMaxSize(30).map((list) -> {
			StringBuilder builder = new StringBuilder();
			list.forEach(builder::appendCodePoint);
			return builder.toString();
		});
	}

	@Provide
	Arbitrary<OffsetDateTime> dateTimes() {
		Arbitrary<Long> epochSeconds = Arbitraries.longs()
			.between(OffsetDateTime.of(1, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond(),
					OffsetDateTime.of(9999, 12, 30, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond());
		Arbitrary<Integer> micros = Arbitraries.integers().between(0, 999_999);
		Arbitrary<Integer> offsetMinutes = Arbitraries.integers().between(-18 * 60, 18 * 60);
		return Combinators.combine(epochSeconds, micros, offsetMinutes)
			.as((seconds, micro, minutes) -> OffsetDateTime.ofInstant(
					Instant.ofEpochSecond(seconds, micro * 1000L), ZoneOffset.ofTotalSeconds(minutes * 60)));
	}

	@Provide
	Arbitrary<BigDecimal> bigDecimals() {
		return Combinators
			.combine(Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)),
					Arbitraries.oneOf(Arbitraries.integers().between(-50, 50), Arbitraries.integers()))
			.as(BigDecimal::new);
	}

	@Provide
	Arbitrary<AmpDecimal> decimals() {
		Arbitrary<BigInteger> payloads = Arbitraries.oneOf(Arbitraries.just(BigInteger.ZERO),
				Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(30)));
		return Arbitraries.oneOf(bigDecimals().map(AmpDecimal::of),
				Arbitraries.integers().between(-30, 30).map(AmpDecimal::negativeZero),
				Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), payloads)
					.as(AmpDecimal::nan),
				Arbitraries.of(AmpDecimal.positiveInfinity(), AmpDecimal.negativeInfinity()));
	}

	@Provide
	Arbitrary<List<BigInteger>> bigIntegerLists() {
		return bigIntegers().list().ofMaxSize(20);
	}

	@Provide
	Arbitrary<List<String>> unicodeLists() {
		return unicodeStrings().list().ofMaxSize(10);
	}

	@Provide
	Arbitrary<List<AmpBox>> boxLists() {
		Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
		Arbitrary<AmpBox> boxes = Arbitraries.maps(keys, unicodeStrings()).ofMaxSize(5).map((map) -> {
			AmpBox.Builder builder = AmpBox.builder();
			map.forEach(builder::put);
			return builder.build();
		});
		return boxes.list().ofMaxSize(8);
	}

}
