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

import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * Twisted's {@code Decimal} as a {@link BigDecimal}. Its {@code toString()} is exactly
 * Python's {@code str(Decimal)}. Python's special values have no {@code BigDecimal}
 * form and are refused; {@code -0} decodes to zero of the same scale.
 *
 * @author AMP for Spring Boot contributors
 */
final class BigDecimalType implements AmpArgumentType<BigDecimal> {

	@Override
	public String name() {
		return "Decimal";
	}

	@Override
	public Class<?> javaType() {
		return BigDecimal.class;
	}

	@Override
	public byte[] encode(BigDecimal value) {
		return AmpTypeSupport.ascii(value.toString());
	}

	@Override
	public BigDecimal decode(ByteBuffer value) {
		AmpDecimal decimal = AmpDecimalType.parse(value, name());
		if (!decimal.isFinite()) {
			throw new AmpArgumentException("Decimal value " + decimal + " has no java.math.BigDecimal form;"
					+ " declare the argument as AmpDecimal to receive NaN and Infinity");
		}
		return decimal.toBigDecimal();
	}

}
