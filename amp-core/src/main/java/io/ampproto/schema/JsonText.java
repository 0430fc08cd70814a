/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A small JSON reader and writer of plain values (maps, lists, strings, numbers as
 * {@link BigDecimal}, booleans, {@code null}), so that describing commands needs no JSON
 * library.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class JsonText {

	/** Deeper documents are refused rather than risking the stack. */
	private static final int MAX_DEPTH = 200;

	private final String text;

	private int position;

	private JsonText(String text) {
		this.text = text;
	}

	/**
	 * Parse a JSON document.
	 * @param text the text
	 * @return the value: a {@code Map}, {@code List}, {@code String}, {@link BigDecimal},
	 * {@code Boolean}, or {@code null}
	 * @throws IllegalArgumentException when the text is not JSON
	 */
	public static @Nullable Object parse(String text) {
		JsonText parser = new JsonText(text);
		Object value = parser.value(0);
		parser.skipWhitespace();
		if (parser.position != text.length()) {
			throw parser.error("unexpected text after the JSON value");
		}
		return value;
	}

	/**
	 * Write a value as indented JSON.
	 * @param value a {@code Map} with string keys, {@code List}, {@code CharSequence},
	 * {@code Number}, {@code Boolean} or {@code null}
	 * @return the JSON text
	 */
	public static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(out, value, "");
		return out.toString();
	}

	/**
	 * Append a JSON string literal.
	 * @param out where to append
	 * @param text the string
	 * @return {@code out}
	 */
	public static StringBuilder appendString(StringBuilder out, String text) {
		return appendString(out, text, false);
	}

	/**
	 * Append a JSON string literal, or one that is both JSON and ASCII (as generated Java
	 * source wants): quotes, backslashes, line ends and tabs are escaped by name, other
	 * control characters (and, ASCII only, every character outside printable ASCII) as
	 * four hexadecimal digits.
	 * @param out where to append
	 * @param text the string
	 * @param asciiOnly whether to escape every character outside printable ASCII,
	 * backspace and form feed included, by its hexadecimal digits
	 * @return {@code out}
	 */
	public static StringBuilder appendString(StringBuilder out, String text, boolean asciiOnly) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || (asciiOnly && c > 0x7e)) {
						appendEscaped(out, c, asciiOnly);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"');
	}

	private static void appendEscaped(StringBuilder out, char c, boolean asciiOnly) {
		if (c == '\b' && !asciiOnly) {
			out.append("\\b");
		}
		else if (c == '\f' && !asciiOnly) {
			out.append("\\f");
		}
		else {
			out.append(String.format("\\u%04x", (int) c));
		}
	}

	private static void write(StringBuilder out, @Nullable Object value, String indent) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			if (map.isEmpty()) {
				out.append("{}");
				return;
			}
			String inner = indent + "  ";
			out.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				out.append(inner);
				appendString(out, String.valueOf(entry.getKey())).append(": ");
				write(out, entry.getValue(), inner);
				out.append((++i < map.size()) ? ",\n" : "\n");
			}
			out.append(indent).append('}');
		}
		else if (value instanceof List<?> list) {
			if (list.isEmpty()) {
				out.append("[]");
				return;
			}
			String inner = indent + "  ";
			out.append("[\n");
			for (int i = 0; i < list.size(); i++) {
				out.append(inner);
				write(out, list.get(i), inner);
				out.append((i + 1 < list.size()) ? ",\n" : "\n");
			}
			out.append(indent).append(']');
		}
		else if (value instanceof Boolean || value instanceof Number) {
			out.append(value);
		}
		else {
			appendString(out, value.toString());
		}
	}

	private @Nullable Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nested deeper than " + MAX_DEPTH);
		}
		skipWhitespace();
		if (this.position >= this.text.length()) {
			throw error("unexpected end");
		}
		char c = this.text.charAt(this.position);
		return switch (c) {
			case '{' -> object(depth);
			case '[' -> array(depth);
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> number();
		};
	}

	private Map<String, @Nullable Object> object(int depth) {
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		this.position++;
		skipWhitespace();
		if (peek('}')) {
			this.position++;
			return map;
		}
		while (true) {
			skipWhitespace();
			if (!peek('"')) {
				throw error("expected a string key");
			}
			String key = string();
			skipWhitespace();
			expect(':');
			map.put(key, value(depth + 1));
			skipWhitespace();
			if (peek(',')) {
				this.position++;
				continue;
			}
			expect('}');
			return map;
		}
	}

	private List<@Nullable Object> array(int depth) {
		List<@Nullable Object> list = new ArrayList<>();
		this.position++;
		skipWhitespace();
		if (peek(']')) {
			this.position++;
			return list;
		}
		while (true) {
			list.add(value(depth + 1));
			skipWhitespace();
			if (peek(',')) {
				this.position++;
				continue;
			}
			expect(']');
			return list;
		}
	}

	private String string() {
		StringBuilder out = new StringBuilder();
		this.position++;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return out.toString();
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			if (this.position >= this.text.length()) {
				break;
			}
			char escape = this.text.charAt(this.position++);
			switch (escape) {
				case '"', '\\', '/' -> out.append(escape);
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("truncated \\u escape");
					}
					try {
						out.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					}
					catch (NumberFormatException ex) {
						throw error("bad \\u escape");
					}
					this.position += 4;
				}
				default -> throw error("bad escape \\" + escape);
			}
		}
		throw error("unterminated string");
	}

	private @Nullable Object literal(String word, @Nullable Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw error("unexpected character");
		}
		this.position += word.length();
		return value;
	}

	private BigDecimal number() {
		int start = this.position;
		while (this.position < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.position)) >= 0) {
			this.position++;
		}
		try {
			return new BigDecimal(this.text.substring(start, this.position));
		}
		catch (NumberFormatException ex) {
			this.position = start;
			throw error("unexpected character");
		}
	}

	private void skipWhitespace() {
		while (this.position < this.text.length() && " \t\r\n".indexOf(this.text.charAt(this.position)) >= 0) {
			this.position++;
		}
	}

	private boolean peek(char c) {
		return this.position < this.text.length() && this.text.charAt(this.position) == c;
	}

	private void expect(char c) {
		if (!peek(c)) {
			throw error("expected '" + c + "'");
		}
		this.position++;
	}

	private IllegalArgumentException error(String problem) {
		return new IllegalArgumentException("Not valid JSON at offset " + this.position + ": " + problem);
	}

}
