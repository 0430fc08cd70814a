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
package io.ampproto.responder;

import java.lang.reflect.Parameter;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;

/**
 * Parameters of responder methods that Spring Security fills: an {@link Authentication},
 * or the principal of one with {@link AuthenticationPrincipal @AuthenticationPrincipal}
 * (such as the {@code UserDetails} of a login). Loaded only when Spring Security is on the
 * class path.
 *
 * @author AMP for Spring Boot contributors
 */
final class SecurityArguments {

	private SecurityArguments() {
	}

	static AmpResponderMethods.@Nullable ArgumentResolver resolver(Parameter parameter) {
		Class<?> type = parameter.getType();
		if (AnnotatedElementUtils.hasAnnotation(parameter, AuthenticationPrincipal.class)) {
			// null for an anonymous caller, or a principal of another type, as Spring MVC does.
			return (command, call) -> (call.principal() instanceof Authentication authentication
					&& type.isInstance(authentication.getPrincipal())) ? authentication.getPrincipal() : null;
		}
		if (Authentication.class.isAssignableFrom(type)) {
			return (command, call) -> type.isInstance(call.principal()) ? call.principal() : null;
		}
		return null;
	}

}
