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

import java.util.Locale;
import java.util.Set;

import io.ampproto.schema.JsonText;
import org.jspecify.annotations.Nullable;

/**
 * Java naming rules for generated code: which names are usable, and how a wire key that
 * is not one becomes a component name.
 */
final class JavaNames {

	/** Keywords and literals, which no identifier may be. */
	static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
			"char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
			"finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
			"native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
			"super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
			"while", "true", "false", "null", "_");

	/** Contextual keywords that cannot name a type. */
	static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

	/**
	 * Names the generated files use unqualified: a generated type of that name would hide
	 * them.
	 */
	static final Set<String> USED_TYPE_NAMES = Set.of("String", "Object", "Void", "Double", "Boolean", "Override",
			"RuntimeException", "Exception", "Throwable", "Error", "Record", "List", "BigInteger", "OffsetDateTime",
			"Path", "AmpDecimal", "AmpDescriptor", "AmpCommand", "AmpCommandSpec", "AmpArgument", "AmpError",
			"AmpSwitchCommand");

	/** Methods every record has: a component of that name would not compile. */
	static final Set<String> RECORD_METHODS = Set.of("hashCode", "toString", "equals", "getClass", "notify",
			"notifyAll", "wait", "clone", "finalize");

	private JavaNames() {
	}

	static boolean isIdentifier(String name) {
		if (name.isEmpty() || KEYWORDS.contains(name) || !Character.isJavaIdentifierStart(name.codePointAt(0))) {
			return false;
		}
		return name.codePoints().allMatch(Character::isJavaIdentifierPart);
	}

	/**
	 * Return why a name cannot be a generated type's name, or {@code null} when it can.
	 */
	static @Nullable String typeNameProblem(String name) {
		if (!isIdentifier(name)) {
			return KEYWORDS.contains(name) ? "it is a Java keyword" : "it is not a Java identifier";
		}
		if (RESTRICTED_TYPE_NAMES.contains(name)) {
			return "Java does not allow '" + name + "' as a type name";
		}
		if (USED_TYPE_NAMES.contains(name)) {
			return "it would hide the type " + name + " the generated code uses";
		}
		return null;
	}

	/**
	 * Return a component name for a wire key: the key itself when it is a usable Java
	 * name, else the key in lower camel case (dashes, dots and other separators dropped),
	 * with {@code _} after a keyword; {@code null} when the key has no letter or digit.
	 */
	static @Nullable String componentName(String key) {
		if (isIdentifier(key) && !RECORD_METHODS.contains(key)) {
			return key;
		}
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (int i = 0; i < key.length();) {
			int cp = key.codePointAt(i);
			i += Character.charCount(cp);
			if (Character.isLetterOrDigit(cp)) {
				if (name.isEmpty() && Character.isDigit(cp)) {
					name.append('n');
				}
				name.appendCodePoint((upper && !name.isEmpty()) ? Character.toUpperCase(cp) : cp);
				upper = false;
			}
			else {
				upper = true;
			}
		}
		if (name.isEmpty()) {
			return null;
		}
		String candidate = name.toString();
		return (KEYWORDS.contains(candidate) || RECORD_METHODS.contains(candidate)) ? candidate + "_" : candidate;
	}

	/**
	 * Return the name with its first letter upper case, for a nested type.
	 */
	static String capitalize(String name) {
		return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
	}

	/**
	 * Check a package name: dot-separated identifiers.
	 */
	static void checkPackage(String packageName) {
		if (packageName.isEmpty()) {
			throw new AmpCodegenException("The Java package must not be empty");
		}
		for (String part : packageName.split("\\.", -1)) {
			if (!isIdentifier(part)) {
				throw new AmpCodegenException("'" + packageName + "' is not a Java package name: '" + part + "' is "
						+ (KEYWORDS.contains(part) ? "a Java keyword" : "not a Java identifier"));
			}
		}
	}

	/**
	 * Return a Java string literal, all ASCII.
	 */
	static String literal(String text) {
		return JsonText.appendString(new StringBuilder(), text, true).toString();
	}

}
