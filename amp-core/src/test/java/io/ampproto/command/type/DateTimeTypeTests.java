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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code DateTime} type.
 *
 * @author AMP for Spring Boot contributors
 */
class DateTimeTypeTests {

	private static final OffsetDateTime BASE = OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54321000, ZoneOffset.UTC);

	private static String encode(OffsetDateTime value) {
		return new String(AmpTypes.DATETIME.encode(value), StandardCharsets.US_ASCII);
	}

	@Test
	void sendsLocalFieldsAndOffsetWithoutConvertingToUtc() {
		assertThat(encode(BASE.withOffsetSameLocal(ZoneOffset.ofHours(-8))))
			.isEqualTo("2012-01-23T12:34:56.054321-08:00");
		assertThat(encode(BASE.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(18, 0))))
			.isEqualTo("2012-01-23T12:34:56.054321+18:00");
	}

	@Test
	void sendsUtcAsMinusZero() {
		assertThat(encode(BASE)).endsWith("-00:00");
	}

	@Test
	void floorsOffsetSecondsToWholeMinutes() {
		assertThat(encode(BASE.withOffsetSameLocal(ZoneOffset.ofTotalSeconds(-30)))).endsWith("-00:01");
		assertThat(encode(BASE.withOffsetSameLocal(ZoneOffset.ofTotalSeconds(30)))).endsWith("-00:00");
		assertThat(encode(BASE.withOffsetSameLocal(ZoneOffset.ofTotalSeconds(60)))).endsWith("+00:01");
		assertThat(encode(BASE.withOffsetSameLocal(ZoneOffset.ofTotalSeconds(5 * 3600 + 30 * 60 + 59))))
			.endsWith("+05:30");
		assertThat(encode(BASE.withOffsetSameLocal(ZoneOffset.ofTotalSeconds(-(5 * 3600 + 30 * 60 + 1)))))
			.endsWith("-05:31");
	}

	@Test
	void truncatesNanosecondsToMicroseconds() {
		assertThat(encode(BASE.withNano(999_999_999))).isEqualTo("2012-01-23T12:34:56.999999-00:00");
		assertThat(encode(BASE.withNano(999))).isEqualTo("2012-01-23T12:34:56.000000-00:00");
	}

	@Test
	void refusesYearsPythonCannotHold() {
		assertThat(encode(BASE.withYear(1))).startsWith("0001-");
		assertThat(encode(BASE.withYear(9999))).startsWith("9999-");
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> encode(BASE.withYear(0)))
			.withMessageContaining("1..9999");
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> encode(BASE.withYear(10000)));
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> encode(BASE.withYear(-5)));
	}

	@Test
	void doesNotCheckSeparators() {
		assertThat(decode(AmpTypes.DATETIME, "2012/01/23 12:34:56.054321+05:30"))
			.isEqualTo(BASE.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(5, 30)));
		assertThat(decode(AmpTypes.DATETIME, "2012x01x23x12x34x56x054321-00x00")).isEqualTo(BASE);
	}

	@Test
	void parsesFieldsLikePythonInt() {
		assertThat(decode(AmpTypes.DATETIME, "1_01-+1- 3T1 :+1:01.  0001-00:00"))
			.isEqualTo(OffsetDateTime.of(101, 1, 3, 1, 1, 1, 1000, ZoneOffset.UTC));
		assertThat(decode(AmpTypes.DATETIME, "2012-01-23T12:34:56.0543_1-00:00")).isEqualTo(BASE.withNano(5431000));
	}

	@Test
	void acceptsOffsetFieldsOutOfTheirUsualRange() {
		assertThat(decode(AmpTypes.DATETIME, "2012-01-23T12:34:56.054321+05:99"))
			.isEqualTo(BASE.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(6, 39)));
		// Hours of -1 with a '+' sign and 30 minutes: -00:30.
		assertThat(decode(AmpTypes.DATETIME, "2012-01-23T12:34:56.054321+-1:30"))
			.isEqualTo(BASE.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(0, -30)));
		assertThat(decode(AmpTypes.DATETIME, "2012-01-23T12:34:56.054321-18:00"))
			.isEqualTo(BASE.withOffsetSameLocal(ZoneOffset.ofHours(-18)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2012-01-23T12:34:56.054321+24:00", "2012-01-23T12:34:56.054321+18:01",
			"2012-01-23T12:34:56.054321-17:61" })
	void refusesOffsetsBeyondWhatZoneOffsetHolds(String text) {
		// Twisted accepts these; java.time stops at ±18:00.
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.DATETIME, text))
			.withMessageContaining("18:00");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "2012-01-23T12:34:56.054321-00:0", "2012-01-23T12:34:56.054321-00:000",
			"2012-01-23T12:34:56.054321Z00:00", "2012-01-23T12:34:56.054321 00:00", "2012-13-23T12:34:56.054321-00:00",
			"2012-02-30T12:34:56.054321-00:00", "2011-02-29T12:34:56.054321-00:00", "2012-01-23T24:34:56.054321-00:00",
			"2012-01-23T12:60:56.054321-00:00", "2012-01-23T12:34:60.054321-00:00", "0000-01-23T12:34:56.054321-00:00",
			"-001-01-23T12:34:56.054321-00:00", "2012-01-23T12:34:56.-54321-00:00", "2012-01-23T12:34:56.05__21-00:00",
			"2012-01-23T12:34:56.05432a-00:00", "2012-01-23T12:34:56.054321-0a:00", "2012-00-23T12:34:56.054321-00:00",
			"2012-01-00T12:34:56.054321-00:00", "2012-01-23T12:34:56.054321-00:00 " })
	void rejectsInvalidValues(String text) {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.DATETIME, text))
			.withMessageStartingWith("Bad DateTime value");
	}

	@Test
	void rejectsNonAscii() {
		byte[] bytes = "2012-01-23T12:34:56.05432\u00e9-00:00".getBytes(StandardCharsets.UTF_8);
		assertThat(bytes).hasSize(33);
		byte[] exactly32 = new byte[32];
		System.arraycopy(bytes, 0, exactly32, 0, 32);
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.DATETIME, exactly32));
	}

	@Test
	void acceptsLeapDays() {
		assertThat(decode(AmpTypes.DATETIME, "2000-02-29T23:59:59.999999+18:00"))
			.isEqualTo(OffsetDateTime.of(2000, 2, 29, 23, 59, 59, 999999000, ZoneOffset.ofHours(18)));
	}

	@Test
	void padsYearsBelowOneThousandAndSmallFieldsWithZeros() {
		assertThat(encode(OffsetDateTime.of(7, 2, 3, 4, 5, 6, 7000, ZoneOffset.ofHoursMinutes(-9, -30))))
			.isEqualTo("0007-02-03T04:05:06.000007-09:30");
		assertThat(encode(OffsetDateTime.of(999, 12, 31, 23, 59, 59, 123456789, ZoneOffset.ofHoursMinutes(5, 45))))
			.isEqualTo("0999-12-31T23:59:59.123456+05:45");
		assertThat(encode(OffsetDateTime.of(42, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-18))))
			.isEqualTo("0042-01-01T00:00:00.000000-18:00");
	}

	@Test
	void encodesAsPythonPercentFormattingForAnyValue() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 20_000; i++) {
			OffsetDateTime value = OffsetDateTime.of(random.nextInt(1, 10000), random.nextInt(1, 13),
					random.nextInt(1, 29), random.nextInt(24), random.nextInt(60), random.nextInt(60),
					random.nextInt(1_000_000_000), ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1)));
			// Twisted's format string, as Python's % operator applies it.
			int offsetMinutes = Math.floorDiv(value.getOffset().getTotalSeconds(), 60);
			String expected = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%s%02d:%02d", value.getYear(),
					value.getMonthValue(), value.getDayOfMonth(), value.getHour(), value.getMinute(), value.getSecond(),
					value.getNano() / 1000, (offsetMinutes > 0) ? "+" : "-", Math.abs(offsetMinutes) / 60,
					Math.abs(offsetMinutes) % 60);
			assertThat(encode(value)).as("%s", value).isEqualTo(expected);
			assertThat(decode(AmpTypes.DATETIME, expected)).as("%s", expected)
				.isEqualTo(OffsetDateTime.of(value.toLocalDateTime().withNano(value.getNano() / 1000 * 1000),
						ZoneOffset.ofTotalSeconds(offsetMinutes * 60)));
		}
	}

	@Test
	void decodesAValueInsideALargerBuffer() {
		byte[] bytes = "xx2012-01-23T12:34:56.054321-00:00yy".getBytes(StandardCharsets.US_ASCII);
		assertThat(AmpTypes.DATETIME.decode(java.nio.ByteBuffer.wrap(bytes, 2, 32).slice().asReadOnlyBuffer()))
			.isEqualTo(BASE);
		assertThat(AmpTypes.DATETIME.decode(java.nio.ByteBuffer.wrap(bytes, 2, 32).asReadOnlyBuffer())).isEqualTo(BASE);
	}

}
