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
package io.ampproto.schema.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpErrorDescription;
import io.ampproto.schema.AmpFieldDescription;
import io.ampproto.schema.AmpTypeDescription;

/**
 * Writes Java command records for command descriptions, such as those of a Twisted
 * module: one file per command (its response and {@code AmpList} rows as nested records)
 * and one per exception class of its declared errors. The records put the same bytes on
 * the wire as the described commands.
 * <p>
 * Types: {@code Integer} is {@code BigInteger} (Python's ints are unbounded),
 * {@code String} {@code byte[]}, {@code Unicode} {@code String}, {@code Float}
 * {@code double}, {@code Boolean} {@code boolean}, {@code DateTime}
 * {@code OffsetDateTime}, {@code Decimal} {@code AmpDecimal} (which holds NaNs and
 * infinities), {@code Path} {@code Path}, {@code Descriptor} {@code AmpDescriptor},
 * {@code ListOf(T)} a {@code List}, and {@code AmpList} a {@code List} of a nested row
 * record. Optional arguments are boxed and {@code @AmpArgument(optional = true)}. A key
 * that is not a Java name becomes one in lower camel case ({@code dash-key} is
 * {@code dashKey}, {@code class} is {@code class_}) and keeps its key with
 * {@code @AmpArgument(name = ...)}. A class name that Java cannot use is an error.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpJavaGenerator {

	private final String packageName;

	private final Map<String, String> origins;

	private final String generatedFrom;

	/**
	 * Create a generator.
	 * @param packageName the package of the generated files
	 * @param origins where each command (by wire name) was declared, such as
	 * {@code commands.py:12}, for messages and comments
	 * @param generatedFrom what the files are generated from, for their header comment
	 * @throws AmpCodegenException when the package name is not a Java package name
	 */
	public AmpJavaGenerator(String packageName, Map<String, String> origins, String generatedFrom) {
		JavaNames.checkPackage(packageName);
		this.packageName = packageName;
		this.origins = Map.copyOf(origins);
		this.generatedFrom = generatedFrom;
	}

	/**
	 * Generate the files.
	 * @param commands the commands
	 * @return the source of each file, by file name (such as {@code Sum.java}), commands
	 * first
	 * @throws AmpCodegenException when a command cannot be written in Java
	 */
	public Map<String, String> generate(List<AmpCommandDescription> commands) {
		Map<String, String> exceptions = new LinkedHashMap<>();
		Set<String> typeNames = new HashSet<>();
		for (AmpCommandDescription command : commands) {
			check(command);
			if (!typeNames.add(command.typeName())) {
				throw new AmpCodegenException(where(command) + ": another command also has the class name '"
						+ command.typeName() + "'");
			}
		}
		for (AmpCommandDescription command : commands) {
			for (AmpErrorDescription error : command.errors()) {
				String problem = JavaNames.typeNameProblem(error.exception());
				if (problem == null && typeNames.contains(error.exception())) {
					problem = "a command has that name too";
				}
				if (problem != null) {
					throw new AmpCodegenException(where(command) + ": the exception class '" + error.exception()
							+ "' of error " + error.code() + " cannot be a Java class name: " + problem);
				}
				exceptions.putIfAbsent(error.exception(), command.name());
			}
		}
		Map<String, String> files = new LinkedHashMap<>();
		for (AmpCommandDescription command : commands) {
			files.put(command.typeName() + ".java", new CommandFile(command).write());
		}
		for (String exception : exceptions.keySet()) {
			files.put(exception + ".java", exceptionFile(exception));
		}
		return files;
	}

	private void check(AmpCommandDescription command) {
		if (command.arguments() == null || command.response() == null) {
			throw new AmpCodegenException(where(command) + ": takes or answers raw boxes, so its arguments are unknown");
		}
		String problem = JavaNames.typeNameProblem(command.typeName());
		if (problem == null && command.typeName().equals("Result")) {
			problem = "it would clash with its nested Result record";
		}
		if (problem != null) {
			throw new AmpCodegenException(where(command) + ": its class name '" + command.typeName()
					+ "' cannot be a Java record name: " + problem);
		}
		if (command.protocolSwitch() && !command.response().isEmpty()) {
			throw new AmpCodegenException(where(command) + ": a protocol switch answers only _answer, but it declares "
					+ "response fields");
		}
	}

	private String where(AmpCommandDescription command) {
		String origin = this.origins.get(command.name());
		return "command " + command.typeName() + ((origin != null) ? " (" + origin + ")" : "");
	}

	private String header(Set<String> imports) {
		StringBuilder out = new StringBuilder();
		out.append("// Generated by amp codegen java from ").append(comment(this.generatedFrom))
			.append(". Changes are lost when it is generated again.\n");
		out.append("package ").append(this.packageName).append(";\n\n");
		List<String> javaImports = imports.stream().filter((name) -> name.startsWith("java.")).toList();
		List<String> otherImports = imports.stream().filter((name) -> !name.startsWith("java.")).toList();
		javaImports.forEach((name) -> out.append("import ").append(name).append(";\n"));
		if (!javaImports.isEmpty() && !otherImports.isEmpty()) {
			out.append('\n');
		}
		otherImports.forEach((name) -> out.append("import ").append(name).append(";\n"));
		return (imports.isEmpty() ? out : out.append('\n')).toString();
	}

	private String exceptionFile(String name) {
		return header(Set.of()) + "/**\n * A declared error of the generated commands.\n */\n"
				+ "public class " + name + " extends RuntimeException {\n\n"
				+ "\tprivate static final long serialVersionUID = 1L;\n\n"
				+ "\t/**\n\t * Create the exception.\n\t * @param message the description sent to the caller\n\t */\n"
				+ "\tpublic " + name + "(String message) {\n\t\tsuper(message);\n\t}\n\n}\n";
	}

	/**
	 * Text safe in a comment: no comment end, and no backslash (javac reads unicode
	 * escapes in comments too).
	 */
	static String comment(String text) {
		return text.replace("*/", "*&#47;").replace("\\", "&#92;").replace("\n", " ").replace("\r", " ");
	}

	/**
	 * One command's file: its record, with the response and rows nested.
	 */
	private final class CommandFile {

		private final AmpCommandDescription command;

		private final Set<String> imports = new TreeSet<>();

		CommandFile(AmpCommandDescription command) {
			this.command = command;
		}

		String write() {
			AmpCommandDescription command = this.command;
			List<AmpFieldDescription> response = command.response();
			StringBuilder body = new StringBuilder();
			body.append("/**\n * {@code ").append(comment(command.toString())).append("}");
			String origin = AmpJavaGenerator.this.origins.get(command.name());
			if (origin != null) {
				body.append(", from ").append(comment(origin));
			}
			body.append(".\n */\n");
			String spec = spec();
			if (!spec.isEmpty()) {
				body.append(spec).append('\n');
			}
			String implementsClause;
			if (command.protocolSwitch()) {
				this.imports.add("io.ampproto.switching.AmpSwitchCommand");
				implementsClause = "AmpSwitchCommand";
			}
			else {
				this.imports.add("io.ampproto.command.AmpCommand");
				implementsClause = "AmpCommand<"
						+ ((response != null && !response.isEmpty()) ? command.typeName() + ".Result" : "Void") + ">";
			}
			List<String> nested = new ArrayList<>();
			if (response != null && !response.isEmpty() && !command.protocolSwitch()) {
				nested.add(record("\t", "Result", response, "", "The answer"));
			}
			List<AmpFieldDescription> arguments = Objects.requireNonNull(command.arguments(),
					"raw commands are refused before");
			body.append(record("", command.typeName(), arguments, " implements " + implementsClause, null, nested));
			return header(this.imports) + body;
		}

		private String spec() {
			AmpCommandDescription command = this.command;
			List<String> parts = new ArrayList<>();
			if (!command.name().equals(command.typeName())) {
				parts.add("name = " + JavaNames.literal(command.name()));
			}
			if (!command.requiresAnswer()) {
				parts.add("requiresAnswer = false");
			}
			if (!command.errors().isEmpty()) {
				this.imports.add("io.ampproto.command.AmpError");
				List<String> errors = new ArrayList<>();
				for (AmpErrorDescription error : command.errors()) {
					errors.add("@AmpError(code = " + JavaNames.literal(error.code()) + ", exception = "
							+ error.exception() + ".class" + (error.fatal() ? ", fatal = true" : "") + ")");
				}
				parts.add("errors = { " + String.join(",\n\t\t", errors) + " }");
			}
			if (parts.isEmpty()) {
				return "";
			}
			this.imports.add("io.ampproto.command.AmpCommandSpec");
			return "@AmpCommandSpec(" + String.join(", ", parts) + ")";
		}

		private String record(String indent, String name, List<AmpFieldDescription> fields, String implementsClause,
				String about) {
			return record(indent, name, fields, implementsClause, about, List.of());
		}

		private String record(String indent, String name, List<AmpFieldDescription> fields, String implementsClause,
				@org.jspecify.annotations.Nullable String about, List<String> extraNested) {
			Map<String, String> componentKeys = new HashMap<>();
			List<String> components = new ArrayList<>();
			List<String> nested = new ArrayList<>(extraNested);
			Set<String> nestedNames = new HashSet<>();
			if (!extraNested.isEmpty()) {
				nestedNames.add("Result");
			}
			for (AmpFieldDescription field : fields) {
				String component = JavaNames.componentName(field.key());
				if (component == null) {
					throw new AmpCodegenException(where(this.command) + ": the key '" + field.key() + "' of " + name
							+ " has no letter or digit to make a Java name of");
				}
				String clash = componentKeys.putIfAbsent(component, field.key());
				if (clash != null) {
					throw new AmpCodegenException(where(this.command) + ": the keys '" + clash + "' and '"
							+ field.key() + "' of " + name + " both become the Java name '" + component + "'");
				}
				String rowName = JavaNames.capitalize(component) + "Row";
				if (contains(field.type(), AmpTypeDescription.AMP_LIST)) {
					if (rowName.equals(name) || !nestedNames.add(rowName)) {
						throw new AmpCodegenException(where(this.command) + ": the rows of key '" + field.key()
								+ "' of " + name + " would be a second nested record " + rowName);
					}
					nested.add(record(indent + "\t", rowName, rows(field.type()), "", "A row of {@code " + field.key() + "}"));
				}
				String type = javaType(field.type(), rowName, field.optional(), field.key());
				List<String> annotation = new ArrayList<>();
				if (!component.equals(field.key())) {
					annotation.add("name = " + JavaNames.literal(field.key()));
				}
				if (field.optional()) {
					annotation.add("optional = true");
				}
				String prefix = "";
				if (!annotation.isEmpty()) {
					this.imports.add("io.ampproto.command.AmpArgument");
					prefix = "@AmpArgument(" + String.join(", ", annotation) + ") ";
				}
				components.add(prefix + type + " " + component);
			}
			StringBuilder out = new StringBuilder();
			if (about != null) {
				out.append(indent).append("/**\n").append(indent).append(" * ").append(comment(about))
					.append(".\n").append(indent).append(" */\n");
			}
			out.append(indent).append("public record ").append(name).append("(");
			String separator = ",\n" + indent + "\t\t";
			out.append(String.join(separator, components)).append(")").append(implementsClause).append(" {\n");
			for (String inner : nested) {
				out.append('\n').append(inner);
			}
			if (!nested.isEmpty()) {
				out.append('\n');
			}
			return out.append(indent).append("}\n").toString();
		}

		private String javaType(AmpTypeDescription type, String rowName, boolean boxed, String key) {
			if (type.custom()) {
				throw new AmpCodegenException(where(this.command) + ": the key '" + key + "' has the custom type "
						+ type.name() + ", which only its own code can encode");
			}
			switch (type.name()) {
				case "Integer" -> {
					this.imports.add("java.math.BigInteger");
					return "BigInteger";
				}
				case "String" -> {
					return "byte[]";
				}
				case "Unicode" -> {
					return "String";
				}
				case "Float" -> {
					return boxed ? "Double" : "double";
				}
				case "Boolean" -> {
					return boxed ? "Boolean" : "boolean";
				}
				case "DateTime" -> {
					this.imports.add("java.time.OffsetDateTime");
					return "OffsetDateTime";
				}
				case "Decimal" -> {
					this.imports.add("io.ampproto.command.type.AmpDecimal");
					return "AmpDecimal";
				}
				case "Path" -> {
					this.imports.add("java.nio.file.Path");
					return "Path";
				}
				case "Descriptor" -> {
					this.imports.add("io.ampproto.command.type.AmpDescriptor");
					return "AmpDescriptor";
				}
				case AmpTypeDescription.LIST_OF -> {
					AmpTypeDescription element = Objects.requireNonNull(type.element(), "ListOf has an element");
					if ("Descriptor".equals(element.name()) && !element.custom()) {
						throw new AmpCodegenException(where(this.command) + ": the key '" + key
								+ "' is ListOf(Descriptor), which Twisted's ListOf cannot send");
					}
					this.imports.add("java.util.List");
					return "List<" + javaType(element, rowName, true, key) + ">";
				}
				case AmpTypeDescription.AMP_LIST -> {
					this.imports.add("java.util.List");
					return "List<" + rowName + ">";
				}
				default -> throw new AmpCodegenException(where(this.command) + ": unknown type " + type);
			}
		}

	}

	private static boolean contains(AmpTypeDescription type, String name) {
		if (!type.custom() && type.name().equals(name)) {
			return true;
		}
		return type.element() != null && contains(type.element(), name);
	}

	private static List<AmpFieldDescription> rows(AmpTypeDescription type) {
		List<AmpFieldDescription> rows = type.rows();
		return (rows != null) ? rows : rows(Objects.requireNonNull(type.element(), "a type without rows is a ListOf"));
	}

}
