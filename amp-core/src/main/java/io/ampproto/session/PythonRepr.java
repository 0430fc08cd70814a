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
package io.ampproto.session;

import org.jspecify.annotations.Nullable;

/**
 * Python's {@code repr()} of a bytes object, as Twisted writes command names in its
 * {@code UNHANDLED} description.
 *
 * @author AMP for Spring Boot contributors
 */
final class PythonRepr {

	private PythonRepr() {
	}

	static String bytes(byte @Nullable [] bytes) {
		if (bytes == null) {
			return "b''";
		}
		boolean hasSingle = false;
		boolean hasDouble = false;
		for (byte b : bytes) {
			hasSingle |= (b == '\'');
			hasDouble |= (b == '"');
		}
		char quote = (hasSingle && !hasDouble) ? '"' : '\'';
		StringBuilder out = new StringBuilder("b").append(quote);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (c == quote || c == '\\') {
				out.append('\\').append((char) c);
			}
			else if (c == '\t') {
				out.append("\\t");
			}
			else if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c < 0x20 || c >= 0x7f) {
				out.append(String.format("\\x%02x", c));
			}
			else {
				out.append((char) c);
			}
		}
		return out.append(quote).toString();
	}

}
