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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.ampproto.command.type.AmpArgumentType;

/**
 * Customizes how a record component of a command, response or {@code AmpList} row appears
 * on the wire.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target({ ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AmpArgument {

	/**
	 * The wire key, for keys that are not Java names (such as {@code dash-arg}); empty
	 * means the component name.
	 * @return the key
	 */
	String name() default "";

	/**
	 * A built-in AMP type to use instead of the default one for the Java type; for a
	 * {@code List}, the type of its elements.
	 * @return the built-in type
	 */
	AmpBuiltinType type() default AmpBuiltinType.DEFAULT;

	/**
	 * A custom argument type, instantiated through its no-argument constructor; takes
	 * precedence over {@link #type()}.
	 * @return the custom type class
	 */
	@SuppressWarnings("rawtypes")
	Class<? extends AmpArgumentType> custom() default AmpArgumentType.class;

	/**
	 * Whether the argument may be absent. Components of type {@code Optional} are always
	 * optional; absent optional values are omitted from the box and decode as
	 * {@code null} or {@code Optional.empty()}.
	 * @return whether the argument is optional
	 */
	boolean optional() default false;

}
