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
 * The readable form of a box, for logs.
 *
 * @author AMP for Spring Boot contributors
 */
final class ReadableBox {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final int SHOWN_PAIRS = 32;

	private static final int SHOWN_TEXT = 200;

	private static final int SHOWN_BYTES = 32;

	private ReadableBox() {
	}

	/**
	 * Return the readable form of a box's pairs: text as text, bytes as hex. It is
	 * bounded whatever the box (a peer chooses what gets logged): at most
	 * {@value #SHOWN_PAIRS} pairs, {@value #SHOWN_TEXT} characters of text and
	 * {@value #SHOWN_BYTES} bytes of hex per key or value.
	 * @param keys the sorted keys
	 * @param values their values
	 * @return the readable form
	 */
	static String toString(byte[][] keys, byte[][] values) {
		StringBuilder builder = new StringBuilder("AmpBox{");
		int shown = Math.min(keys.length, SHOWN_PAIRS);
		for (int i = 0; i < shown; i++) {
			if (i > 0) {
				builder.append(", ");
			}
			appendReadable(builder, keys[i]);
			builder.append('=');
			appendReadable(builder, values[i]);
		}
		if (shown < keys.length) {
			builder.append(", ...(").append(keys.length - shown).append(" more pairs)");
		}
		return builder.append('}').toString();
	}

	private static void appendReadable(StringBuilder builder, byte[] bytes) {
		if (AmpBytes.isPrintableUtf8(bytes)) {
			String text = new String(bytes, StandardCharsets.UTF_8);
			if (text.length() <= SHOWN_TEXT) {
				builder.append(text);
			}
			else {
				builder.append(text, 0, Character.isHighSurrogate(text.charAt(SHOWN_TEXT - 1)) ? SHOWN_TEXT - 1 : SHOWN_TEXT)
					.append("...(")
					.append(bytes.length)
					.append(" bytes)");
			}
			return;
		}
		int shown = Math.min(bytes.length, SHOWN_BYTES);
		builder.append("0x");
		for (int i = 0; i < shown; i++) {
			builder.append(HEX[(bytes[i] >> 4) & 0xF]).append(HEX[bytes[i] & 0xF]);
		}
		if (shown < bytes.length) {
			builder.append("...(").append(bytes.length).append(" bytes)");
		}
	}

}
