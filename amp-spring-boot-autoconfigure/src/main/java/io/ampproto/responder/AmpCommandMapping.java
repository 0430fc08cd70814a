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
package io.ampproto.responder;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpError;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method of an {@link AmpResponder} bean that answers a command.
 * <p>
 * The command is named by its record type ({@link #value()}, or the type of a parameter
 * that implements {@link AmpCommand}), or by its wire name ({@link #name()}), in which case
 * the method's parameters are the command's arguments and its return type the response.
 * <p>
 * Parameters bind to the command record, to its arguments by name, to the
 * {@link io.ampproto.session.AmpSession} the command arrived on (to call the caller back),
 * to its {@link io.ampproto.transport.AmpConnection}, or to the command's
 * {@link io.ampproto.session.AmpCallContext} (its principal and attributes). The method returns the response
 * record, a {@code Mono} or {@code CompletionStage} of it, or nothing for a command whose
 * response has no fields. An exception declared by the command becomes its error answer.
 * <p>
 * With Spring AOT, the method, its command, response and error types are registered for
 * reflection ({@link AmpCommandMappingReflectiveProcessor}).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(AmpCommandMappingReflectiveProcessor.class)
public @interface AmpCommandMapping {

	/**
	 * The command record answered; by default, the type of the parameter that implements
	 * {@link AmpCommand}.
	 * @return the command type
	 */
	@SuppressWarnings("rawtypes")
	Class<? extends AmpCommand> value() default AmpCommand.class;

	/**
	 * The wire name of a command declared by this method's signature instead of a record.
	 * @return the command name
	 */
	String name() default "";

	/**
	 * Errors of a command declared by this method's signature.
	 * @return the declared errors
	 */
	AmpError[] errors() default {};

	/**
	 * Where the method runs.
	 * @return the dispatch mode
	 */
	Dispatch dispatch() default Dispatch.AUTO;

	/**
	 * Where a responder method runs.
	 */
	enum Dispatch {

		/**
		 * Methods returning a {@code Publisher} or {@code CompletionStage} run on the
		 * connection's event loop; others are taken to block and run on the blocking
		 * scheduler.
		 */
		AUTO,

		/**
		 * On the connection's event loop, in the order the commands arrive: for quick
		 * methods that never block.
		 */
		EVENT_LOOP,

		/** On the blocking scheduler. */
		BLOCKING

	}

}
