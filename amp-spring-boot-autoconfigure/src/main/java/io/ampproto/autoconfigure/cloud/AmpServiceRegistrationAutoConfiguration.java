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
package io.ampproto.autoconfigure.cloud;

import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.cloud.AmpServiceRegistration;
import io.ampproto.server.AmpSessionServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the AMP port in the service
 * registration: with a Spring Cloud {@link Registration} (ZooKeeper, Consul, Eureka...),
 * the bound AMP port goes into its metadata as {@code amp-port}; without a web server,
 * the registration starts once the AMP server has.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = AmpServerAutoConfiguration.class,
		afterName = "org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration")
@ConditionalOnClass({ AmpSessionServer.class, Registration.class })
@ConditionalOnBean({ AmpSessionServer.class, Registration.class })
public final class AmpServiceRegistrationAutoConfiguration {

	private static final String WEB_SERVER_CONTEXT = "org.springframework.boot.web.server.context."
			+ "WebServerApplicationContext";

	@Bean
	@ConditionalOnMissingBean
	AmpServiceRegistration ampServiceRegistration(ObjectProvider<Registration> registrations,
			ObjectProvider<AbstractAutoServiceRegistration<?>> autoRegistrations, ApplicationContext context) {
		ClassLoader classLoader = context.getClassLoader();
		boolean webServer = ClassUtils.isPresent(WEB_SERVER_CONTEXT, classLoader)
				&& ClassUtils.resolveClassName(WEB_SERVER_CONTEXT, classLoader).isInstance(context);
		return new AmpServiceRegistration(registrations.orderedStream().toList(),
				autoRegistrations.orderedStream().toList(), webServer);
	}

}
