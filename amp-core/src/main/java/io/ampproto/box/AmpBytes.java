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
package io.ampproto.box;

import java.nio.charset.StandardCharsets;

/**
 * Byte helpers shared by the codec and the box.
 */
final class AmpBytes {

	private static final byte[] ASK = ascii("_ask");

	private static final byte[] ANSWER = ascii("_answer");

	private static final byte[] COMMAND = ascii("_command");

	private static final byte[] ERROR = ascii("_error");

	private AmpBytes() {
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Encode text as UTF-8, with a fast path for ASCII keys.
	 */
	static byte[] utf8(String text) {
		// The keys of the protocol itself: boxes never change their arrays, so they share these.
		switch (text) {
			case "_ask":
				return ASK;
			case "_answer":
				return ANSWER;
			case "_command":
				return COMMAND;
			case "_error":
				return ERROR;
			default:
				break;
		}
		int length = text.length();
		byte[] ascii = new byte[length];
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				return text.getBytes(StandardCharsets.UTF_8);
			}
			ascii[i] = (byte) c;
		}
		return ascii;
	}

	/**
	 * Compare keys as unsigned bytes, as {@link java.util.Arrays#compareUnsigned}: a plain
	 * loop is faster for keys of a few bytes than the vectorized comparison.
	 */
	static int compareKeys(byte[] a, byte[] b) {
		int length = Math.min(a.length, b.length);
		for (int i = 0; i < length; i++) {
			if (a[i] != b[i]) {
				return (a[i] & 0xFF) - (b[i] & 0xFF);
			}
		}
		return a.length - b.length;
	}

	/**
	 * Whether the {@code length} bytes of {@code scratch} from {@code offset} are {@code bytes}.
	 */
	static boolean sameBytes(byte[] bytes, byte[] scratch, int offset, int length) {
		if (bytes.length != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (bytes[i] != scratch[offset + i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the bytes are valid UTF-8 made of printable characters (tabs and line breaks
	 * allowed).
	 */
	static boolean isPrintableUtf8(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return isPrintableNonAscii(bytes);
			}
			if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
				return false;
			}
		}
		return true;
	}

	private static boolean isPrintableNonAscii(byte[] bytes) {
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.decode(java.nio.ByteBuffer.wrap(bytes))
				.toString();
			return text.codePoints()
				.allMatch((cp) -> !Character.isISOControl(cp) || cp == '\t' || cp == '\n' || cp == '\r');
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			return false;
		}
	}

}
