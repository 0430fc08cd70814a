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
package io.ampproto.cloud;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import io.ampproto.client.AmpServiceInstance;
import io.ampproto.context.AmpServerInitializedEvent;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ReflectionUtils;

/**
 * Puts the port of the AMP server into the metadata of the application's service
 * {@link Registration registrations} as {@value AmpServiceInstance#AMP_PORT_METADATA}, once
 * the server has bound it, so that clients of the service id connect to AMP, not to
 * whatever port the registry lists (HTTP, often). Without a web server, Spring Cloud's
 * auto-registration would wait forever for one: the registration is started here
 * instead, with the AMP port as the instance's port.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpServiceRegistration implements ApplicationListener<AmpServerInitializedEvent> {

	private static final Logger logger = Loggers.getLogger(AmpServiceRegistration.class);

	private final List<Registration> registrations;

	private final List<AbstractAutoServiceRegistration<?>> autoRegistrations;

	private final boolean webServer;

	/**
	 * Create the listener.
	 * @param registrations the registrations of this application
	 * @param autoRegistrations the auto-registrations that register them
	 * @param webServer whether a web server starts the auto-registrations
	 */
	public AmpServiceRegistration(List<Registration> registrations,
			List<AbstractAutoServiceRegistration<?>> autoRegistrations, boolean webServer) {
		this.registrations = List.copyOf(registrations);
		this.autoRegistrations = List.copyOf(autoRegistrations);
		this.webServer = webServer;
	}

	@Override
	public void onApplicationEvent(AmpServerInitializedEvent event) {
		int port = event.getServer().port();
		if (port == -1) {
			return;
		}
		for (Registration registration : this.registrations) {
			addAmpPort(registration, port, !this.webServer);
		}
		if (!this.webServer) {
			for (AbstractAutoServiceRegistration<?> autoRegistration : this.autoRegistrations) {
				if (!autoRegistration.isRunning()) {
					logger.info("Registering service {} with its AMP port {} (no web server to start the registration)",
							serviceId(autoRegistration), port);
					autoRegistration.start();
				}
			}
		}
	}

	/**
	 * Put the AMP port into a registration's metadata.
	 * @param registration the registration
	 * @param port the AMP port
	 * @param asInstancePort whether the AMP port may also be the instance's port, when
	 * the registration has none yet (ZooKeeper's builds its instance on the first port
	 * it is given, and lists no metadata before)
	 * @return whether the metadata took it
	 */
	static boolean addAmpPort(Registration registration, int port, boolean asInstancePort) {
		String value = String.valueOf(port);
		if (put(registration.getMetadata(), value)) {
			return true;
		}
		Method setPort = ReflectionUtils.findMethod(registration.getClass(), "setPort", int.class);
		if (asInstancePort && setPort != null && registration.getPort() <= 0) {
			ReflectionUtils.invokeMethod(setPort, registration, port);
			if (put(registration.getMetadata(), value)) {
				return true;
			}
		}
		logger.warn("Cannot put {}={} into the metadata of {} (read-only): set it in the registry's metadata "
				+ "properties, or clients must use the instance port", AmpServiceInstance.AMP_PORT_METADATA, value,
				registration.getClass().getName());
		return false;
	}

	private static boolean put(@Nullable Map<String, String> metadata, String port) {
		if (metadata == null) {
			return false;
		}
		try {
			metadata.put(AmpServiceInstance.AMP_PORT_METADATA, port);
			return true;
		}
		catch (UnsupportedOperationException ex) {
			return false;
		}
	}

	private static String serviceId(AbstractAutoServiceRegistration<?> autoRegistration) {
		return autoRegistration.getClass().getSimpleName();
	}

}
