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
package io.ampproto.autoconfigure;

import java.util.Map;

import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers each named client of {@code amp.client.<name>} as an {@link AmpRequester}
 * bean named {@code <name>}, so that it is injected by that name or with
 * {@code @Qualifier("<name>")}. The requesters themselves are made and disposed by the
 * {@link AmpRequesters} bean; these beans only hand them out.
 * <p>
 * The names are read from the environment when the bean definitions are registered: with
 * Spring AOT that is at build time, so the set of named clients is fixed then (their
 * hosts, ports and other settings are still read at run time).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpNamedClientsRegistrar implements ImportBeanDefinitionRegistrar {

	private final Environment environment;

	AmpNamedClientsRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		Map<String, AmpProperties.Client> clients = Binder.get(this.environment)
			.bind("amp.client", Bindable.mapOf(String.class, AmpProperties.Client.class))
			.orElse(Map.of());
		for (String name : clients.keySet()) {
			if (registry.containsBeanDefinition(name)) {
				BeanDefinition existing = registry.getBeanDefinition(name);
				String where = (existing.getResourceDescription() != null) ? existing.getResourceDescription()
						: existing.getBeanClassName();
				throw new IllegalStateException("The AMP client amp.client." + name + " cannot be registered as a bean "
						+ "named '" + name + "': there is a bean of that name already (" + where
						+ "); rename the client or the bean");
			}
			registry.registerBeanDefinition(name, definition(name));
		}
	}

	/**
	 * A static factory method with the name as its argument and the registry autowired:
	 * Spring AOT generates code for it like any other bean.
	 */
	private static RootBeanDefinition definition(String name) {
		RootBeanDefinition definition = new RootBeanDefinition(AmpNamedClientsRegistrar.class);
		definition.setFactoryMethodName("namedClient");
		definition.setUniqueFactoryMethodName("namedClient");
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		definition.setTargetType(AmpRequester.class);
		definition.setDescription("AMP client '" + name + "' (amp.client." + name + ")");
		return definition;
	}

	/**
	 * Return the requester of a named client.
	 * @param name the client name
	 * @param requesters the named clients
	 * @return the requester
	 */
	static AmpRequester namedClient(String name, AmpRequesters requesters) {
		return requesters.get(name);
	}

}
