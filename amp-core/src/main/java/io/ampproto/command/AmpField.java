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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.ampproto.box.AmpBox;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpArgumentType;
import io.ampproto.command.type.AmpDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * One named, typed argument and its wire form: a record component or a method parameter.
 */
final class AmpField {

	final String key;

	final String componentName;

	final AmpArgumentType<Object> argumentType;

	final boolean optional;

	final boolean optionalWrapper;

	/**
	 * Whether the type's encoded arrays are new and never touched again, so that a box
	 * can take them without a copy: the built-in types (a custom one might reuse its
	 * array).
	 */
	final boolean freshEncodings;

	/** Whether a value may be an {@link AmpDescriptor}, which must be closed on failure. */
	final boolean mayHoldDescriptor;

	private AmpField(String key, String componentName, AmpArgumentType<Object> argumentType, boolean optional,
			boolean optionalWrapper, boolean mayHoldDescriptor) {
		this.key = key;
		this.componentName = componentName;
		this.argumentType = argumentType;
		this.optional = optional;
		this.optionalWrapper = optionalWrapper;
		this.mayHoldDescriptor = mayHoldDescriptor;
		this.freshEncodings = argumentType.getClass().getPackage() == AmpArgumentType.class.getPackage();
	}

	/**
	 * Describe an argument.
	 * @param name the Java name
	 * @param genericType its generic type
	 * @param rawType its class
	 * @param annotation its {@link AmpArgument}, if any
	 * @param where what to name in error messages
	 */
	static AmpField of(String name, Type genericType, Class<?> rawType, @Nullable AmpArgument annotation,
			String where) {
		String key = (annotation != null && !annotation.name().isEmpty()) ? annotation.name() : name;
		int keyLength = key.getBytes(StandardCharsets.UTF_8).length;
		if (keyLength == 0 || keyLength > 255) {
			throw new IllegalArgumentException("AMP key of " + where + " must be 1..255 bytes of UTF-8");
		}
		boolean optionalWrapper = rawType == Optional.class;
		Type valueType = genericType;
		if (optionalWrapper) {
			if (!(genericType instanceof ParameterizedType parameterized)) {
				throw new IllegalArgumentException("Optional " + where + " needs a type argument");
			}
			valueType = parameterized.getActualTypeArguments()[0];
		}
		boolean optional = optionalWrapper || (annotation != null && annotation.optional());
		if (optional && rawType.isPrimitive()) {
			throw new IllegalArgumentException(
					"Optional AMP argument " + where + " must not be a primitive: use its wrapper type");
		}
		AmpArgumentType<Object> argumentType = AmpTypeResolver.resolve(valueType, annotation, where);
		Class<?> valueClass = (valueType instanceof Class<?> plain) ? plain
				: (valueType instanceof ParameterizedType parameterized
						&& parameterized.getRawType() instanceof Class<?> raw) ? raw : Object.class;
		boolean mayHoldDescriptor = valueClass.isAssignableFrom(AmpDescriptor.class)
				|| AmpDescriptor.class.isAssignableFrom(valueClass);
		return new AmpField(key, name, argumentType, optional, optionalWrapper, mayHoldDescriptor);
	}

	/**
	 * Return what fields declare, in order, for tools that describe commands.
	 */
	static List<AmpFieldSpec> specs(AmpField[] fields) {
		List<AmpFieldSpec> specs = new ArrayList<>(fields.length);
		for (AmpField field : fields) {
			specs.add(new AmpFieldSpec(field.key, field.componentName, field.argumentType, field.optional));
		}
		return specs;
	}

	/**
	 * Return the wire keys of fields, in order.
	 */
	static List<String> keys(AmpField[] fields) {
		List<String> keys = new ArrayList<>(fields.length);
		for (AmpField field : fields) {
			keys.add(field.key);
		}
		return keys;
	}

	/**
	 * Return the wire keys of fields, in order, refusing two fields of one key.
	 * @param owners what to name in the error, such as {@code "arguments of m(long)"}
	 */
	static List<String> distinctKeys(AmpField[] fields, String owners) {
		List<String> keys = keys(fields);
		for (int i = 0; i < keys.size(); i++) {
			if (keys.indexOf(keys.get(i)) != i) {
				throw new IllegalArgumentException("Two " + owners + " use the AMP key '" + keys.get(i) + "'");
			}
		}
		return keys;
	}

	/**
	 * Close the descriptors among values whose box was not sent or not fully read: they
	 * were handed over, or claimed, and nobody else will close them.
	 */
	static void closeDescriptors(@Nullable Object[] values) {
		for (Object value : values) {
			Object unwrapped = (value instanceof Optional<?> optional) ? optional.orElse(null) : value;
			if (unwrapped instanceof AmpDescriptor descriptor) {
				try {
					descriptor.close();
				}
				catch (RuntimeException ex) {
					// Already failing: the first error is the one to report.
				}
			}
		}
	}

	/**
	 * Unwrap an {@code Optional} value.
	 */
	@Nullable Object unwrap(@Nullable Object value) {
		if (this.optionalWrapper && value != null) {
			return ((Optional<?>) value).orElse(null);
		}
		return value;
	}

	/**
	 * Encode a value into an array the caller owns, or {@code null} for an absent
	 * optional one.
	 * @throws AmpArgumentException when a required value is absent or cannot be encoded
	 */
	byte @Nullable [] encode(@Nullable Object value, AmpArgumentContext context, String owner) {
		if (value == null) {
			if (!this.optional) {
				throw new AmpArgumentException("Missing required argument '" + this.key + "' of " + owner);
			}
			return null;
		}
		try {
			byte[] encoded = this.argumentType.encode(value, context);
			return this.freshEncodings ? encoded : encoded.clone();
		}
		catch (AmpArgumentException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new AmpArgumentException(
					"Cannot encode argument '" + this.key + "' as " + this.argumentType.name() + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Read the values of fields from a box, in order. When it fails, the descriptors
	 * claimed so far are closed.
	 */
	static Object[] readAll(AmpField[] fields, AmpBox box, String owner, AmpArgumentContext context) {
		Object[] values = new Object[fields.length];
		try {
			for (int i = 0; i < fields.length; i++) {
				values[i] = fields[i].read(box, owner, context);
			}
		}
		catch (RuntimeException ex) {
			closeDescriptors(values);
			throw ex;
		}
		return values;
	}

	@Nullable Object read(AmpBox box, String owner, AmpArgumentContext context) {
		ByteBuffer value = box.getBuffer(this.key);
		if (value == null) {
			if (this.optional) {
				return this.optionalWrapper ? Optional.empty() : null;
			}
			throw new AmpArgumentException("Missing required key '" + this.key + "' for " + owner + " in " + box);
		}
		Object decoded;
		try {
			decoded = this.argumentType.decode(value, context);
		}
		catch (RuntimeException ex) {
			throw new AmpArgumentException("Bad value of '" + this.key + "' for " + owner + " as "
					+ this.argumentType.name() + ": " + ex.getMessage(), ex);
		}
		return this.optionalWrapper ? Optional.of(decoded) : decoded;
	}

}
