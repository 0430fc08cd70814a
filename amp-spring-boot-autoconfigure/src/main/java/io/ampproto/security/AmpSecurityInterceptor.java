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
package io.ampproto.security;

import java.util.Optional;

import io.ampproto.command.AmpRemoteException;
import io.ampproto.session.AmpCallContext;
import io.ampproto.session.AmpServerInterceptor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Decides whether a received command may run, before its responder: with the
 * {@link AmpSecurity} rules and who is calling ({@link AmpSessionAuthenticator}). A command
 * refused is answered {@code UNAUTHORIZED} ({@code Authentication required} before a login,
 * {@code Access denied} after), the connection stays open and the responder never runs. So
 * is a command that method security ({@code @PreAuthorize}) refuses. It runs before the
 * other interceptors ({@link #ORDER}), so that they see who is calling.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSecurityInterceptor implements AmpServerInterceptor, Ordered {

	/** The order of this interceptor among the interceptor beans: early. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	/** The error code of a refused command. */
	public static final String UNAUTHORIZED = "UNAUTHORIZED";

	/** The description of a command refused to a peer that has logged in. */
	public static final String ACCESS_DENIED = "Access denied";

	/** The description of a command refused to a peer that has not logged in. */
	public static final String AUTHENTICATION_REQUIRED = "Authentication required";

	private final AmpSecurity security;

	private final AmpSessionAuthenticator authenticator;

	private final AmpSecurityListener listener;

	/**
	 * Create an interceptor.
	 * @param security the rules
	 * @param authenticator finds who is calling
	 * @param listener told of refusals
	 */
	public AmpSecurityInterceptor(AmpSecurity security, AmpSessionAuthenticator authenticator,
			AmpSecurityListener listener) {
		this.security = security;
		this.authenticator = authenticator;
		this.listener = listener;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<?> intercept(AmpCallContext call, Chain chain) {
		if (AmpSecurity.ALWAYS_ALLOWED.contains(call.commandName())) {
			return chain.proceed();
		}
		Mono<Optional<Authentication>> caller = this.authenticator.authentication(call.session())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.cache();
		return this.security.authorize(caller.flatMap(Mono::justOrEmpty), call)
			.zipWith(caller)
			.flatMap((decided) -> {
				Authentication authentication = decided.getT2().orElse(null);
				if (!decided.getT1().isGranted()) {
					return refuse(call.commandName(), authentication);
				}
				// Method security (@PreAuthorize) refuses with exceptions of its own.
				Mono<Object> answer = chain.proceed().map(Object.class::cast);
				return answer.onErrorResume(AccessDeniedException.class, (ex) -> refuse(call.commandName(), authentication))
					.onErrorResume(AuthenticationException.class, (ex) -> refuse(call.commandName(), null));
			});
	}

	private <T> Mono<T> refuse(String command, @Nullable Authentication authentication) {
		boolean anonymous = authentication == null || !authentication.isAuthenticated();
		this.listener.refused(command, anonymous ? "unauthenticated" : "denied");
		return Mono.error(new AmpRemoteException(UNAUTHORIZED, anonymous ? AUTHENTICATION_REQUIRED : ACCESS_DENIED));
	}

}
