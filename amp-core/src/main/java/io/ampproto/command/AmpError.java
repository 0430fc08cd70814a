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
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A declared error of a command: an exception type and its error code.
 * <p>
 * A responder that throws the exception (or a subclass) answers with the code and the
 * exception's message as description; a caller that receives the code gets an instance of
 * the exception built from the description, through a public constructor taking one
 * {@code String} (or none). A fatal error closes the connection once it has been sent, as
 * Twisted's {@code fatalErrors}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AmpError {

	/**
	 * The error code on the wire, such as {@code ZERO_DIVISION}.
	 * @return the code
	 */
	String code();

	/**
	 * The exception type.
	 * @return the exception type
	 */
	Class<? extends Throwable> exception();

	/**
	 * Whether the responder closes the connection after sending this error.
	 * @return whether the error is fatal
	 */
	boolean fatal() default false;

}
