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

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxLayout;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpBoxMapper;

/**
 * Maps a list of named, typed arguments (such as a method's parameters) to a box and
 * back, as an array of values in declaration order. Used where a command is declared by
 * a method signature rather than a record.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpArgumentsMapper implements AmpBoxMapper<Object[]> {

	private final String owner;

	private final AmpField[] fields;

	private final AmpBoxLayout layout;

	private AmpArgumentsMapper(String owner, List<AmpField> fields) {
		this.owner = owner;
		this.fields = fields.toArray(new AmpField[0]);
		this.layout = AmpBoxLayout.of(AmpField.distinctKeys(this.fields, "arguments of " + owner));
	}

	/**
	 * Return how error messages name a method: its class, its name and the simple names
	 * of its parameter types.
	 * @param method the method
	 * @return for example {@code com.example.Calculator.sum(long, long)}
	 */
	public static String describe(Method method) {
		StringBuilder builder = new StringBuilder(method.getDeclaringClass().getName()).append('.')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			builder.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return builder.append(')').toString();
	}

	/**
	 * Create a mapper of method parameters. Each parameter's name (compile with
	 * {@code -parameters}) or {@link AmpArgument#name()} is its key.
	 * @param owner what to name in error messages, such as the method
	 * @param parameters the parameters
	 * @return the mapper
	 */
	public static AmpArgumentsMapper ofParameters(String owner, List<Parameter> parameters) {
		List<AmpField> fields = new ArrayList<>();
		for (Parameter parameter : parameters) {
			AmpArgument annotation = parameter.getAnnotation(AmpArgument.class);
			if (!parameter.isNamePresent() && (annotation == null || annotation.name().isEmpty())) {
				throw new IllegalArgumentException("Cannot tell the AMP key of parameter " + parameter + " of " + owner
						+ ": compile with -parameters or name it with @AmpArgument(name = ...)");
			}
			fields.add(AmpField.of(parameter.getName(), parameter.getParameterizedType(), parameter.getType(), annotation,
					owner + " parameter " + parameter.getName()));
		}
		return new AmpArgumentsMapper(owner, fields);
	}

	/**
	 * Return the wire keys, in order.
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

	@Override
	public AmpBox toBox(Object[] values) {
		return toBox(values, AmpArgumentContext.NONE);
	}

	/**
	 * Convert values to a box, in order. When it fails, the descriptors among them are
	 * closed: they were handed over.
	 */
	@Override
	public AmpBox toBox(Object[] values, AmpArgumentContext context) {
		try {
			if (values.length != this.fields.length) {
				throw new AmpArgumentException(
						this.owner + " takes " + this.fields.length + " arguments, not " + values.length);
			}
			byte[][] encoded = new byte[this.fields.length][];
			for (int i = 0; i < this.fields.length; i++) {
				AmpField field = this.fields[i];
				encoded[i] = field.encode(field.unwrap(values[i]), context, this.owner);
			}
			// The box takes the encoded arrays as they are: AmpField.encode gives them away.
			return this.layout.box(encoded);
		}
		catch (RuntimeException ex) {
			AmpField.closeDescriptors(values);
			throw ex;
		}
	}

	@Override
	public Object[] fromBox(AmpBox box) {
		return fromBox(box, AmpArgumentContext.NONE);
	}

	/**
	 * Convert a box to values. When it fails, the descriptors claimed so far are closed.
	 */
	@Override
	public Object[] fromBox(AmpBox box, AmpArgumentContext context) {
		return AmpField.readAll(this.fields, box, this.owner, context);
	}

}
