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
package io.ampproto.declarative;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an interface whose methods call AMP commands through a named client: with
 * {@link ImportAmpClients} it becomes a bean implemented by a proxy over the
 * {@link AmpRequester} bean of that name, such as the one configured under
 * {@code amp.client.<name>}.
 * <p>
 * Each method calls one command:
 * <ul>
 * <li>a method taking one {@code AmpCommand} sends it;</li>
 * <li>a method annotated {@code @AmpCommandMapping(Divide.class)} builds the command
 * from its parameters, bound to the command's arguments by name (or
 * {@code @AmpArgument(name = ...)}) as responder methods are;</li>
 * <li>a method annotated {@code @AmpCommandMapping(name = "Divide")} declares the command
 * by its signature: its parameters are the arguments, its return type the response;</li>
 * <li>a method taking an {@code AmpSwitchCommand} and an {@code AmpInnerProtocol}
 * switches the connection to that protocol.</li>
 * </ul>
 * A method returns a {@code Mono} of the response (nothing happens until it is
 * subscribed), a {@code CompletableFuture} of it (the call starts at once), or the
 * response itself: that blocks until the answer arrives and fails at once on a
 * non-blocking thread such as a connection's event loop. {@code void},
 * {@code Mono<Void>} and {@code CompletableFuture<Void>} fit commands that answer no
 * fields or need no answer. Declared errors arrive as their exceptions;
 * {@link AmpCallTimeout} sets a method's timeout. A method that fits none of this fails
 * at startup with a message naming it.
 *
 * <pre class="code">
 * &#64;AmpClient("backend")
 * interface Calculator {
 *
 *     &#64;AmpCommandMapping(Divide.class)
 *     Mono&lt;Divide.Result&gt; divide(BigInteger numerator, BigInteger denominator);
 *
 *     Sum.Result sum(Sum sum);
 *
 * }
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 * @see ImportAmpClients
 * @see AmpClientProxyFactory
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AmpClient {

	/**
	 * The name of the client: the {@link AmpRequester} bean of that name, such as
	 * {@code amp.client.<name>}.
	 * @return the client name
	 */
	String value();

}
