/*
 * Copyright 2026 the AMP for Spring Boot authors.
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
package io.ampproto.autoconfigure.security;

import java.util.List;
import java.util.regex.Pattern;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.security.AmpLoginResponder;
import io.ampproto.security.AmpSecurity;
import io.ampproto.security.AmpSecurityContextObserver;
import io.ampproto.security.AmpSecurityInterceptor;
import io.ampproto.security.AmpSecurityListener;
import io.ampproto.security.AmpSessionAuthenticator;
import io.ampproto.session.AmpSession;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ott.reactive.OneTimeTokenReactiveAuthenticationManager;
import org.springframework.security.authentication.ott.reactive.ReactiveOneTimeTokenService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Spring Security for the AMP
 * server, when {@code spring-security-core} is on the class path and the application
 * defines a {@link ReactiveUserDetailsService} or an {@link AmpSecurity} bean: the login
 * commands of {@code ampauth}, the identity of client certificates, and the
 * {@link AmpSecurity} rules (every command needs a login without one).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = AmpAutoConfiguration.class)
@ConditionalOnClass({ AmpSession.class, ReactiveUserDetailsService.class })
@ConditionalOnBooleanProperty(name = "amp.server.security.enabled", matchIfMissing = true)
@Conditional(AmpSecurityAutoConfiguration.OnSecurityConfigured.class)
@EnableConfigurationProperties(AmpSecurityProperties.class)
public final class AmpSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AmpSessionAuthenticator ampSessionAuthenticator(AmpSecurityProperties properties,
			ObjectProvider<ReactiveUserDetailsService> users, ObjectProvider<ReactiveOneTimeTokenService> pads,
			ObjectProvider<AmpSecurityListener> listeners) {
		ReactiveUserDetailsService userDetails = users.getIfUnique();
		ReactiveOneTimeTokenService tokens = pads.getIfUnique();
		ReactiveAuthenticationManager oneTimePads = (tokens != null && userDetails != null)
				? new OneTimeTokenReactiveAuthenticationManager(tokens, userDetails) : null;
		AmpSessionAuthenticator.Settings settings = new AmpSessionAuthenticator.Settings(
				properties.getMaxFailedLogins(), properties.isPasswordLoginRequiresTls(),
				Pattern.compile(properties.getCertificatePrincipalRegex()));
		return new AmpSessionAuthenticator(userDetails, oneTimePads, settings, listener(listeners));
	}

	@Bean
	@ConditionalOnMissingBean
	AmpLoginResponder ampLoginResponder(AmpSessionAuthenticator authenticator) {
		return new AmpLoginResponder(authenticator);
	}

	@Bean
	@ConditionalOnMissingBean
	AmpSecurityInterceptor ampSecurityInterceptor(ObjectProvider<AmpSecurity> security,
			AmpSessionAuthenticator authenticator, ObjectProvider<AmpSecurityListener> listeners) {
		return new AmpSecurityInterceptor(security.getIfAvailable(AmpSecurity::authenticated), authenticator,
				listener(listeners));
	}

	@Bean
	@ConditionalOnMissingBean
	AmpSecurityContextObserver ampSecurityContextObserver() {
		return new AmpSecurityContextObserver();
	}

	private static AmpSecurityListener listener(ObjectProvider<AmpSecurityListener> listeners) {
		List<AmpSecurityListener> all = listeners.orderedStream().toList();
		if (all.size() == 1) {
			return all.get(0);
		}
		return new AmpSecurityListener() {

			@Override
			public void login(String method, String outcome) {
				all.forEach((listener) -> listener.login(method, outcome));
			}

			@Override
			public void refused(String command, String reason) {
				all.forEach((listener) -> listener.refused(command, reason));
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "amp.metrics.enabled", matchIfMissing = true)
	static class Meters {

		@Bean
		AmpSecurityListener ampSecurityMeters(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meters = registry.getIfUnique();
			return (meters != null) ? new AmpSecurityMeters(meters) : AmpSecurityListener.NONE;
		}

	}

	/**
	 * Matches when the application says who its users are or what they may call.
	 */
	static final class OnSecurityConfigured extends AnyNestedCondition {

		OnSecurityConfigured() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(ReactiveUserDetailsService.class)
		static final class Users {

		}

		@ConditionalOnBean(AmpSecurity.class)
		static final class Rules {

		}

	}

}
