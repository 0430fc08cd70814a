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

import java.nio.ByteBuffer;

/**
 * An AMP argument type: converts a Java value to the bytes of one box value and back.
 * This is the SPI for custom argument types; the built-in ones are in {@link AmpTypes}.
 * <p>
 * Implementations are stateless and thread-safe. {@link #encode} writes exactly what
 * Twisted's type writes; {@link #decode} is as lenient as Twisted's parser.
 *
 * @param <T> the Java type of the values
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpArgumentType<T> {

	/**
	 * Return a short name of the type, used in error messages (for example
	 * {@code Integer} or {@code ListOf(Unicode)}).
	 * @return the name
	 */
	String name();

	/**
	 * Return the Java type of decoded values.
	 * @return the Java type
	 */
	Class<?> javaType();

	/**
	 * Encode a value.
	 * @param value the value, never {@code null}
	 * @return the wire bytes
	 * @throws IllegalArgumentException when the value cannot be encoded
	 */
	byte[] encode(T value);

	/**
	 * Decode a value.
	 * @param value a read-only view of the wire bytes; it must not be retained
	 * @return the value, never {@code null}
	 * @throws AmpArgumentException when the bytes are not a valid value of this type
	 */
	T decode(ByteBuffer value);

	/**
	 * Encode a value for a connection. Types that need the connection, such as
	 * {@link AmpTypes#DESCRIPTOR}, override this; others encode as {@link #encode(Object)}.
	 * @param value the value, never {@code null}
	 * @param context the connection's context
	 * @return the wire bytes
	 * @throws IllegalArgumentException when the value cannot be encoded
	 */
	default byte[] encode(T value, AmpArgumentContext context) {
		return encode(value);
	}

	/**
	 * Decode a value received on a connection. Types that need the connection, such as
	 * {@link AmpTypes#DESCRIPTOR}, override this; others decode as
	 * {@link #decode(ByteBuffer)}.
	 * @param value a read-only view of the wire bytes; it must not be retained
	 * @param context the connection's context
	 * @return the value, never {@code null}
	 * @throws AmpArgumentException when the bytes are not a valid value of this type
	 */
	default T decode(ByteBuffer value, AmpArgumentContext context) {
		return decode(value);
	}

}
