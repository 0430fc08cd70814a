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

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * Twisted's {@code Integer} as an unbounded {@link BigInteger}.
 *
 * @author AMP for Spring Boot contributors
 */
final class BigIntegerType implements AmpArgumentType<BigInteger> {

	@Override
	public String name() {
		return "Integer";
	}

	@Override
	public Class<?> javaType() {
		return BigInteger.class;
	}

	@Override
	public byte[] encode(BigInteger value) {
		// BigInteger.toString divides even small values; most fit in a long
		if (value.bitLength() < Long.SIZE) {
			return AmpTypeSupport.decimal(value.longValue());
		}
		return AmpTypeSupport.ascii(value.toString());
	}

	@Override
	public BigInteger decode(ByteBuffer value) {
		long plain = AmpTypeSupport.parsePlainDecimal(value);
		if (plain != AmpTypeSupport.NOT_PLAIN) {
			return BigInteger.valueOf(plain);
		}
		return parse(value, name());
	}

	/**
	 * Parse an integer as Python's {@code int(bytes)} does.
	 */
	static BigInteger parse(ByteBuffer value, String typeName) {
		String text = AmpTypeSupport.ascii(value);
		if (text == null) {
			throw AmpTypeSupport.bad(typeName, value, null);
		}
		try {
			return PythonSyntax.parseInt(text);
		}
		catch (PythonSyntax.TooManyDigitsException ex) {
			throw new AmpArgumentException("Bad " + typeName + " value: " + ex.getMessage(), ex);
		}
		catch (NumberFormatException ex) {
			throw AmpTypeSupport.bad(typeName, value, ex);
		}
	}

}
