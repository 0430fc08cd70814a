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

package io.ampproto.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.schema.JsonText;
import org.jspecify.annotations.Nullable;

/**
 * Shows box keys and values to people: as text when they are printable UTF-8, else as hex
 * with a {@code 0x} prefix. Line breaks and other control characters (tab excepted) count
 * as unprintable, so every value fits on one line.
 */
final class BoxFormat {

	private static final HexFormat HEX = HexFormat.of();

	private BoxFormat() {
	}

	/**
	 * Return the bytes as text, or as {@code 0x} and lowercase hex.
	 */
	static String show(byte[] bytes) {
		String text = printableText(bytes);
		return (text != null) ? text : "0x" + HEX.formatHex(bytes);
	}

	/**
	 * Return the box as {@code key: value} lines in wire order, without the given key.
	 */
	static List<String> lines(AmpBox box, String skippedKey) {
		List<String> lines = new ArrayList<>();
		box.forEach((key, value) -> {
			String shownKey = show(key);
			if (!shownKey.equals(skippedKey)) {
				lines.add(shownKey + ": " + show(value));
			}
		});
		return lines;
	}

	/**
	 * Return the box on one line as {@code key=value} pairs in wire order.
	 */
	static String line(AmpBox box) {
		StringBuilder out = new StringBuilder();
		box.forEach((key, value) -> {
			if (!out.isEmpty()) {
				out.append(' ');
			}
			out.append(show(key)).append('=').append(show(value));
		});
		return out.toString();
	}

	/**
	 * Return the box as a one-line JSON object of strings, without the given key.
	 */
	static String json(AmpBox box, String skippedKey) {
		StringBuilder out = new StringBuilder("{");
		box.forEach((key, value) -> {
			String shownKey = show(key);
			if (!shownKey.equals(skippedKey)) {
				if (out.length() > 1) {
					out.append(',');
				}
				JsonText.appendString(out, shownKey).append(':');
				JsonText.appendString(out, show(value));
			}
		});
		return out.append('}').toString();
	}

	/**
	 * Return the JSON of an error answer.
	 */
	static String jsonError(String code, String description) {
		StringBuilder out = new StringBuilder("{\"error\":{\"code\":");
		JsonText.appendString(out, code).append(",\"description\":");
		return JsonText.appendString(out, description).append("}}").toString();
	}

	private static @Nullable String printableText(byte[] bytes) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
		boolean printable = text.codePoints()
			.allMatch((cp) -> cp == '\t' || !Character.isISOControl(cp));
		return printable ? text : null;
	}

}
