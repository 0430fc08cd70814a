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
 * Twisted's {@code Decimal} as an {@link AmpDecimal}, which covers every value Python
 * can send.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpDecimalType implements AmpArgumentType<AmpDecimal> {

	@Override
	public String name() {
		return "Decimal";
	}

	@Override
	public Class<?> javaType() {
		return AmpDecimal.class;
	}

	@Override
	public byte[] encode(AmpDecimal value) {
		return AmpTypeSupport.ascii(value.toString());
	}

	@Override
	public AmpDecimal decode(ByteBuffer value) {
		return parse(value, name());
	}

	/**
	 * Parse as Twisted does: ASCII, then Python's {@code decimal.Decimal(str)}.
	 */
	static AmpDecimal parse(ByteBuffer value, String typeName) {
		String text = AmpTypeSupport.ascii(value);
		if (text == null) {
			throw AmpTypeSupport.bad(typeName, value, null);
		}
		try {
			return PythonSyntax.parseDecimal(text);
		}
		catch (NumberFormatException ex) {
			throw new AmpArgumentException(
					"Bad " + typeName + " value: " + AmpTypeSupport.preview(value) + " (" + ex.getMessage() + ")", ex);
		}
	}

}
