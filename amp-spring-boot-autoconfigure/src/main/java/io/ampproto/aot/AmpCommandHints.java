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
package io.ampproto.aot;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.Set;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.type.AmpArgumentType;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;

/**
 * Registers the reflection that AMP uses at run time on commands: each command and
 * response record (its canonical constructor and accessors) with the records nested in
 * it ({@code AmpList} rows), the constructors of the exceptions its errors map to, and
 * custom argument types.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpCommandHints {

	private final ReflectionHints hints;

	private final Set<Class<?>> seen = new HashSet<>();

	private AmpCommandHints(ReflectionHints hints) {
		this.hints = hints;
	}

	/**
	 * Return a registrar of command hints.
	 * @param hints where to register
	 * @return the registrar
	 */
	public static AmpCommandHints of(ReflectionHints hints) {
		return new AmpCommandHints(hints);
	}

	/**
	 * Register a command record, its response, nested records and errors.
	 * @param commandType the command type
	 * @return this registrar
	 */
	public AmpCommandHints command(Class<?> commandType) {
		if (!commandType.isRecord() || !AmpCommand.class.isAssignableFrom(commandType)) {
			return this;
		}
		record(commandType);
		Class<?> response = responseType(commandType);
		if (response != null) {
			record(response);
		}
		AmpCommandSpec spec = commandType.getAnnotation(AmpCommandSpec.class);
		if (spec != null) {
			errors(spec.errors());
		}
		return this;
	}

	/**
	 * Register the exceptions of declared errors: their constructors make the exception
	 * a caller sees.
	 * @param errors the declared errors
	 * @return this registrar
	 */
	public AmpCommandHints errors(AmpError... errors) {
		for (AmpError error : errors) {
			this.hints.registerType(error.exception(), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
		return this;
	}

	/**
	 * Register a record used as a response or {@code AmpList} row, and the records nested
	 * in it.
	 * @param type the record type; other types are left alone
	 * @return this registrar
	 */
	public AmpCommandHints record(Class<?> type) {
		if (!type.isRecord() || !this.seen.add(type)) {
			return this;
		}
		this.hints.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
				MemberCategory.INVOKE_DECLARED_METHODS);
		for (RecordComponent component : type.getRecordComponents()) {
			this.hints.registerMethod(component.getAccessor(), ExecutableMode.INVOKE);
			AmpArgument argument = component.getAnnotation(AmpArgument.class);
			if (argument != null && argument.custom() != AmpArgumentType.class) {
				this.hints.registerType(argument.custom(), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
			}
			nested(component.getGenericType());
		}
		return this;
	}

	/**
	 * Register the records a type names: itself, or a list's elements.
	 * @param type a parameter, return or component type
	 * @return this registrar
	 */
	public AmpCommandHints nested(Type type) {
		if (type instanceof Class<?> clazz) {
			if (AmpCommand.class.isAssignableFrom(clazz)) {
				command(clazz);
			}
			else {
				record(clazz);
			}
		}
		else if (type instanceof ParameterizedType parameterized) {
			for (Type argument : parameterized.getActualTypeArguments()) {
				nested(argument);
			}
		}
		else if (type instanceof WildcardType wildcard) {
			for (Type bound : wildcard.getUpperBounds()) {
				nested(bound);
			}
		}
		return this;
	}

	private static @Nullable Class<?> responseType(Class<?> commandType) {
		for (Type type : commandType.getGenericInterfaces()) {
			if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == AmpCommand.class
					&& parameterized.getActualTypeArguments()[0] instanceof Class<?> response) {
				return response;
			}
		}
		return null;
	}

}
