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

import java.util.Set;

import io.ampproto.autoconfigure.AmpClientCustomizer;
import io.ampproto.autoconfigure.AmpServerCustomizer;
import io.ampproto.responder.AmpResponder;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.tls.AmpSslContextProvider;

import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * {@link TypeExcludeFilter} for {@link AmpTest @AmpTest}: scans {@code @AmpResponder}
 * beans and the AMP extension points only.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<AmpTest> {

	private static final Set<Class<?>> KNOWN_INCLUDES = Set.of(AmpResponder.class, AmpInnerProtocolFactory.class,
			AmpServerCustomizer.class, AmpClientCustomizer.class, AmpSessionObserver.class,
			AmpSslContextProvider.class);

	AmpTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return KNOWN_INCLUDES;
	}

}
