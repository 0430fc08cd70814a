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
 * Twisted's {@code Descriptor}: the box value is the decimal ordinal of the descriptor on
 * the connection, and the descriptor itself travels beside the bytes as
 * {@code SCM_RIGHTS}. It needs a connection ({@link AmpArgumentContext}); without one it
 * is an error.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpDescriptorType implements AmpArgumentType<AmpDescriptor> {

	@Override
	public String name() {
		return "Descriptor";
	}

	@Override
	public Class<?> javaType() {
		return AmpDescriptor.class;
	}

	@Override
	public byte[] encode(AmpDescriptor value) {
		return encode(value, AmpArgumentContext.NONE);
	}

	@Override
	public AmpDescriptor decode(ByteBuffer value) {
		return decode(value, AmpArgumentContext.NONE);
	}

	@Override
	public byte[] encode(AmpDescriptor value, AmpArgumentContext context) {
		if (!value.isOpen()) {
			throw new AmpArgumentException("Cannot send " + value + ": it is closed");
		}
		return AmpTypeSupport.ascii(Long.toString(context.sendDescriptor(value)));
	}

	@Override
	public AmpDescriptor decode(ByteBuffer value, AmpArgumentContext context) {
		// Twisted reads the ordinal with int(), so the same lenient syntax is accepted.
		long ordinal = AmpTypes.LONG.decode(value);
		if (ordinal < 0) {
			throw new AmpArgumentException("Descriptor ordinal must not be negative: " + ordinal);
		}
		return context.receiveDescriptor(ordinal);
	}

}
