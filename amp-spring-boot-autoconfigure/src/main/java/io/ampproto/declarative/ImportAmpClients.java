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

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * Registers {@link AmpClient} interfaces as beans, each implemented by a proxy over its
 * named client. Name the interfaces ({@link #types()}), the packages to scan for them
 * ({@link #basePackages()}, {@link #basePackageClasses()}), or nothing to scan the
 * package of the annotated class.
 *
 * <pre class="code">
 * &#64;Configuration
 * &#64;ImportAmpClients(Calculator.class)
 * class ClientsConfiguration {
 * }
 * </pre>
 *
 * A proxy bean is named after its interface's fully qualified name. Methods that cannot
 * be bound fail startup, naming the method.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(AmpClientsRegistrar.class)
public @interface ImportAmpClients {

	/**
	 * Alias for {@link #types()}.
	 * @return the interfaces
	 */
	@AliasFor("types")
	Class<?>[] value() default {};

	/**
	 * The {@link AmpClient} interfaces to register.
	 * @return the interfaces
	 */
	@AliasFor("value")
	Class<?>[] types() default {};

	/**
	 * Packages to scan for {@link AmpClient} interfaces.
	 * @return the packages
	 */
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned for {@link AmpClient} interfaces.
	 * @return the classes
	 */
	Class<?>[] basePackageClasses() default {};

}
