/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.declarative;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpSwitchCommand;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * What an {@link AmpClient} method sends: the command it builds from its arguments and
 * the schema that describes it. Built once per method at startup, where every mistake
 * fails with a message naming the method.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpClientCommand {

	/** The command's schema, or {@code null} when it depends on the command passed. */
	final @Nullable AmpCommandSchema<Object, Object> schema;

	/** Whether the schema was declared by the method's signature (a wire name). */
	final boolean declaredBySignature;

	/** Whether the method switches protocols: (switch command, inner protocol). */
	final boolean switchesProtocol;

	private final Function<@Nullable Object[], Object> command;

	private AmpClientCommand(@Nullable AmpCommandSchema<Object, Object> schema, boolean declaredBySignature,
			boolean switchesProtocol, Function<@Nullable Object[], Object> command) {
		this.schema = schema;
		this.declaredBySignature = declaredBySignature;
		this.switchesProtocol = switchesProtocol;
		this.command = command;
	}

	/**
	 * Return the command (for a switch: the switch command) of a call's arguments.
	 */
	Object command(@Nullable Object[] arguments) {
		return this.command.apply(arguments);
	}

	/**
	 * Return the inner protocol of a switching method's arguments.
	 */
	AmpInnerProtocol innerProtocol(@Nullable Object[] arguments) {
		for (Object argument : arguments) {
			if (argument instanceof AmpInnerProtocol protocol) {
				return protocol;
			}
		}
		throw new IllegalArgumentException("No AmpInnerProtocol passed");
	}

	static AmpClientCommand of(Method method, String where) {
		AmpCommandMapping mapping = method.getAnnotation(AmpCommandMapping.class);
		Parameter[] parameters = method.getParameters();
		if (mapping != null && !mapping.name().isEmpty()) {
			if (mapping.value() != AmpCommand.class) {
				throw new IllegalStateException("@AmpCommandMapping names both a command type and a wire name");
			}
			return declaredBySignature(mapping, parameters, method, where);
		}
		if (mapping != null && mapping.errors().length > 0) {
			throw new IllegalStateException("@AmpCommandMapping declares errors, which only a command declared by "
					+ "its signature (a wire name) takes: declare them on the command with @AmpCommandSpec");
		}
		if (mapping != null && mapping.value() != AmpCommand.class) {
			return ofRecord(mapping.value(), parameters);
		}
		return ofCommandParameter(parameters, mapping != null);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static AmpClientCommand declaredBySignature(AmpCommandMapping mapping, Parameter[] parameters,
			Method method, String where) {
		for (Parameter parameter : parameters) {
			if (AmpCommand.class.isAssignableFrom(parameter.getType())
					|| AmpInnerProtocol.class.isAssignableFrom(parameter.getType())) {
				throw new IllegalStateException("a command declared by its signature takes its arguments, not "
						+ parameter.getType().getSimpleName());
			}
		}
		Class<?> responseType = AmpClientReturn.declaredResponseType(method);
		if (responseType == null) {
			throw new IllegalStateException("a command declared by its signature needs a concrete response type "
					+ "(a record, or void)");
		}
		AmpCommandSchema schema = AmpCommandSchema.ofSignature(mapping.name(), where, List.of(parameters),
				responseType, mapping.errors());
		// The arguments array is the command: copied, so that a caller's later change does not leak in.
		return new AmpClientCommand(schema, true, false, (arguments) -> arguments.clone());
	}

	private static AmpClientCommand ofCommandParameter(Parameter[] parameters, boolean annotated) {
		int switchCommand = -1;
		int command = -1;
		int protocol = -1;
		for (int i = 0; i < parameters.length; i++) {
			Class<?> type = parameters[i].getType();
			if (AmpSwitchCommand.class.isAssignableFrom(type)) {
				switchCommand = i;
			}
			else if (AmpCommand.class.isAssignableFrom(type)) {
				command = i;
			}
			else if (AmpInnerProtocol.class.isAssignableFrom(type)) {
				protocol = i;
			}
		}
		if (switchCommand >= 0) {
			if (parameters.length != 2 || protocol < 0) {
				throw new IllegalStateException("a method that sends the protocol switch command "
						+ parameters[switchCommand].getType().getSimpleName()
						+ " takes it and the AmpInnerProtocol to run after the switch, nothing else");
			}
			int index = switchCommand;
			return new AmpClientCommand(schemaOf(parameters[index].getType()), false, true,
					(arguments) -> required(arguments[index], parameters[index]));
		}
		if (command < 0 || parameters.length != 1) {
			throw new IllegalStateException("an @AmpClient method takes one AmpCommand to send, or is annotated "
					+ "@AmpCommandMapping with the command type (its parameters bound to the command's arguments by "
					+ "name) or a wire name (its parameters are the arguments)"
					+ (annotated ? "" : "; this one is neither"));
		}
		return new AmpClientCommand(schemaOf(parameters[0].getType()), false, false,
				(arguments) -> required(arguments[0], parameters[0]));
	}

	private static Object required(@Nullable Object argument, Parameter parameter) {
		if (argument == null) {
			throw new IllegalArgumentException("The command '" + parameter.getName() + "' must not be null");
		}
		return argument;
	}

	/**
	 * The schema of a command record type, checked now; {@code null} for an interface
	 * such as {@code AmpCommand<R>} itself, whose schema depends on the command passed.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static @Nullable AmpCommandSchema<Object, Object> schemaOf(Class<?> type) {
		if (!type.isRecord()) {
			return null;
		}
		return (AmpCommandSchema) AmpCommandSchema.of((Class) type);
	}

	private static AmpClientCommand ofRecord(Class<?> commandType, Parameter[] parameters) {
		AmpCommandSchema<Object, Object> schema = schemaOf(commandType);
		if (schema == null) {
			throw new IllegalStateException(commandType.getName() + " is not a record");
		}
		if (AmpSwitchCommand.class.isAssignableFrom(commandType)) {
			throw new IllegalStateException(commandType.getSimpleName() + " switches protocols: take it and the "
					+ "AmpInnerProtocol to run after the switch as parameters");
		}
		if (parameters.length == 1 && parameters[0].getType() == commandType) {
			return new AmpClientCommand(schema, false, false, (arguments) -> required(arguments[0], parameters[0]));
		}
		RecordComponent[] components = commandType.getRecordComponents();
		int[] parameterOfComponent = new int[components.length];
		Arrays.fill(parameterOfComponent, -1);
		for (int p = 0; p < parameters.length; p++) {
			int c = componentOf(parameters[p], commandType, components);
			if (parameterOfComponent[c] >= 0) {
				throw new IllegalStateException("parameters '" + parameters[parameterOfComponent[c]].getName()
						+ "' and '" + parameters[p].getName() + "' both bind to argument '" + components[c].getName()
						+ "' of " + commandType.getSimpleName());
			}
			parameterOfComponent[c] = p;
		}
		@Nullable Object[] absent = new Object[components.length];
		for (int c = 0; c < components.length; c++) {
			if (parameterOfComponent[c] < 0) {
				AmpArgument annotation = components[c].getAnnotation(AmpArgument.class);
				if (components[c].getType() == Optional.class) {
					absent[c] = Optional.empty();
				}
				else if (annotation == null || !annotation.optional() || components[c].getType().isPrimitive()) {
					throw new IllegalStateException("no parameter binds to argument '" + components[c].getName()
							+ "' of " + commandType.getSimpleName() + " (parameters bind to the command's arguments "
							+ "by name; only optional arguments may be left out)");
				}
			}
		}
		Constructor<?> constructor = canonicalConstructor(commandType, components);
		return new AmpClientCommand(schema, false, false, (arguments) -> {
			@Nullable Object[] values = absent.clone();
			for (int c = 0; c < values.length; c++) {
				if (parameterOfComponent[c] >= 0) {
					values[c] = arguments[parameterOfComponent[c]];
				}
			}
			return newCommand(constructor, values);
		});
	}

	private static int componentOf(Parameter parameter, Class<?> commandType, RecordComponent[] components) {
		AmpArgument annotation = parameter.getAnnotation(AmpArgument.class);
		if (!parameter.isNamePresent() && (annotation == null || annotation.name().isEmpty())) {
			throw new IllegalStateException("cannot tell the name of parameter " + parameter
					+ ": compile with -parameters or name it with @AmpArgument(name = ...)");
		}
		String key = (annotation != null && !annotation.name().isEmpty()) ? annotation.name() : parameter.getName();
		for (int c = 0; c < components.length; c++) {
			AmpArgument componentAnnotation = components[c].getAnnotation(AmpArgument.class);
			String componentKey = (componentAnnotation != null && !componentAnnotation.name().isEmpty())
					? componentAnnotation.name() : components[c].getName();
			if (components[c].getName().equals(key) || componentKey.equals(key)) {
				if (!wrap(components[c].getType()).isAssignableFrom(wrap(parameter.getType()))) {
					throw new IllegalStateException("parameter '" + parameter.getName() + "' is a "
							+ parameter.getType().getSimpleName() + " but argument '" + componentKey + "' of "
							+ commandType.getSimpleName() + " is a " + components[c].getType().getSimpleName());
				}
				return c;
			}
		}
		throw new IllegalStateException("cannot bind parameter '" + parameter.getName() + "': "
				+ commandType.getSimpleName() + " has no argument of that name");
	}

	private static Class<?> wrap(Class<?> type) {
		return ClassUtils.resolvePrimitiveIfNecessary(type);
	}

	private static Constructor<?> canonicalConstructor(Class<?> commandType, RecordComponent[] components) {
		Class<?>[] types = new Class<?>[components.length];
		for (int c = 0; c < components.length; c++) {
			types[c] = components[c].getType();
		}
		try {
			Constructor<?> constructor = commandType.getDeclaredConstructor(types);
			constructor.setAccessible(true);
			return constructor;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException("cannot use the canonical constructor of " + commandType.getName(), ex);
		}
	}

	private static Object newCommand(Constructor<?> constructor, @Nullable Object[] values) {
		try {
			return constructor.newInstance(values);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw new IllegalArgumentException("Cannot create " + constructor.getDeclaringClass().getSimpleName(), target);
		}
		catch (ReflectiveOperationException | IllegalArgumentException ex) {
			// Such as null for a primitive argument.
			throw new IllegalArgumentException("Cannot create " + constructor.getDeclaringClass().getSimpleName()
					+ " from " + Arrays.toString(values) + ": " + ex.getMessage(), ex);
		}
	}

}
