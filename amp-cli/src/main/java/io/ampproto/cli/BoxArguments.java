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
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.ampproto.box.AmpBox;
import io.ampproto.command.type.AmpArgumentType;
import io.ampproto.command.type.AmpTypes;

/**
 * Turns {@code key=value} and {@code key:type=value} words into the pairs of a command box,
 * encoding typed values with {@link AmpTypes} so the bytes are Twisted's.
 */
final class BoxArguments {

	/** Keys the AMP command layer reserves; a command box holding them would be misread. */
	private static final Set<String> RESERVED = Set.of("_ask", "_answer", "_command", "_error");

	private static final String LIST_PREFIX = "list<";

	private static final Map<String, ValueType<?>> TYPES = types();

	/** The type names, for help and error messages. */
	static final String TYPE_NAMES = String.join(", ", TYPES.keySet()) + ", list<T>";

	private BoxArguments() {
	}

	private static Map<String, ValueType<?>> types() {
		Map<String, ValueType<?>> types = new LinkedHashMap<>();
		// Numbers go through the type's own decoder, so they accept what Twisted's peer would.
		types.put("int", new ValueType<>(AmpTypes.INTEGER, decoding(AmpTypes.INTEGER)));
		types.put("float", new ValueType<>(AmpTypes.FLOAT, decoding(AmpTypes.FLOAT)));
		types.put("decimal", new ValueType<>(AmpTypes.AMP_DECIMAL, decoding(AmpTypes.AMP_DECIMAL)));
		types.put("bool", new ValueType<>(AmpTypes.BOOLEAN, BoxArguments::parseBoolean));
		types.put("str", new ValueType<>(AmpTypes.UNICODE, Function.identity()));
		types.put("unicode", new ValueType<>(AmpTypes.UNICODE, Function.identity()));
		types.put("bytes", new ValueType<>(AmpTypes.STRING, BoxArguments::parseBytes));
		types.put("datetime", new ValueType<>(AmpTypes.DATETIME, BoxArguments::parseDateTime));
		return types;
	}

	/**
	 * Parse the argument words into a box.
	 * @throws IllegalArgumentException with a message for the user
	 */
	static AmpBox parse(List<String> words) {
		AmpBox.Builder builder = AmpBox.builder();
		Set<String> seen = new HashSet<>();
		for (String word : words) {
			int equals = word.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException("expected key=value or key:type=value, got '" + word + "'");
			}
			String key = word.substring(0, equals);
			String value = word.substring(equals + 1);
			byte[] encoded;
			int colon = key.lastIndexOf(':');
			if (colon >= 0) {
				String type = key.substring(colon + 1);
				key = key.substring(0, colon);
				try {
					encoded = encode(type, value);
				}
				catch (RuntimeException ex) {
					throw new IllegalArgumentException("bad value in '" + word + "': " + ex.getMessage(), ex);
				}
			}
			else {
				encoded = value.getBytes(StandardCharsets.UTF_8);
			}
			if (key.isEmpty()) {
				throw new IllegalArgumentException("missing key in '" + word + "'");
			}
			if (RESERVED.contains(key)) {
				throw new IllegalArgumentException("key '" + key + "' is reserved by AMP and set by amp itself");
			}
			if (!seen.add(key)) {
				throw new IllegalArgumentException("key '" + key + "' is given twice");
			}
			builder.put(key, encoded);
		}
		return builder.build();
	}

	/**
	 * Encode a value of a named type: a scalar type or {@code list<scalar>}.
	 */
	static byte[] encode(String type, String value) {
		if (type.startsWith(LIST_PREFIX) && type.endsWith(">")) {
			String elementType = type.substring(LIST_PREFIX.length(), type.length() - 1);
			return scalar(elementType, type).encodeList(value);
		}
		return scalar(type, type).encode(value);
	}

	private static ValueType<?> scalar(String name, String fullName) {
		ValueType<?> type = TYPES.get(name);
		if (type == null) {
			throw new IllegalArgumentException("unknown type '" + fullName + "' (known: " + TYPE_NAMES
					+ " where T is not a list)");
		}
		return type;
	}

	private static <T> Function<String, T> decoding(AmpArgumentType<T> type) {
		return (text) -> type.decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
	}

	private static Boolean parseBoolean(String text) {
		return switch (text) {
			case "True", "true" -> Boolean.TRUE;
			case "False", "false" -> Boolean.FALSE;
			default -> throw new IllegalArgumentException("'" + text + "' is not True, False, true or false");
		};
	}

	private static byte[] parseBytes(String text) {
		if (text.startsWith("0x") || text.startsWith("0X")) {
			try {
				return HexFormat.of().parseHex(text.substring(2));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("'" + text + "' is not valid hex (use the str type for text "
						+ "starting with 0x)", ex);
			}
		}
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static OffsetDateTime parseDateTime(String text) {
		try {
			// ISO-8601 with an offset, 'Z' included.
			return OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			// Twisted's own 32-character form is looser (unchecked separators, any offset fields).
			return decoding(AmpTypes.DATETIME).apply(text);
		}
	}

	/**
	 * A command-line type: how to read the text and which AMP type encodes the value.
	 */
	private record ValueType<T>(AmpArgumentType<T> type, Function<String, T> parser) {

		byte[] encode(String text) {
			return this.type.encode(this.parser.apply(text));
		}

		byte[] encodeList(String text) {
			List<T> elements = new ArrayList<>();
			// An empty value is the empty list, as on the wire.
			if (!text.isEmpty()) {
				for (String element : text.split(",", -1)) {
					elements.add(this.parser.apply(element));
				}
			}
			return AmpTypes.listOf(this.type).encode(elements);
		}

	}

}
