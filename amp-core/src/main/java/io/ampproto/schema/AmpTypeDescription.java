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

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * An AMP argument type in Twisted's terms: {@code Integer}, {@code String},
 * {@code Unicode}, {@code Float}, {@code Boolean}, {@code DateTime}, {@code Decimal},
 * {@code Path}, {@code Descriptor}, {@code ListOf} of an element type, {@code AmpList} of
 * rows, or the name of a custom type.
 *
 * @param name the type name: a built-in name, {@code ListOf}, {@code AmpList}, or a
 * custom type's name
 * @param custom whether it is a custom type, which only its own code can encode
 * @param element the element type of a {@code ListOf}, else {@code null}
 * @param rows the row fields of an {@code AmpList}, else {@code null}
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpTypeDescription(String name, boolean custom, @Nullable AmpTypeDescription element,
		@Nullable List<AmpFieldDescription> rows) {

	/** The names of Twisted's built-in scalar types. */
	public static final Set<String> SCALARS = Set.of("Integer", "String", "Unicode", "Float", "Boolean", "DateTime",
			"Decimal", "Path", "Descriptor");

	/** The name of Twisted's {@code ListOf}. */
	public static final String LIST_OF = "ListOf";

	/** The name of Twisted's {@code AmpList}. */
	public static final String AMP_LIST = "AmpList";

	/**
	 * Check that the description is complete: a known name, an element for
	 * {@code ListOf} only, rows for {@code AmpList} only.
	 * @param name the type name
	 * @param custom whether it is a custom type
	 * @param element the element type
	 * @param rows the row fields
	 */
	public AmpTypeDescription {
		Objects.requireNonNull(name, "name");
		if (!custom) {
			boolean listOf = LIST_OF.equals(name);
			boolean ampList = AMP_LIST.equals(name);
			if (!listOf && !ampList && !SCALARS.contains(name)) {
				throw new IllegalArgumentException("Unknown AMP type '" + name + "'");
			}
			if (listOf != (element != null)) {
				throw new IllegalArgumentException("ListOf, and only ListOf, has an element type: " + name);
			}
			if (ampList != (rows != null)) {
				throw new IllegalArgumentException("AmpList, and only AmpList, has rows: " + name);
			}
		}
		rows = (rows != null) ? List.copyOf(rows) : null;
	}

	/**
	 * Return a built-in scalar type.
	 * @param name one of {@link #SCALARS}
	 * @return the type
	 */
	public static AmpTypeDescription scalar(String name) {
		return new AmpTypeDescription(name, false, null, null);
	}

	/**
	 * Return {@code ListOf(element)}.
	 * @param element the element type
	 * @return the type
	 */
	public static AmpTypeDescription listOf(AmpTypeDescription element) {
		return new AmpTypeDescription(LIST_OF, false, element, null);
	}

	/**
	 * Return {@code AmpList} of rows with the given fields.
	 * @param rows the row fields
	 * @return the type
	 */
	public static AmpTypeDescription ampList(List<AmpFieldDescription> rows) {
		return new AmpTypeDescription(AMP_LIST, false, null, rows);
	}

	/**
	 * Return a custom type.
	 * @param name its name
	 * @return the type
	 */
	public static AmpTypeDescription customType(String name) {
		return new AmpTypeDescription(name, true, null, null);
	}

	/**
	 * Return the first custom type in this type, itself included.
	 * @return the custom type, or {@code null} when it only has built-in types
	 */
	public @Nullable AmpTypeDescription firstCustom() {
		if (this.custom) {
			return this;
		}
		if (this.element != null) {
			return this.element.firstCustom();
		}
		if (this.rows != null) {
			for (AmpFieldDescription row : this.rows) {
				AmpTypeDescription found = row.type().firstCustom();
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/**
	 * Return the type in Twisted's notation, such as {@code ListOf(Integer)} or
	 * {@code AmpList([k: Unicode, v: Integer])}.
	 */
	@Override
	public String toString() {
		if (this.element != null) {
			return LIST_OF + "(" + this.element + ")";
		}
		if (this.rows != null) {
			return AMP_LIST + "([" + this.rows.stream().map(AmpFieldDescription::toString).collect(Collectors.joining(", "))
					+ "])";
		}
		return this.name;
	}

}
