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
package io.ampproto.command;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.ampproto.command.type.AmpArgumentType;
import io.ampproto.command.type.AmpTypes;
import org.jspecify.annotations.Nullable;

/**
 * Picks the AMP type of a Java type: the default one, a built-in one named by
 * {@link AmpArgument#type()}, a custom one, or {@code AmpList} for a list of records.
 */
final class AmpTypeResolver {

	private AmpTypeResolver() {
	}

	@SuppressWarnings("unchecked")
	static AmpArgumentType<Object> resolve(Type type, @Nullable AmpArgument annotation, String where) {
		if (annotation != null && annotation.custom() != AmpArgumentType.class) {
			try {
				return (AmpArgumentType<Object>) annotation.custom().getDeclaredConstructor().newInstance();
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalArgumentException("Cannot create the custom AMP type " + annotation.custom().getName()
						+ " of " + where + ": it needs a public no-argument constructor", ex);
			}
		}
		AmpBuiltinType builtin = (annotation != null) ? annotation.type() : AmpBuiltinType.DEFAULT;
		AmpArgumentType<?> resolved = resolve(type, builtin, where);
		return (AmpArgumentType<Object>) resolved;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static AmpArgumentType<?> resolve(Type type, AmpBuiltinType builtin, String where) {
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
			Type element = parameterized.getActualTypeArguments()[0];
			if (element instanceof Class<?> elementClass && elementClass.isRecord()) {
				return AmpTypes.ampList(AmpRecordMapper.of(elementClass));
			}
			return AmpTypes.listOf((AmpArgumentType) resolve(element, builtin, where + " (element)"));
		}
		if (builtin == AmpBuiltinType.STRING && type == String.class) {
			return TextAsBytes.INSTANCE;
		}
		AmpArgumentType<?> resolved = AmpTypes.defaultFor(type);
		if (resolved == null) {
			throw new IllegalArgumentException("No AMP type for " + where + " of type " + type.getTypeName()
					+ ": use a supported type or declare one with @AmpArgument(custom = ...)");
		}
		if (builtin != AmpBuiltinType.DEFAULT && !resolved.name().equalsIgnoreCase(builtin.name())) {
			throw new IllegalArgumentException("AMP type " + builtin + " does not fit " + where + " of type "
					+ type.getTypeName() + " (its default is " + resolved.name() + ")");
		}
		return resolved;
	}

	/**
	 * Twisted's {@code String} (bytes) for a Java String: UTF-8 out, UTF-8 in with
	 * malformed input replaced, since bytes need not be text.
	 */
	private static final class TextAsBytes implements AmpArgumentType<String> {

		static final TextAsBytes INSTANCE = new TextAsBytes();

		@Override
		public String name() {
			return "String";
		}

		@Override
		public Class<?> javaType() {
			return String.class;
		}

		@Override
		public byte[] encode(String value) {
			return value.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public String decode(ByteBuffer value) {
			if (value.hasArray()) {
				return new String(value.array(), value.arrayOffset() + value.position(), value.remaining(),
						StandardCharsets.UTF_8);
			}
			byte[] bytes = new byte[value.remaining()];
			value.duplicate().get(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}

	}

}
