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
 * Twisted's {@code Float}: Python's {@code repr} on the way out, Python's
 * {@code float()} on the way in.
 *
 * @author AMP for Spring Boot contributors
 */
final class FloatType implements AmpArgumentType<Double> {

	@Override
	public String name() {
		return "Float";
	}

	@Override
	public Class<?> javaType() {
		return Double.class;
	}

	@Override
	public byte[] encode(Double value) {
		return PythonFloatRepr.reprBytes(value);
	}

	@Override
	public Double decode(ByteBuffer value) {
		String text = AmpTypeSupport.ascii(value);
		if (text == null) {
			throw AmpTypeSupport.bad(name(), value, null);
		}
		try {
			return PythonSyntax.parseFloat(text);
		}
		catch (NumberFormatException ex) {
			throw AmpTypeSupport.bad(name(), value, ex);
		}
	}

}
