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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpTooLongException;

/**
 * Twisted's {@code AmpList}: complete serialized boxes, one per row, back to back.
 *
 * @param <R> the row type
 * @author AMP for Spring Boot contributors
 */
final class AmpListType<R> implements AmpArgumentType<List<R>> {

	private final AmpBoxMapper<R> mapper;

	AmpListType(AmpBoxMapper<R> mapper) {
		this.mapper = mapper;
	}

	AmpBoxMapper<R> mapper() {
		return this.mapper;
	}

	@Override
	public String name() {
		return "AmpList";
	}

	@Override
	public Class<?> javaType() {
		return List.class;
	}

	/**
	 * Encode every row. A row box that breaks a key or value limit raises the local
	 * {@link AmpTooLongException} from {@link AmpBoxCodec#encode}, as Twisted raises
	 * {@code TooLong} for it.
	 */
	@Override
	public byte[] encode(List<R> value) {
		return encode(value, AmpArgumentContext.NONE);
	}

	@Override
	public List<R> decode(ByteBuffer value) {
		return decode(value, AmpArgumentContext.NONE);
	}

	// Rows see the connection, as in Twisted, whose AmpList passes proto to its rows.
	@Override
	public byte[] encode(List<R> value, AmpArgumentContext context) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (R row : value) {
			if (row == null) {
				throw new AmpArgumentException("Cannot encode AmpList: a row is null");
			}
			out.writeBytes(AmpBoxCodec.encode(this.mapper.toBox(row, context)));
		}
		return out.toByteArray();
	}

	@Override
	public List<R> decode(ByteBuffer value, AmpArgumentContext context) {
		List<AmpBox> boxes;
		try {
			boxes = AmpBoxCodec.decodeConcatenated(value);
		}
		catch (AmpTooLongException ex) {
			// Inside a value this is a bad argument, not a framing error of the connection.
			throw new AmpArgumentException("Bad AmpList value: " + ex.getMessage(), ex);
		}
		List<R> rows = new ArrayList<>(boxes.size());
		for (AmpBox box : boxes) {
			rows.add(this.mapper.fromBox(box, context));
		}
		return Collections.unmodifiableList(rows);
	}

}
