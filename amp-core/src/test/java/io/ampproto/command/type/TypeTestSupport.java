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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Helpers for the argument type tests.
 *
 * @author AMP for Spring Boot contributors
 */
final class TypeTestSupport {

	private TypeTestSupport() {
	}

	static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex.replace(" ", ""));
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A read-only view over the bytes, as the box layer hands them out; the position is
	 * non-zero so types must respect position and limit.
	 */
	static ByteBuffer view(byte[] bytes) {
		byte[] padded = new byte[bytes.length + 3];
		System.arraycopy(bytes, 0, padded, 2, bytes.length);
		return ByteBuffer.wrap(padded, 2, bytes.length).slice().asReadOnlyBuffer();
	}

	static ByteBuffer view(String ascii) {
		return view(ascii(ascii));
	}

	static <T> T decode(AmpArgumentType<T> type, byte[] bytes) {
		ByteBuffer view = view(bytes);
		int position = view.position();
		T value = type.decode(view);
		if (view.position() != position) {
			throw new AssertionError(type.name() + " moved the buffer position");
		}
		return value;
	}

	static <T> T decode(AmpArgumentType<T> type, String ascii) {
		return decode(type, ascii(ascii));
	}

	static List<String> lines(String resource) {
		try (InputStream in = TypeTestSupport.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing test resource " + resource);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			return reader.lines().filter((line) -> !line.isEmpty()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
