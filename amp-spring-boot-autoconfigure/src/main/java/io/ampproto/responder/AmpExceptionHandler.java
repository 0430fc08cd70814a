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

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method that maps an exception of a responder method to the error its command
 * answers: in an {@link AmpResponder} (for its own methods) or in an
 * {@link AmpResponderAdvice} bean (for every responder's).
 * <p>
 * The method takes the exception (a parameter of a {@link Throwable} type), and may take
 * the {@link io.ampproto.session.AmpCallContext} or the
 * {@link io.ampproto.session.AmpSession}. It returns the exception to answer with: one the
 * command declares (answered with its code, the connection stays open), an
 * {@link io.ampproto.command.AmpRemoteException} with the code and description of your
 * choice, or {@code null} to leave the exception to the next handler. What it throws is
 * answered too. An exception no handler maps is answered as before: with its declared
 * code, else {@code UNKNOWN}, and then the connection closes, as in Twisted.
 * <p>
 * The closest match wins: the responder's own handlers first, then those of advice beans
 * in their order.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface AmpExceptionHandler {

	/**
	 * The exceptions handled; by default, the type of the method's exception parameter.
	 * @return the exception types
	 */
	Class<? extends Throwable>[] value() default {};

}
