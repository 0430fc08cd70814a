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
 * Twisted's {@code Boolean}: exactly {@code True} or {@code False}.
 *
 * @author AMP for Spring Boot contributors
 */
final class BooleanType implements AmpArgumentType<Boolean> {

	private static final ByteBuffer TRUE = ByteBuffer.wrap(AmpTypeSupport.ascii("True")).asReadOnlyBuffer();

	private static final ByteBuffer FALSE = ByteBuffer.wrap(AmpTypeSupport.ascii("False")).asReadOnlyBuffer();

	@Override
	public String name() {
		return "Boolean";
	}

	@Override
	public Class<?> javaType() {
		return Boolean.class;
	}

	@Override
	public byte[] encode(Boolean value) {
		return AmpTypeSupport.ascii(value ? "True" : "False");
	}

	@Override
	public Boolean decode(ByteBuffer value) {
		// ByteBuffer.equals compares the remaining bytes and leaves positions alone.
		if (TRUE.equals(value)) {
			return Boolean.TRUE;
		}
		if (FALSE.equals(value)) {
			return Boolean.FALSE;
		}
		throw AmpTypeSupport.bad(name(), value, null);
	}

}
