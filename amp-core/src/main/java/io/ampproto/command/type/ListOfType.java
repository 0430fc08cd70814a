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

/**
 * Twisted's {@code ListOf}: each element as a 16-bit big-endian length and the
 * element's bytes, with no count and no terminator.
 *
 * @param <E> the element type
 * @author AMP for Spring Boot contributors
 */
final class ListOfType<E> implements AmpArgumentType<List<E>> {

	private static final int MAX_ELEMENT_LENGTH = 0xFFFF;

	private final AmpArgumentType<E> elementType;

	ListOfType(AmpArgumentType<E> elementType) {
		this.elementType = elementType;
	}

	AmpArgumentType<E> elementType() {
		return this.elementType;
	}

	@Override
	public String name() {
		return "ListOf(" + this.elementType.name() + ")";
	}

	@Override
	public Class<?> javaType() {
		return List.class;
	}

	@Override
	public byte[] encode(List<E> value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (E element : value) {
			if (element == null) {
				throw new AmpArgumentException("Cannot encode " + name() + ": an element is null");
			}
			byte[] bytes = this.elementType.encode(element);
			if (bytes.length > MAX_ELEMENT_LENGTH) {
				throw new AmpArgumentException("Cannot encode " + name() + ": an element takes " + bytes.length
						+ " bytes, more than the 65535 its length prefix can hold");
			}
			out.write(bytes.length >>> 8);
			out.write(bytes.length & 0xFF);
			out.writeBytes(bytes);
		}
		return out.toByteArray();
	}

	@Override
	public List<E> decode(ByteBuffer value) {
		ByteBuffer in = value.duplicate();
		List<E> elements = new ArrayList<>();
		// As Twisted's Int16StringReceiver: a trailing incomplete element is silently dropped.
		while (in.remaining() >= 2) {
			int length = in.getShort() & 0xFFFF;
			if (in.remaining() < length) {
				break;
			}
			ByteBuffer element = in.slice();
			element.limit(length);
			elements.add(this.elementType.decode(element.asReadOnlyBuffer()));
			in.position(in.position() + length);
		}
		return Collections.unmodifiableList(elements);
	}

}
