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
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code DateTime}: {@code YYYY-MM-DDTHH:MM:SS.ffffffSHH:MM}, exactly 32
 * ASCII characters, carrying the value's own local time and offset.
 * <p>
 * Sending follows Twisted: the offset is floored to whole minutes, its sign is
 * {@code +} only when that is above zero (so UTC is {@code -00:00}), and nanoseconds are
 * truncated to microseconds. Years outside 1..9999 are refused, as Python can't hold
 * them.
 * <p>
 * Receiving follows Twisted too: the separators are not checked and each field goes
 * through Python's {@code int()}. Twisted does not range-check the offset fields
 * ({@code +05:99} is 6 h 39 min), and neither does this type, but the resulting offset
 * must fit {@link ZoneOffset}'s ±18:00, which Twisted does not require: a larger one
 * (Python allows up to ±23:59) is an {@link AmpArgumentException}.
 *
 * @author AMP for Spring Boot contributors
 */
final class DateTimeType implements AmpArgumentType<OffsetDateTime> {

	private static final int LENGTH = 32;

	@Override
	public String name() {
		return "DateTime";
	}

	@Override
	public Class<?> javaType() {
		return OffsetDateTime.class;
	}

	@Override
	public byte[] encode(OffsetDateTime value) {
		int year = value.getYear();
		if (year < 1 || year > 9999) {
			throw new AmpArgumentException("Cannot encode DateTime " + value + ": the year must be 1..9999");
		}
		int offsetMinutes = Math.floorDiv(value.getOffset().getTotalSeconds(), 60);
		int absMinutes = Math.abs(offsetMinutes);
		// Python's '%04d-%02d-%02dT%02d:%02d:%02d.%06d%s%02d:%02d', digit by digit: every
		// field fits its width (the offset is at most 18:00), so the length is always 32.
		byte[] bytes = new byte[LENGTH];
		digits(bytes, 0, 4, year);
		bytes[4] = '-';
		digits(bytes, 5, 2, value.getMonthValue());
		bytes[7] = '-';
		digits(bytes, 8, 2, value.getDayOfMonth());
		bytes[10] = 'T';
		digits(bytes, 11, 2, value.getHour());
		bytes[13] = ':';
		digits(bytes, 14, 2, value.getMinute());
		bytes[16] = ':';
		digits(bytes, 17, 2, value.getSecond());
		bytes[19] = '.';
		digits(bytes, 20, 6, value.getNano() / 1000);
		bytes[26] = (byte) ((offsetMinutes > 0) ? '+' : '-');
		digits(bytes, 27, 2, absMinutes / 60);
		bytes[29] = ':';
		digits(bytes, 30, 2, absMinutes % 60);
		return bytes;
	}

	/**
	 * Write a non-negative number that fits {@code width} digits, zero-padded.
	 */
	private static void digits(byte[] bytes, int offset, int width, int number) {
		for (int i = offset + width - 1; i >= offset; i--) {
			bytes[i] = (byte) ('0' + number % 10);
			number /= 10;
		}
	}

	@Override
	public OffsetDateTime decode(ByteBuffer value) {
		OffsetDateTime plain = decodePlain(value);
		return (plain != null) ? plain : decodePython(value);
	}

	/**
	 * Decode the form Twisted sends, digits in every field, without allocating text;
	 * {@code null} for anything else (other characters, or an invalid date), which
	 * {@link #decodePython} parses, or refuses with its message.
	 */
	private static @Nullable OffsetDateTime decodePlain(ByteBuffer value) {
		if (value.remaining() != LENGTH) {
			return null;
		}
		int base = value.position();
		for (int i = 0; i < LENGTH; i++) {
			if (value.get(base + i) < 0) {
				return null;
			}
		}
		byte sign = value.get(base + 26);
		int year = plainField(value, base, 4);
		int month = plainField(value, base + 5, 2);
		int day = plainField(value, base + 8, 2);
		int hour = plainField(value, base + 11, 2);
		int minute = plainField(value, base + 14, 2);
		int second = plainField(value, base + 17, 2);
		int micros = plainField(value, base + 20, 6);
		int offsetHours = plainField(value, base + 27, 2);
		int offsetMinutes = plainField(value, base + 30, 2);
		if ((sign != '+' && sign != '-') || (year | month | day | hour | minute | second | micros | offsetHours
				| offsetMinutes) < 0 || year < 1) {
			return null;
		}
		int offset = offsetHours * 60 + offsetMinutes;
		if (offset > 18 * 60) {
			return null;
		}
		try {
			return OffsetDateTime.of(year, month, day, hour, minute, second, micros * 1000,
					ZoneOffset.ofTotalSeconds(((sign == '-') ? -offset : offset) * 60));
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/**
	 * Parse a field of ASCII digits; -1 when it holds anything else.
	 */
	private static int plainField(ByteBuffer value, int start, int width) {
		int result = 0;
		for (int i = start; i < start + width; i++) {
			int digit = value.get(i) - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			result = result * 10 + digit;
		}
		return result;
	}

	private OffsetDateTime decodePython(ByteBuffer value) {
		String text = AmpTypeSupport.ascii(value);
		if (text == null || text.length() != LENGTH) {
			throw new AmpArgumentException(
					"Bad DateTime value, not 32 ASCII characters: " + AmpTypeSupport.preview(value));
		}
		char sign = text.charAt(26);
		if (sign != '+' && sign != '-') {
			throw new AmpArgumentException("Bad DateTime value, the offset sign must be '+' or '-': "
					+ AmpTypeSupport.preview(value));
		}
		try {
			int year = field(text, 0, 4);
			int month = field(text, 5, 7);
			int day = field(text, 8, 10);
			int hour = field(text, 11, 13);
			int minute = field(text, 14, 16);
			int second = field(text, 17, 19);
			int micros = field(text, 20, 26);
			int offsetMinutes = field(text, 27, 29) * 60 + field(text, 30, 32);
			if (sign == '-') {
				offsetMinutes = -offsetMinutes;
			}
			if (Math.abs(offsetMinutes) > 18 * 60) {
				throw new AmpArgumentException("Bad DateTime value, the offset is beyond Java's ±18:00: "
						+ AmpTypeSupport.preview(value));
			}
			if (year < 1) {
				// Java accepts year 0 and below; Python's datetime does not.
				throw new DateTimeException("year " + year + " is out of range");
			}
			return OffsetDateTime.of(year, month, day, hour, minute, second, micros * 1000,
					ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
		}
		catch (NumberFormatException | DateTimeException ex) {
			throw new AmpArgumentException(
					"Bad DateTime value: " + AmpTypeSupport.preview(value) + " (" + ex.getMessage() + ")", ex);
		}
	}

	/**
	 * Parse one field as Python's {@code int()} of the substring.
	 */
	private static int field(String text, int start, int end) {
		BigInteger value = PythonSyntax.parseInt(text.substring(start, end));
		// At most 6 characters, so this cannot overflow.
		return value.intValueExact();
	}

}
