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
package io.ampproto.cli;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.command.type.AmpTypes;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpFieldDescription;
import io.ampproto.schema.AmpTypeDescription;
import io.ampproto.schema.JsonText;
import org.jspecify.annotations.Nullable;

/**
 * Types {@code amp call} arguments and answers by a command's description: the words are
 * plain {@code key=value}, encoded by the key's type; the answer's values are decoded by
 * theirs, so JSON shows numbers, lists and rows.
 */
final class SchemaArguments {

	/** A JSON number, which decimal and float text must be to be shown as one. */
	private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

	private static final Map<String, String> SCALAR_TYPES = Map.of("Integer", "int", "Float", "float", "Decimal",
			"decimal", "Boolean", "bool", "Unicode", "str", "Path", "str", "String", "bytes", "DateTime", "datetime");

	private SchemaArguments() {
	}

	/**
	 * Encode argument words by the command's description. {@code key:type=value} keeps
	 * its explicit type; a list is comma-separated or a JSON array, an {@code AmpList} a
	 * JSON array of objects.
	 * @throws IllegalArgumentException with a message for the user
	 */
	static AmpBox parse(AmpCommandDescription command, List<String> words) {
		List<AmpFieldDescription> fields = command.arguments();
		if (fields == null) {
			return BoxArguments.parse(words);
		}
		Map<String, AmpFieldDescription> byKey = new LinkedHashMap<>();
		fields.forEach((field) -> byKey.put(field.key(), field));
		List<String> explicit = new ArrayList<>();
		AmpBox.Builder builder = AmpBox.builder();
		Set<String> given = new HashSet<>();
		for (String word : words) {
			int equals = word.indexOf('=');
			String key = (equals >= 0) ? word.substring(0, equals) : word;
			if (equals < 0 || key.indexOf(':') >= 0) {
				explicit.add(word);
				String explicitKey = (key.indexOf(':') >= 0) ? key.substring(0, key.lastIndexOf(':')) : key;
				if (equals >= 0 && !given.add(explicitKey)) {
					throw new IllegalArgumentException("key '" + explicitKey + "' is given twice");
				}
				continue;
			}
			AmpFieldDescription field = byKey.get(key);
			if (field == null) {
				throw new IllegalArgumentException(command.name() + " has no argument '" + key + "' (its arguments: "
						+ String.join(", ", byKey.keySet()) + ")");
			}
			if (!given.add(key)) {
				throw new IllegalArgumentException("key '" + key + "' is given twice");
			}
			try {
				builder.put(key, encode(field.type(), word.substring(equals + 1)));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("bad value in '" + word + "' for " + field + ": " + ex.getMessage(),
						ex);
			}
		}
		AmpBox typed = builder.build();
		AmpBox.Builder all = BoxArguments.parse(explicit).toBuilder();
		typed.forEach(all::put);
		List<String> missing = fields.stream()
			.filter((field) -> !field.optional() && !given.contains(field.key()))
			.map(AmpFieldDescription::key)
			.toList();
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException(command + " needs " + String.join(", ", missing));
		}
		return all.build();
	}

	private static byte[] encode(AmpTypeDescription type, @Nullable Object value) {
		if (value == null) {
			throw new IllegalArgumentException("null is not a value of " + type);
		}
		if (type.custom()) {
			// Only the type's own code knows its encoding: send what was given, as with key=value.
			return BoxArguments.encode("bytes", text(value));
		}
		if (type.element() != null) {
			List<?> elements = (value instanceof List<?> list) ? list : split(text(value));
			List<byte[]> encoded = new ArrayList<>();
			for (Object element : elements) {
				encoded.add(encode(type.element(), element));
			}
			return AmpTypes.listOf(AmpTypes.STRING).encode(encoded);
		}
		if (type.rows() != null) {
			Object json = (value instanceof String text) ? JsonText.parse(text) : value;
			if (!(json instanceof List<?> rows)) {
				throw new IllegalArgumentException("an AmpList is a JSON array of objects, such as [{\"k\":\"a\"}]");
			}
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			for (Object row : rows) {
				if (!(row instanceof Map<?, ?> object)) {
					throw new IllegalArgumentException("an AmpList row is a JSON object, not " + row);
				}
				AmpBox.Builder box = AmpBox.builder();
				for (AmpFieldDescription field : type.rows()) {
					Object fieldValue = object.get(field.key());
					if (fieldValue != null) {
						box.put(field.key(), encode(field.type(), fieldValue));
					}
					else if (!field.optional()) {
						throw new IllegalArgumentException("a row lacks its key '" + field.key() + "'");
					}
				}
				for (Object key : object.keySet()) {
					if (type.rows().stream().noneMatch((field) -> field.key().equals(key))) {
						throw new IllegalArgumentException("a row has the unknown key '" + key + "'");
					}
				}
				out.writeBytes(AmpBoxCodec.encode(box.build()));
			}
			return out.toByteArray();
		}
		String scalar = SCALAR_TYPES.get(type.name());
		if (scalar == null) {
			throw new IllegalArgumentException("amp call cannot send a " + type.name());
		}
		return BoxArguments.encode(scalar, text(value));
	}

	private static String text(Object value) {
		if (value instanceof BigDecimal number) {
			return number.toString();
		}
		if (value instanceof Boolean flag) {
			return flag ? "True" : "False";
		}
		if (value instanceof String text) {
			return text;
		}
		throw new IllegalArgumentException("expected a single value, not " + value);
	}

	private static List<String> split(String text) {
		String trimmed = text.strip();
		if (trimmed.startsWith("[")) {
			if (!(JsonText.parse(trimmed) instanceof List<?> json)) {
				throw new IllegalArgumentException("expected a JSON list, not " + text);
			}
			List<String> elements = new ArrayList<>();
			for (Object element : json) {
				elements.add((element instanceof List<?>) ? JsonText.write(element) : text(element));
			}
			return elements;
		}
		// An empty value is the empty list, as on the wire.
		return text.isEmpty() ? List.of() : List.of(text.split(",", -1));
	}

	/**
	 * Decode an answer by the command's response: ordered values for JSON (numbers,
	 * booleans, strings, lists, row objects), keys it does not declare as text or hex.
	 */
	static Map<String, Object> decode(AmpCommandDescription command, AmpBox answer, String skippedKey) {
		Map<String, AmpFieldDescription> byKey = new LinkedHashMap<>();
		if (command.response() != null) {
			command.response().forEach((field) -> byKey.put(field.key(), field));
		}
		Map<String, Object> values = new LinkedHashMap<>();
		answer.forEach((keyBytes, value) -> {
			String key = BoxFormat.show(keyBytes);
			if (!key.equals(skippedKey)) {
				AmpFieldDescription field = byKey.get(key);
				values.put(key, (field != null) ? value(field.type(), value) : BoxFormat.show(value));
			}
		});
		return values;
	}

	private static Object value(AmpTypeDescription type, byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
		try {
			if (type.custom()) {
				return BoxFormat.show(bytes);
			}
			if (type.element() != null) {
				List<Object> elements = new ArrayList<>();
				for (byte[] element : AmpTypes.listOf(AmpTypes.STRING).decode(buffer)) {
					elements.add(value(type.element(), element));
				}
				return elements;
			}
			if (type.rows() != null) {
				List<Object> rows = new ArrayList<>();
				for (AmpBox row : AmpBoxCodec.decodeConcatenated(buffer)) {
					Map<String, Object> object = new LinkedHashMap<>();
					for (AmpFieldDescription field : type.rows()) {
						ByteBuffer value = row.getBuffer(field.key());
						if (value != null) {
							byte[] fieldBytes = new byte[value.remaining()];
							value.duplicate().get(fieldBytes);
							object.put(field.key(), value(field.type(), fieldBytes));
						}
					}
					rows.add(object);
				}
				return rows;
			}
			return switch (type.name()) {
				case "Integer" -> new Number(AmpTypes.INTEGER.decode(buffer).toString());
				case "Boolean" -> AmpTypes.BOOLEAN.decode(buffer);
				case "Float", "Decimal" -> {
					String text = "Float".equals(type.name())
							? new String(AmpTypes.FLOAT.encode(AmpTypes.FLOAT.decode(buffer)), StandardCharsets.US_ASCII)
							: decimal(AmpTypes.AMP_DECIMAL.decode(buffer));
					yield JSON_NUMBER.matcher(text).matches() ? new Number(text) : text;
				}
				default -> BoxFormat.show(bytes);
			};
		}
		catch (RuntimeException ex) {
			// Not a value of its declared type: show the bytes rather than hide them.
			return BoxFormat.show(bytes);
		}
	}

	private static String decimal(AmpDecimal value) {
		return value.toString();
	}

	/**
	 * Return the values as one line of JSON.
	 */
	static String json(Map<String, Object> values) {
		StringBuilder out = new StringBuilder();
		appendJson(out, values);
		return out.toString();
	}

	/**
	 * Return the values as {@code key: value} lines: scalars as Twisted writes them, lists
	 * and rows as JSON.
	 */
	static List<String> lines(Map<String, Object> values) {
		List<String> lines = new ArrayList<>();
		values.forEach((key, value) -> {
			String text;
			if (value instanceof Boolean flag) {
				text = flag ? "True" : "False";
			}
			else if (value instanceof List<?>) {
				StringBuilder out = new StringBuilder();
				appendJson(out, value);
				text = out.toString();
			}
			else {
				text = String.valueOf(value);
			}
			lines.add(key + ": " + text);
		});
		return lines;
	}

	private static void appendJson(StringBuilder out, @Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			out.append('{');
			int i = 0;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (i++ > 0) {
					out.append(',');
				}
				JsonText.appendString(out, String.valueOf(entry.getKey())).append(':');
				appendJson(out, entry.getValue());
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				appendJson(out, list.get(i));
			}
			out.append(']');
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			JsonText.appendString(out, String.valueOf(value));
		}
	}

	/**
	 * A number shown as its text, exactly (Python's repr, any size).
	 */
	private record Number(String text) {

		@Override
		public String toString() {
			return this.text;
		}

	}

}
