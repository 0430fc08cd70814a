/*
 * Copyright 2012-present the original author or authors.
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

}
