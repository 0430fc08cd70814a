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

import java.util.Objects;

/**
 * One argument of a command, a response or an {@code AmpList} row.
 *
 * @param key the wire key
 * @param type the AMP type
 * @param optional whether it may be absent
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpFieldDescription(String key, AmpTypeDescription type, boolean optional) {

	/**
	 * Check the key and the type.
	 * @param key the wire key
	 * @param type the AMP type
	 * @param optional whether it may be absent
	 */
	public AmpFieldDescription {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(type, "type");
		if (key.isEmpty()) {
			throw new IllegalArgumentException("An AMP key must not be empty");
		}
	}

	/**
	 * Return {@code key: Type}, with {@code (optional)} after optional ones.
	 */
	@Override
	public String toString() {
		return this.key + ": " + this.type + (this.optional ? " (optional)" : "");
	}

}
