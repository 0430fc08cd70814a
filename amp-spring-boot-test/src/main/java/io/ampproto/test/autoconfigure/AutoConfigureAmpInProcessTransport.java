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
package io.ampproto.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.ampproto.test.inprocess.AmpInProcessTransport;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Annotation that can be applied to a test class to run the AMP server on the
 * {@link AmpInProcessTransport in-process transport} instead of its TCP port (a UNIX
 * domain socket it listens on stays as it is). The AMP clients of the application that
 * point at the server itself (a loopback host and {@code amp.server.port}) connect to it
 * in-process too. The same is had with the property
 * {@code amp.test.in-process.enabled=true}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("amp.test.in-process")
public @interface AutoConfigureAmpInProcessTransport {

	/**
	 * Whether the server runs in-process.
	 * @return whether the in-process transport is used
	 */
	boolean enabled() default true;

}
