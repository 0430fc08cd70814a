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

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;

import io.ampproto.responder.AmpCommandMappingReflectiveProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * Registers what the {@link AmpClient} beans of a context need at run time in a native
 * image: a JDK proxy of each interface, and the command, response and error types of its
 * methods.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
class AmpClientProxiesAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Class<?>> clients = new LinkedHashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = RegisteredBean.of(beanFactory, name).getBeanClass();
			if (type.isInterface() && type.isAnnotationPresent(AmpClient.class)) {
				clients.add(type);
			}
		}
		if (clients.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> clients.forEach((type) -> register(generationContext.getRuntimeHints(), type));
	}

	static void register(RuntimeHints hints, Class<?> type) {
		hints.proxies().registerJdkProxy(type);
		for (Method method : type.getMethods()) {
			if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
				AmpCommandMappingReflectiveProcessor.registerCommands(hints.reflection(), method);
			}
		}
	}

}
