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
 * How long the calls of an {@link AmpClient} method (or, on the interface, of all its
 * methods) wait for their answer, instead of the client's call timeout. A call that
 * times out fails with an {@code AmpCallTimeoutException}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AmpCallTimeout {

	/**
	 * The timeout, such as {@code 500ms}, {@code 5s} or {@code PT5S}; with Spring, a
	 * placeholder such as {@code ${backend.timeout:5s}} too.
	 * @return the timeout
	 */
	String value();

}
