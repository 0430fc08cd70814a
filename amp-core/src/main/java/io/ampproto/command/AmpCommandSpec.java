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

/**
 * Declares how an {@link AmpCommand} appears on the wire: its name, its errors, and
 * whether the caller waits for an answer.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AmpCommandSpec {

	/**
	 * The wire name of the command; empty means the simple class name (case-sensitive).
	 * @return the command name
	 */
	String name() default "";

	/**
	 * Whether the caller asks for an answer (sends {@code _ask}). A command that requires
	 * no answer gets none, and its call completes once the box is written.
	 * @return whether an answer is required
	 */
	boolean requiresAnswer() default true;

	/**
	 * Whether running the command twice does no more than running it once (a read, or a
	 * write that sets rather than adds). A load-balanced requester sends an idempotent
	 * command again to another instance when the connection it was sent on drops before
	 * the answer; any other command then fails, as it may have run.
	 * @return whether the command is idempotent
	 */
	boolean idempotent() default false;

	/**
	 * The errors the responder may answer with, mapped to exception types both ways.
	 * @return the declared errors
	 */
	AmpError[] errors() default {};

}
