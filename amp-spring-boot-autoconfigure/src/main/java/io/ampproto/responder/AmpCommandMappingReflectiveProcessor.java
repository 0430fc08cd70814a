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
package io.ampproto.responder;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import io.ampproto.aot.AmpCommandHints;
import io.ampproto.command.AmpCommand;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The reflection an {@link AmpCommandMapping} method needs at run time: the method,
 * invoked by the responder (or called through by an {@code @AmpClient} proxy), its
 * command, response and error types, and the records among its parameters and return
 * type.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpCommandMappingReflectiveProcessor implements ReflectiveProcessor {

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (!(element instanceof Method method)) {
			return;
		}
		hints.registerMethod(method, ExecutableMode.INVOKE);
		registerCommands(hints, method);
	}

	/**
	 * Register the command types a method names, annotated or not (an {@code @AmpClient}
	 * method may take the command alone).
	 * @param reflection where to register
	 * @param method the method
	 */
	public static void registerCommands(ReflectionHints reflection, Method method) {
		AmpCommandHints hints = AmpCommandHints.of(reflection);
		AmpCommandMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, AmpCommandMapping.class);
		if (mapping != null) {
			if (mapping.value() != AmpCommand.class) {
				hints.command(mapping.value());
			}
			hints.errors(mapping.errors());
		}
		for (Parameter parameter : method.getParameters()) {
			hints.nested(parameter.getParameterizedType());
		}
		hints.nested(method.getGenericReturnType());
	}

}
