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
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ampproto.box.AmpBox;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static io.ampproto.command.type.TypeTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The argument vectors of the protocol reference (§7.2, "More vectors from
 * test_amp.py" and §8 Types), produced by Twisted 22.4: each value encodes to the bytes
 * and the bytes decode to the value.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpTypesVectorTests {

	private static <T> void assertVector(AmpArgumentType<T> type, T value, String expectedHex) {
		assertThat(hex(type.encode(value))).as("%s encode of %s", type.name(), value).isEqualTo(expectedHex);
		assertThat(decode(type, hex(expectedHex))).as("%s decode of %s", type.name(), expectedHex).isEqualTo(value);
	}

	@Test
	void integerVectors() {
		assertVector(AmpTypes.INTEGER, BigInteger.ZERO, "30");
		assertVector(AmpTypes.INTEGER, BigInteger.TWO.pow(64).negate(), "2d3138343436373434303733373039353531363136");
		assertVector(AmpTypes.LONG, 0L, "30");
		assertVector(AmpTypes.INT, 0, "30");
	}

	@Test
	void floatVectors() {
		assertVector(AmpTypes.FLOAT, 1.5, "312e35");
		assertVector(AmpTypes.FLOAT, Double.NaN, "6e616e");
		assertVector(AmpTypes.FLOAT, Double.POSITIVE_INFINITY, "696e66");
		assertVector(AmpTypes.FLOAT, Double.NEGATIVE_INFINITY, "2d696e66");
		assertVector(AmpTypes.FLOAT, 0.1, "302e31");
		assertVector(AmpTypes.FLOAT, 100.0, "3130302e30");
		assertVector(AmpTypes.FLOAT, -0.0, "2d302e30");
		assertVector(AmpTypes.FLOAT, 1e15, "313030303030303030303030303030302e30");
		assertVector(AmpTypes.FLOAT, 1e16, "31652b3136");
		assertVector(AmpTypes.FLOAT, 0.0001, "302e30303031");
		assertVector(AmpTypes.FLOAT, 1e-05, "31652d3035");
		assertVector(AmpTypes.FLOAT, 1e23, "31652b3233");
		assertVector(AmpTypes.FLOAT, 5e-324, "35652d333234");
		assertVector(AmpTypes.FLOAT, 1.0 / 3, "302e33333333333333333333333333333333");
		assertVector(AmpTypes.FLOAT, 123456789012345678.0, "312e32333435363738393031323334353638652b3137");
		// §8 Types: 1.234 encodes as 1.234.
		assertVector(AmpTypes.FLOAT, 1.234, hex(TypeTestSupport.ascii("1.234")));
	}

	@Test
	void negativeZeroFloatDecodesWithItsSign() {
		assertThat(Double.doubleToRawLongBits(decode(AmpTypes.FLOAT, "-0.0")))
			.isEqualTo(Double.doubleToRawLongBits(-0.0));
	}

	@Test
	void booleanVectors() {
		assertVector(AmpTypes.BOOLEAN, true, "54727565");
		assertVector(AmpTypes.BOOLEAN, false, "46616c7365");
	}

	@Test
	void dateTimeVectors() {
		assertVector(AmpTypes.DATETIME, OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54321000, ZoneOffset.UTC),
				"323031322d30312d32335431323a33343a35362e3035343332312d30303a3030");
		assertVector(AmpTypes.DATETIME,
				OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 0, ZoneOffset.ofHoursMinutes(5, 30)),
				"323031322d30312d32335431323a33343a35362e3030303030302b30353a3330");
		assertVector(AmpTypes.DATETIME,
				OffsetDateTime.of(9876, 1, 23, 12, 34, 56, 54321000, ZoneOffset.ofHoursMinutes(-1, -23)),
				"393837362d30312d32335431323a33343a35362e3035343332312d30313a3233");
		assertVector(AmpTypes.DATETIME, OffsetDateTime.of(5, 1, 2, 3, 4, 5, 6000, ZoneOffset.UTC),
				"303030352d30312d30325430333a30343a30352e3030303030362d30303a3030");
	}

	@Test
	void dateTimeWithOffsetOfMinusThirtySecondsIsSentAsMinusOneMinute() {
		OffsetDateTime value = OffsetDateTime.of(2012, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(-30));
		assertThat(hex(AmpTypes.DATETIME.encode(value)))
			.isEqualTo("323031322d30312d30315430303a30303a30302e3030303030302d30303a3031");
		assertThat(decode(AmpTypes.DATETIME, hex("323031322d30312d30315430303a30303a30302e3030303030302d30303a3031")))
			.isEqualTo(OffsetDateTime.of(2012, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(0, -1)));
	}

	@Test
	void decimalVectors() {
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.of(new BigDecimal("1.10")), "312e3130");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.nan(), "4e614e");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.nan(true, false, BigInteger.ZERO), "2d4e614e");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.signalingNan(), "734e614e");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.positiveInfinity(), "496e66696e697479");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.negativeInfinity(), "2d496e66696e697479");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.of(new BigDecimal("1E+2")), "31452b32");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.of(new BigDecimal("0.0000001")), "31452d37");
		assertVector(AmpTypes.AMP_DECIMAL, AmpDecimal.negativeZero(0), "2d30");
		assertVector(AmpTypes.DECIMAL, new BigDecimal("1.10"), "312e3130");
		assertVector(AmpTypes.DECIMAL, new BigDecimal("1E+2"), "31452b32");
		assertVector(AmpTypes.DECIMAL, new BigDecimal("0.0000001"), "31452d37");
	}

	@Test
	void textVectors() {
		assertVector(AmpTypes.UNICODE, "h\u00e9llo \u2603 \uD83D\uDE00", "68c3a96c6c6f20e2988320f09f9880");
		assertVector(AmpTypes.STRING, new byte[] { 0x00, (byte) 0xff }, "00ff");
		assertVector(AmpTypes.PATH, Path.of("/tmp/hello"), hex(TypeTestSupport.ascii("/tmp/hello")));
	}

	@Test
	void listOfVectors() {
		assertVector(AmpTypes.listOf(AmpTypes.INTEGER),
				List.of(BigInteger.valueOf(1), BigInteger.valueOf(2), BigInteger.valueOf(3)), "000131000132000133");
		assertVector(AmpTypes.listOf(AmpTypes.INTEGER), List.of(), "");
		assertVector(AmpTypes.listOf(AmpTypes.UNICODE), List.of("a", "\u00e9", ""), "0001610002c3a90000");
	}

	@Test
	void listOfVectorsFromTwistedTests() {
		assertThat(hex(AmpTypes.listOf(AmpTypes.STRING).encode(List.of(bytes("bar"), bytes("baz"), bytes("quux")))))
			.isEqualTo("0003" + hex(bytes("bar")) + "0003" + hex(bytes("baz")) + "0004" + hex(bytes("quux")));
		assertThat(decode(AmpTypes.listOf(AmpTypes.STRING),
				hex("0003" + hex(bytes("bar")) + "0003" + hex(bytes("baz")) + "0004" + hex(bytes("quux")))))
			.containsExactly(bytes("bar"), bytes("baz"), bytes("quux"));
		assertVector(AmpTypes.listOf(AmpTypes.LONG), List.of(1L, 20L, 500L),
				"0001" + hex(bytes("1")) + "0002" + hex(bytes("20")) + "0003" + hex(bytes("500")));
		BigInteger huge = new BigInteger("1234567890".repeat(11) + "123456");
		assertThat(huge.toString()).hasSize(116);
		List<BigInteger> integers = List.of(huge, huge.negate(), BigInteger.valueOf(-7));
		assertThat(decode(AmpTypes.listOf(AmpTypes.INTEGER), AmpTypes.listOf(AmpTypes.INTEGER).encode(integers)))
			.isEqualTo(integers);
		assertVector(AmpTypes.listOf(AmpTypes.UNICODE), List.of("\u2603", "Hello", "world"),
				"0003e29883" + "0005" + hex(bytes("Hello")) + "0005" + hex(bytes("world")));
	}

	@Test
	void listOfDecimalVectorsFromTwistedTests() {
		AmpArgumentType<List<AmpDecimal>> type = AmpTypes.listOf(AmpTypes.AMP_DECIMAL);
		assertVector(type, List.of(AmpDecimal.positiveInfinity(), AmpDecimal.negativeInfinity()),
				"0008" + hex(bytes("Infinity")) + "0009" + hex(bytes("-Infinity")));
		assertVector(type,
				List.of(decimal("3.141E+5"), decimal("0.00003141"), decimal("3.141E-7"), decimal("-3.141E+5"),
						decimal("-0.00003141"), decimal("-3.141E-7")),
				"0008" + hex(bytes("3.141E+5")) + "000a" + hex(bytes("0.00003141")) + "0008" + hex(bytes("3.141E-7"))
						+ "0009" + hex(bytes("-3.141E+5")) + "000b" + hex(bytes("-0.00003141")) + "0009"
						+ hex(bytes("-3.141E-7")));
		List<AmpDecimal> nans = decode(type,
				hex("0003" + hex(bytes("NaN")) + "0004" + hex(bytes("-NaN")) + "0004" + hex(bytes("sNaN")) + "0005"
						+ hex(bytes("-sNaN"))));
		assertThat(nans).containsExactly(AmpDecimal.nan(), AmpDecimal.nan(true, false, BigInteger.ZERO),
				AmpDecimal.signalingNan(), AmpDecimal.nan(true, true, BigInteger.ZERO));
		assertThat(nans).allMatch(AmpDecimal::isNaN);
		assertThat(nans).extracting(AmpDecimal::isNegative).containsExactly(false, true, false, true);
		assertThat(nans).extracting(AmpDecimal::isSignaling).containsExactly(false, false, true, true);
		assertThat(hex(type.encode(nans))).isEqualTo("0003" + hex(bytes("NaN")) + "0004" + hex(bytes("-NaN")) + "0004"
				+ hex(bytes("sNaN")) + "0005" + hex(bytes("-sNaN")));
	}

	@Test
	void listOfDateTimeVectorsFromTwistedTests() {
		OffsetDateTime christmas = OffsetDateTime.of(2010, 12, 25, 0, 0, 0, 0, ZoneOffset.UTC);
		List<OffsetDateTime> values = List.of(christmas, christmas.withOffsetSameLocal(ZoneOffset.ofHours(1)),
				christmas.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(3, 30)),
				christmas.withOffsetSameLocal(ZoneOffset.ofHours(-5)),
				christmas.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(3, 19)),
				christmas.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(-6, -59)));
		StringBuilder expected = new StringBuilder();
		for (String offset : List.of("-00:00", "+01:00", "+03:30", "-05:00", "+03:19", "-06:59")) {
			expected.append("0020").append(hex(bytes("2010-12-25T00:00:00.000000" + offset)));
		}
		assertVector(AmpTypes.listOf(AmpTypes.DATETIME), values, expected.toString());
	}

	@Test
	void dateTimeVectorFromTwistedTests() {
		assertVector(AmpTypes.DATETIME,
				OffsetDateTime.of(9876, 1, 23, 12, 34, 56, 54321000, ZoneOffset.ofHoursMinutes(-1, -23)),
				hex(bytes("9876-01-23T12:34:56.054321-01:23")));
	}

	@Test
	void ampListVectors() {
		AmpArgumentType<List<Row>> type = AmpTypes.ampList(new RowMapper());
		assertVector(type, List.of(new Row(7, "hello"), new Row(9, "goodbye")),
				"000161000137000162000568656c6c6f00000001610001390001620007676f6f646279650000");
		assertVector(type, List.of(), "");
		assertVector(type, List.of(new Row(null, null)), "0000");
	}

	private static byte[] bytes(String ascii) {
		return TypeTestSupport.ascii(ascii);
	}

	private static AmpDecimal decimal(String text) {
		return AmpDecimal.of(new BigDecimal(text));
	}

	/**
	 * A row of {@code AmpList([(b'a', Integer(optional=True)), (b'b', Unicode(optional=True))])}.
	 */
	record Row(@Nullable Integer a, @Nullable String b) {
	}

	static final class RowMapper implements AmpBoxMapper<Row> {

		@Override
		public AmpBox toBox(Row row) {
			AmpBox.Builder builder = AmpBox.builder();
			if (row.a() != null) {
				builder.put("a", AmpTypes.INT.encode(row.a()));
			}
			if (row.b() != null) {
				builder.put("b", AmpTypes.UNICODE.encode(row.b()));
			}
			return builder.build();
		}

		@Override
		public Row fromBox(AmpBox box) {
			Integer a = box.containsKey("a") ? AmpTypes.INT.decode(box.getBuffer("a")) : null;
			String b = box.containsKey("b") ? AmpTypes.UNICODE.decode(box.getBuffer("b")) : null;
			return new Row(a, b);
		}

	}

}
