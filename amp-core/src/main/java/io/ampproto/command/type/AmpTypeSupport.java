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

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Byte and text helpers shared by the built-in types.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpTypeSupport {

	private static final int PREVIEW_LENGTH = 40;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private AmpTypeSupport() {
	}

	/**
	 * Copy the remaining bytes of a buffer without moving its position.
	 */
	static byte[] copy(ByteBuffer value) {
		byte[] bytes = new byte[value.remaining()];
		value.duplicate().get(bytes);
		return bytes;
	}

	/**
	 * Return the bytes as text when they are all ASCII (as Twisted's
	 * {@code nativeString} requires), otherwise {@code null}.
	 */
	static @Nullable String ascii(ByteBuffer value) {
		byte[] bytes = copy(value);
		for (byte b : bytes) {
			if (b < 0) {
				return null;
			}
		}
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

	/** Returned by {@link #parsePlainDecimal} for anything but a plain decimal. */
	static final long NOT_PLAIN = Long.MIN_VALUE;

	private static final int MAX_PLAIN_DIGITS = 18;

	/**
	 * Parse the common form of an integer, an optional {@code -} and 1..18 ASCII digits,
	 * without allocating. Anything else (whitespace, {@code +}, underscores, more digits)
	 * returns {@link #NOT_PLAIN}, and goes to the parser of Python's syntax.
	 */
	static long parsePlainDecimal(ByteBuffer value) {
		int start = value.position();
		int end = value.limit();
		boolean negative = (end > start) && value.get(start) == '-';
		int first = negative ? start + 1 : start;
		int digits = end - first;
		if (digits < 1 || digits > MAX_PLAIN_DIGITS) {
			return NOT_PLAIN;
		}
		long result = 0;
		for (int i = first; i < end; i++) {
			int digit = value.get(i) - '0';
			if (digit < 0 || digit > 9) {
				return NOT_PLAIN;
			}
			result = result * 10 + digit;
		}
		return negative ? -result : result;
	}

	/**
	 * Return the decimal ASCII of a number, as {@code Long.toString(value)} encoded, in
	 * one allocation.
	 */
	static byte[] decimal(long value) {
		if (value == (int) value) {
			return decimal((int) value);
		}
		if (value == Long.MIN_VALUE) {
			return ascii(Long.toString(value));
		}
		long magnitude = Math.abs(value);
		int digits = 1;
		for (long rest = magnitude / 10; rest != 0; rest /= 10) {
			digits++;
		}
		int length = (value < 0) ? digits + 1 : digits;
		byte[] bytes = new byte[length];
		for (int i = length - 1; i >= length - digits; i--) {
			bytes[i] = (byte) ('0' + (magnitude % 10));
			magnitude /= 10;
		}
		if (value < 0) {
			bytes[0] = '-';
		}
		return bytes;
	}

	/**
	 * Return the decimal ASCII of an {@code int}: int division by ten is a multiplication,
	 * long division a slower one.
	 */
	static byte[] decimal(int value) {
		if (value == Integer.MIN_VALUE) {
			return ascii(Integer.toString(value));
		}
		int magnitude = Math.abs(value);
		int digits = 1;
		for (int bound = 10; digits < 10 && magnitude >= bound; bound *= 10) {
			digits++;
		}
		int length = (value < 0) ? digits + 1 : digits;
		byte[] bytes = new byte[length];
		for (int i = length - 1; i >= length - digits; i--) {
			int quotient = magnitude / 10;
			bytes[i] = (byte) ('0' + (magnitude - quotient * 10));
			magnitude = quotient;
		}
		if (value < 0) {
			bytes[0] = '-';
		}
		return bytes;
	}

	/**
	 * Return ASCII text as bytes.
	 */
	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Decode strict UTF-8, as Python's {@code bytes.decode("utf-8")}: malformed input and
	 * encoded surrogates are errors.
	 */
	static String utf8(ByteBuffer value, String typeName) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(value.duplicate())
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new AmpArgumentException("Bad " + typeName + " value, not valid UTF-8: " + preview(value), ex);
		}
	}

	/**
	 * Encode strict UTF-8, as Python's {@code str.encode("utf-8")}: a lone surrogate is
	 * an error.
	 */
	static byte[] utf8(String text, String typeName) {
		try {
			ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.encode(CharBuffer.wrap(text));
			byte[] bytes = new byte[encoded.remaining()];
			encoded.get(bytes);
			return bytes;
		}
		catch (CharacterCodingException ex) {
			throw new AmpArgumentException("Cannot encode " + typeName + " value: it contains a lone surrogate", ex);
		}
	}

	/**
	 * Return a short, printable rendering of wire bytes for an error message.
	 */
	static String preview(ByteBuffer value) {
		ByteBuffer view = value.duplicate();
		int length = view.remaining();
		StringBuilder out = new StringBuilder("'");
		for (int i = 0; i < Math.min(length, PREVIEW_LENGTH); i++) {
			int b = view.get() & 0xFF;
			if (b >= 0x20 && b < 0x7f && b != '\'' && b != '\\') {
				out.append((char) b);
			}
			else {
				out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xF]);
			}
		}
		out.append('\'');
		if (length > PREVIEW_LENGTH) {
			out.append("...(").append(length).append(" bytes)");
		}
		return out.toString();
	}

	/**
	 * Return a short rendering of a value for an error message.
	 */
	static String preview(Object value) {
		String text = String.valueOf(value);
		return (text.length() > PREVIEW_LENGTH) ? text.substring(0, PREVIEW_LENGTH) + "..." : text;
	}

	/**
	 * Return the error for bytes that are not a valid value of a type.
	 */
	static AmpArgumentException bad(String typeName, ByteBuffer value, @Nullable Throwable cause) {
		return new AmpArgumentException("Bad " + typeName + " value: " + preview(value), cause);
	}

}
