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
package io.ampproto.schema;

import java.util.ArrayList;
import java.util.List;

import io.ampproto.command.AmpArgumentsMapper;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpErrorMapping;
import io.ampproto.command.AmpFieldSpec;
import io.ampproto.command.AmpRecordMapper;
import io.ampproto.command.type.AmpArgumentType;
import io.ampproto.command.type.AmpBoxMapper;
import io.ampproto.command.type.AmpTypes;
import io.ampproto.switching.AmpSwitchCommand;
import org.jspecify.annotations.Nullable;

/**
 * Describes the commands of this library: from a command record, or from the schema a
 * responder answers.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpDescriptions {

	/** Where the built-in types live; any other type is custom. */
	private static final List<String> BUILT_IN_PACKAGES = List.of(AmpTypes.class.getPackageName(),
			AmpCommand.class.getPackageName());

	private AmpDescriptions() {
	}

	/**
	 * Describe a command record.
	 * @param commandType the record class
	 * @return the description
	 * @throws IllegalArgumentException when the class is not a valid command
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static AmpCommandDescription describe(Class<? extends AmpCommand<?>> commandType) {
		return describe((AmpCommandSchema<?, ?>) AmpCommandSchema.of((Class) commandType));
	}

	/**
	 * Describe a command schema. The arguments (or the response) of a schema that maps
	 * raw boxes, or that uses a mapper of its own, are described as {@code null}.
	 * @param schema the schema
	 * @return the description
	 */
	public static AmpCommandDescription describe(AmpCommandSchema<?, ?> schema) {
		List<AmpErrorDescription> errors = new ArrayList<>();
		for (AmpErrorMapping error : schema.errors()) {
			errors.add(new AmpErrorDescription(error.code(), error.exception().getSimpleName(), error.fatal()));
		}
		Class<?> commandType = schema.commandType();
		boolean record = AmpCommand.class.isAssignableFrom(commandType);
		String typeName = record ? commandType.getSimpleName() : schema.name();
		List<AmpFieldDescription> response = (schema.response() == AmpCommandSchema.noFields()) ? List.of()
				: fields(schema.response());
		return new AmpCommandDescription(schema.name(), typeName, fields(schema.arguments()), response, errors,
				schema.requiresAnswer(), AmpSwitchCommand.class.isAssignableFrom(commandType));
	}

	private static @Nullable List<AmpFieldDescription> fields(AmpBoxMapper<?> mapper) {
		List<AmpFieldSpec> specs;
		if (mapper instanceof AmpRecordMapper<?> records) {
			specs = records.fields();
		}
		else if (mapper instanceof AmpArgumentsMapper arguments) {
			specs = arguments.fields();
		}
		else {
			return null;
		}
		List<AmpFieldDescription> fields = new ArrayList<>(specs.size());
		for (AmpFieldSpec spec : specs) {
			fields.add(new AmpFieldDescription(spec.key(), type(spec.type()), spec.optional()));
		}
		return fields;
	}

	/**
	 * Describe an argument type in Twisted's terms.
	 * @param type the argument type
	 * @return the description
	 */
	public static AmpTypeDescription type(AmpArgumentType<?> type) {
		if (!BUILT_IN_PACKAGES.contains(type.getClass().getPackageName())) {
			return AmpTypeDescription.customType(type.name());
		}
		AmpArgumentType<?> element = AmpTypes.elementTypeOf(type);
		if (element != null) {
			return AmpTypeDescription.listOf(type(element));
		}
		AmpBoxMapper<?> rows = AmpTypes.rowMapperOf(type);
		if (rows != null) {
			List<AmpFieldDescription> fields = fields(rows);
			return (fields != null) ? AmpTypeDescription.ampList(fields)
					: AmpTypeDescription.customType(AmpTypeDescription.AMP_LIST + " of " + rows);
		}
		// Integer(long) and Integer(int) are Integer on the wire.
		String name = type.name();
		int parenthesis = name.indexOf('(');
		return AmpTypeDescription.scalar((parenthesis >= 0) ? name.substring(0, parenthesis) : name);
	}

}
