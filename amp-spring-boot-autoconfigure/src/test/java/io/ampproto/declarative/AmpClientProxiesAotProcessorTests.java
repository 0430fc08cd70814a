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

import io.ampproto.declarative.DeclarativeTestServer.Divide;
import io.ampproto.declarative.DeclarativeTestServer.Refuse;
import io.ampproto.declarative.DeclarativeTestServer.RefusedException;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.testsupport.TestCommands.Sum;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AmpClientProxiesAotProcessor}.
 */
class AmpClientProxiesAotProcessorTests {

	@Test
	void eachAmpClientBeanGetsAJdkProxyAndItsCommandTypes() throws Exception {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("calculator", new RootBeanDefinition(Calculator.class));
		beanFactory.registerBeanDefinition("other", new RootBeanDefinition(String.class));
		BeanFactoryInitializationAotContribution contribution = new AmpClientProxiesAotProcessor()
			.processAheadOfTime(beanFactory);
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "Test")), new InMemoryGeneratedFiles());
		contribution.applyTo(generationContext,
				mock(org.springframework.beans.factory.aot.BeanFactoryInitializationCode.class));
		RuntimeHints hints = generationContext.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Calculator.class)).accepts(hints);
		for (Class<?> record : new Class<?>[] { Sum.class, Sum.Result.class, Divide.class, Divide.Result.class,
				Refuse.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(record)
				.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(record.getName())
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(ArithmeticException.class.getConstructor(String.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(RefusedException.class.getConstructor(String.class))).accepts(hints);
	}

	@Test
	void aContextWithoutAmpClientsContributesNothing() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("other", new RootBeanDefinition(String.class));
		assertThat(new AmpClientProxiesAotProcessor().processAheadOfTime(beanFactory)).isNull();
	}

	@AmpClient("backend")
	interface Calculator {

		Sum.Result sum(Sum sum);

		@AmpCommandMapping(Divide.class)
		Mono<Divide.Result> divide(long numerator, long denominator);

		void refuse(Refuse refuse) throws RefusedException;

	}

}
