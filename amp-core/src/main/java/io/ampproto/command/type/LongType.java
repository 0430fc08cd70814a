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
 * Twisted's {@code Integer} as a {@code long}: values outside its range are refused.
 *
 * @author AMP for Spring Boot contributors
 */
final class LongType implements AmpArgumentType<Long> {

	@Override
	public String name() {
		return "Integer(long)";
	}

	@Override
	public Class<?> javaType() {
		return Long.class;
	}

	@Override
	public byte[] encode(Long value) {
		return AmpTypeSupport.decimal(value);
	}

	@Override
	public Long decode(ByteBuffer value) {
		long plain = AmpTypeSupport.parsePlainDecimal(value);
		if (plain != AmpTypeSupport.NOT_PLAIN) {
			return plain;
		}
		BigInteger parsed = BigIntegerType.parse(value, name());
		if (parsed.bitLength() > 63) {
			throw new AmpArgumentException("Integer value out of range for a Java long (" + Long.MIN_VALUE + ".."
					+ Long.MAX_VALUE + "): " + AmpTypeSupport.preview(value));
		}
		return parsed.longValue();
	}

}
