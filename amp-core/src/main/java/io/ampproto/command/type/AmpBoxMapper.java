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

import io.ampproto.box.AmpBox;

/**
 * Converts the rows of an {@link AmpTypes#ampList(AmpBoxMapper) AmpList} to and from
 * boxes: the schema of Twisted's {@code AmpList}.
 *
 * @param <R> the row type
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpBoxMapper<R> {

	/**
	 * Convert a row to a box. Optional fields without a value are left out.
	 * @param row the row, never {@code null}
	 * @return the box
	 */
	AmpBox toBox(R row);

	/**
	 * Convert a box to a row. An empty box is valid (a row whose fields were all
	 * omitted).
	 * @param box the box
	 * @return the row
	 * @throws AmpArgumentException when the box is not a valid row
	 */
	R fromBox(AmpBox box);

	/**
	 * Convert a row to a box for a connection, whose context numbers the descriptors it
	 * sends. By default the context is ignored.
	 * @param row the row, never {@code null}
	 * @param context the connection's context
	 * @return the box
	 */
	default AmpBox toBox(R row, AmpArgumentContext context) {
		return toBox(row);
	}

	/**
	 * Convert a box received on a connection to a row, claiming the descriptors it names
	 * from the context. By default the context is ignored.
	 * @param box the box
	 * @param context the connection's context
	 * @return the row
	 * @throws AmpArgumentException when the box is not a valid row
	 */
	default R fromBox(AmpBox box, AmpArgumentContext context) {
		return fromBox(box);
	}

}
