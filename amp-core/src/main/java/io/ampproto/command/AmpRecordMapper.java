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

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxLayout;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpBoxMapper;
import org.jspecify.annotations.Nullable;

/**
 * Maps a record to a box and back: each component is one key, of the component's name
 * (or {@link AmpArgument#name()}) and its AMP type.
 * <p>
 * Encoding omits absent optional components and refuses absent required ones, before
 * anything is sent. Decoding ignores keys the record does not declare (how AMP commands
 * evolve) and refuses a missing required key.
 *
 * @param <R> the record type
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpRecordMapper<R> implements AmpBoxMapper<R> {

	private static final ClassValue<AmpRecordMapper<?>> CACHE = new ClassValue<>() {
		@Override
		protected AmpRecordMapper<?> computeValue(Class<?> type) {
			return new AmpRecordMapper<>(type);
		}
	};

	private final Class<R> type;

	private static final String COMMAND = "_command";

	private static final String ASK = "_ask";

	private static final String ANSWER = "_answer";

	private final AmpField[] fields;

	private final MethodHandle[] accessors;

	private final MethodHandle constructor;

	private final AmpBoxLayout layout;

	/**
	 * The layout of a request: the components' keys with {@code _command} and
	 * {@code _ask}; {@code null} when a component takes one of those keys.
	 */
	private final @Nullable AmpBoxLayout requestLayout;

	/** The layout of an answer: the components' keys with {@code _answer}, or {@code null}. */
	private final @Nullable AmpBoxLayout answerLayout;

	private final boolean mayHoldDescriptors;

	private final String simpleName;

	private AmpRecordMapper(Class<R> type) {
		if (!type.isRecord()) {
			throw new IllegalArgumentException(type.getName() + " is not a record: AMP commands, responses and "
					+ "AmpList rows are declared as records");
		}
		this.type = type;
		RecordComponent[] components = type.getRecordComponents();
		this.fields = new AmpField[components.length];
		this.accessors = new MethodHandle[components.length];
		Class<?>[] parameterTypes = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			this.fields[i] = AmpField.of(components[i].getName(), components[i].getGenericType(), components[i].getType(),
					components[i].getAnnotation(AmpArgument.class), type.getName() + "." + components[i].getName());
			this.accessors[i] = accessor(type, components[i]);
			parameterTypes[i] = components[i].getType();
		}
		List<String> keys = AmpField.distinctKeys(this.fields, "components of " + type.getName());
		this.layout = AmpBoxLayout.of(keys);
		List<String> requestKeys = new ArrayList<>(keys);
		requestKeys.add(COMMAND);
		requestKeys.add(ASK);
		this.requestLayout = (keys.contains(COMMAND) || keys.contains(ASK)) ? null : AmpBoxLayout.of(requestKeys);
		List<String> answerKeys = new ArrayList<>(keys);
		answerKeys.add(ANSWER);
		this.answerLayout = keys.contains(ANSWER) ? null : AmpBoxLayout.of(answerKeys);
		boolean mayHoldDescriptors = false;
		for (AmpField field : this.fields) {
			mayHoldDescriptors |= field.mayHoldDescriptor;
		}
		this.mayHoldDescriptors = mayHoldDescriptors;
		this.simpleName = type.getSimpleName();
		try {
			Constructor<R> canonical = type.getDeclaredConstructor(parameterTypes);
			canonical.setAccessible(true);
			this.constructor = MethodHandles.lookup()
				.unreflectConstructor(canonical)
				.asSpreader(Object[].class, components.length)
				.asType(MethodType.methodType(Object.class, Object[].class));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalArgumentException("Cannot use the canonical constructor of " + type.getName(), ex);
		}
	}

	/**
	 * Return the mapper of a record type.
	 * @param <R> the record type
	 * @param type the record class
	 * @return the (cached) mapper
	 * @throws IllegalArgumentException when the type is not a record or a component has
	 * no AMP type
	 */
	@SuppressWarnings("unchecked")
	public static <R> AmpRecordMapper<R> of(Class<R> type) {
		return (AmpRecordMapper<R>) CACHE.get(type);
	}

	/**
	 * Return the record type.
	 * @return the type
	 */
	public Class<R> type() {
		return this.type;
	}

	/**
	 * Return the wire keys of the components, in declaration order.
	 * @return the keys
	 */
	public List<String> keys() {
		return AmpField.keys(this.fields);
	}

	/**
	 * Return the declared fields, in order.
	 * @return the fields
	 */
	public List<AmpFieldSpec> fields() {
		return AmpField.specs(this.fields);
	}

	/**
	 * Return the Java name of the component behind a wire key.
	 * @param key the wire key
	 * @return the component name, or {@code null}
	 */
	public @Nullable String componentName(String key) {
		for (AmpField field : this.fields) {
			if (field.key.equals(key)) {
				return field.componentName;
			}
		}
		return null;
	}

	@Override
	public AmpBox toBox(R row) {
		return toBox(row, AmpArgumentContext.NONE);
	}

	/**
	 * Convert a row to a box, in declaration order (the order in which Twisted numbers
	 * descriptors). When it fails, the row's descriptors are closed: they were handed
	 * over.
	 */
	@Override
	public AmpBox toBox(R row, AmpArgumentContext context) {
		return this.layout.box(encode(row, context, 0));
	}

	/**
	 * Convert a row to the box of a request, with {@code _command} and {@code _ask} put
	 * in the same pass: one box, not one per added key.
	 * @param row the arguments
	 * @param context the context of the connection
	 * @param name the command name, shared by the box
	 * @param ask the tag, taken by the box, or {@code null} when no answer is asked for
	 * @return the box
	 */
	AmpBox toRequestBox(R row, AmpArgumentContext context, byte[] name, byte @Nullable [] ask) {
		AmpBoxLayout requestLayout = this.requestLayout;
		if (requestLayout == null) {
			AmpBox box = toBox(row, context).with(COMMAND, name);
			return (ask != null) ? box.with(ASK, ask) : box;
		}
		byte[][] encoded = encode(row, context, 2);
		encoded[encoded.length - 2] = name;
		encoded[encoded.length - 1] = ask;
		return requestLayout.box(encoded);
	}

	/**
	 * Convert a row to the box of an answer, with {@code _answer} put in the same pass.
	 * @param row the response
	 * @param context the context of the connection
	 * @param answer the tag of the command answered, taken by the box
	 * @return the box
	 */
	AmpBox toAnswerBox(R row, AmpArgumentContext context, byte[] answer) {
		AmpBoxLayout answerLayout = this.answerLayout;
		if (answerLayout == null) {
			return toBox(row, context).with(ANSWER, answer);
		}
		byte[][] encoded = encode(row, context, 1);
		encoded[encoded.length - 1] = answer;
		return answerLayout.box(encoded);
	}

	/**
	 * Encode the components, in declaration order (the order in which Twisted numbers
	 * descriptors), into an array with room for more values after them.
	 */
	private byte[][] encode(R row, AmpArgumentContext context, int room) {
		int size = this.fields.length;
		// Only descriptors need the values kept for closing them if encoding fails.
		@Nullable Object[] values = null;
		if (this.mayHoldDescriptors) {
			values = new Object[size];
			for (int i = 0; i < size; i++) {
				values[i] = this.fields[i].unwrap(get(this.accessors[i], row));
			}
		}
		try {
			byte[][] encoded = new byte[size + room][];
			for (int i = 0; i < size; i++) {
				AmpField field = this.fields[i];
				Object value = (values != null) ? values[i] : field.unwrap(get(this.accessors[i], row));
				encoded[i] = field.encode(value, context, this.simpleName);
			}
			// The box takes the encoded arrays as they are: AmpField.encode gives them away.
			return encoded;
		}
		catch (RuntimeException ex) {
			if (values != null) {
				AmpField.closeDescriptors(values);
			}
			throw ex;
		}
	}

	@Override
	public R fromBox(AmpBox box) {
		return fromBox(box, AmpArgumentContext.NONE);
	}

	/**
	 * Convert a box to a row. When it fails, the descriptors claimed so far are closed.
	 */
	@Override
	public R fromBox(AmpBox box, AmpArgumentContext context) {
		Object[] values = AmpField.readAll(this.fields, box, this.simpleName, context);
		try {
			@SuppressWarnings("unchecked")
			R row = (R) this.constructor.invokeExact(values);
			return row;
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			AmpField.closeDescriptors(values);
			throw new AmpArgumentException("Cannot create " + this.type.getName(), ex);
		}
	}

	private static MethodHandle accessor(Class<?> owner, RecordComponent component) {
		try {
			java.lang.reflect.Method method = component.getAccessor();
			method.setAccessible(true);
			return MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalArgumentException(
					"Cannot read " + owner.getName() + "." + component.getName() + ": " + ex.getMessage(), ex);
		}
	}

	private static @Nullable Object get(MethodHandle accessor, Object row) {
		try {
			return (Object) accessor.invokeExact(row);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "AmpRecordMapper{" + this.type.getName() + " " + keys() + "}";
	}

}
