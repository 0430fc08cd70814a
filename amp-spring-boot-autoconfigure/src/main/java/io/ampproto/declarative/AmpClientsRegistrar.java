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

import io.ampproto.client.AmpRequester;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@link AmpClient} interfaces of an {@link ImportAmpClients} as beans
 * named after the interface, each made by a static factory method (so Spring AOT
 * generates code for it like for any other bean) that implements it over the
 * {@link AmpRequester} bean of the client's name.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpClientsRegistrar implements ImportBeanDefinitionRegistrar {

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	AmpClientsRegistrar(Environment environment, ResourceLoader resourceLoader) {
		this.environment = environment;
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		MergedAnnotation<ImportAmpClients> annotation = metadata.getAnnotations().get(ImportAmpClients.class);
		Set<Class<?>> types = new LinkedHashSet<>();
		for (Class<?> type : annotation.getClassArray("types")) {
			if (!type.isInterface() || !type.isAnnotationPresent(AmpClient.class)) {
				throw new IllegalStateException(type.getName() + " is named by @ImportAmpClients on "
						+ metadata.getClassName() + " but is not an interface annotated with @AmpClient");
			}
			types.add(type);
		}
		Set<String> packages = new LinkedHashSet<>(java.util.List.of(annotation.getStringArray("basePackages")));
		for (Class<?> type : annotation.getClassArray("basePackageClasses")) {
			packages.add(type.getPackageName());
		}
		if (types.isEmpty() && packages.isEmpty()) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		ClassLoader classLoader = this.resourceLoader.getClassLoader();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner().findCandidateComponents(basePackage)) {
				String className = candidate.getBeanClassName();
				if (className != null) {
					types.add(ClassUtils.resolveClassName(className, classLoader));
				}
			}
		}
		for (Class<?> type : types) {
			String beanName = type.getName();
			if (!registry.containsBeanDefinition(beanName)) {
				registry.registerBeanDefinition(beanName, definition(type));
			}
		}
	}

	private ClassPathScanningCandidateComponentProvider scanner() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition beanDefinition) {
				return beanDefinition.getMetadata().isInterface() && beanDefinition.getMetadata().isIndependent();
			}

		};
		scanner.setResourceLoader(this.resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(AmpClient.class, false, true));
		return scanner;
	}

	private static RootBeanDefinition definition(Class<?> type) {
		RootBeanDefinition definition = new RootBeanDefinition(AmpClientsRegistrar.class);
		definition.setFactoryMethodName("clientProxy");
		definition.setUniqueFactoryMethodName("clientProxy");
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		definition.setTargetType(type);
		definition.setDescription("@AmpClient(\"" + type.getAnnotation(AmpClient.class).value() + "\") proxy of "
				+ type.getName());
		return definition;
	}

	/**
	 * Implement an {@link AmpClient} interface over the requester bean of its client name.
	 * @param <T> the interface type
	 * @param type the interface
	 * @param beanFactory where the requester is found
	 * @return the proxy
	 */
	static <T> T clientProxy(Class<T> type, BeanFactory beanFactory) {
		String name = type.getAnnotation(AmpClient.class).value();
		AmpRequester requester;
		try {
			requester = beanFactory.getBean(name, AmpRequester.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new IllegalStateException("No AMP client named '" + name + "' for " + type.getName()
					+ ": set amp.client." + name + ".port (or amp.client." + name + ".unix-socket), or define an "
					+ "AmpRequester bean named '" + name + "'", ex);
		}
		UnaryOperator<String> valueResolver = UnaryOperator.identity();
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			valueResolver = (value) -> {
				String resolved = configurable.resolveEmbeddedValue(value);
				return (resolved != null) ? resolved : value;
			};
		}
		return AmpClientProxyFactory.create(type, requester, valueResolver);
	}

}
