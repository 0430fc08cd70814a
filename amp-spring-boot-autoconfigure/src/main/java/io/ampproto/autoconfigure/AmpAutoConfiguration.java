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
package io.ampproto.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ampproto.command.type.AmpTypes;
import io.ampproto.responder.AmpResponder;
import io.ampproto.responder.AmpResponderAdvice;
import io.ampproto.responder.AmpResponderMethods;
import io.ampproto.session.AmpBlockingExecutor;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpServerInterceptor;
import io.ampproto.session.AmpSession;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.transport.AmpOutOfMemoryGuard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for AMP responders: the methods of
 * {@link AmpResponder @AmpResponder} beans, the executor their blocking methods run on,
 * and the inner protocols ({@link AmpInnerProtocolFactory} beans) responders can switch
 * connections to.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(AmpSession.class)
@EnableConfigurationProperties(AmpProperties.class)
public final class AmpAutoConfiguration {

	/** Name of the executor bean that blocking responder methods run on. */
	public static final String BLOCKING_EXECUTOR_BEAN_NAME = "ampBlockingExecutor";

	AmpAutoConfiguration(AmpProperties properties) {
		// Process-wide, as in Python; set before any connection can parse an integer.
		AmpTypes.setMaxIntegerDigits(properties.getMaxIntegerDigits());
		AmpOutOfMemoryGuard.exitOnOutOfMemory(properties.isExitOnOutOfMemory());
	}

	@Bean(name = BLOCKING_EXECUTOR_BEAN_NAME, destroyMethod = "dispose")
	@ConditionalOnMissingBean(name = BLOCKING_EXECUTOR_BEAN_NAME)
	AmpBlockingExecutor ampBlockingExecutor(Environment environment, AmpProperties properties) {
		int maxCalls = properties.getServer().getMaxBlockingCalls();
		if (environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false)) {
			AmpBlockingExecutor virtualThreads = AmpBlockingExecutor.virtualThreads("amp-responder-", maxCalls);
			if (virtualThreads != null) {
				return virtualThreads;
			}
		}
		return AmpBlockingExecutor.platformThreads("amp-responder", maxCalls);
	}

	@Bean
	@ConditionalOnMissingBean
	AmpResponderMethods ampResponderMethods(ApplicationContext applicationContext, AmpProperties properties,
			@Qualifier(BLOCKING_EXECUTOR_BEAN_NAME) AmpBlockingExecutor executor,
			ObjectProvider<AmpServerInterceptor> interceptors) {
		Map<Class<?>, AmpServerInterceptor> own = new HashMap<>();
		return AmpResponderMethods.detect(applicationContext.getBeansWithAnnotation(AmpResponder.class).values(),
				executor, properties.getServer().getDispatch(), interceptors.orderedStream().toList(),
				(type) -> own.computeIfAbsent(type, (key) -> responderInterceptor(applicationContext, type)),
				advice(applicationContext));
	}

	private static List<Object> advice(ApplicationContext applicationContext) {
		List<Object> advice = new ArrayList<>(applicationContext.getBeansWithAnnotation(AmpResponderAdvice.class).values());
		AnnotationAwareOrderComparator.sort(advice);
		return advice;
	}

	/**
	 * Create an interceptor a responder names: not a bean, which would run for every
	 * command.
	 */
	private static AmpServerInterceptor responderInterceptor(ApplicationContext applicationContext,
			Class<? extends AmpServerInterceptor> type) {
		if (applicationContext.getBeanNamesForType(type).length > 0) {
			throw new IllegalStateException("AMP server interceptor " + type.getName() + " is named by an "
					+ "@AmpResponder and is a bean too, which makes it run for every command: remove it from the "
					+ "responder, or make it no bean");
		}
		return applicationContext.getAutowireCapableBeanFactory().createBean(type);
	}

	@Bean
	@ConditionalOnMissingBean
	AmpResponders ampResponders(AmpResponderMethods responderMethods) {
		return responderMethods.responders();
	}

	@Bean
	@ConditionalOnMissingBean
	AmpInnerProtocols ampInnerProtocols(ObjectProvider<AmpInnerProtocolFactory> factories) {
		return AmpInnerProtocols.of(factories.orderedStream().toList());
	}

}
