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
import java.util.function.Supplier;

import io.ampproto.command.AmpRemoteException;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Decides whether a received command may run, before its responder: with the
 * {@link AmpSecurity} rules and who is calling ({@link AmpSessionAuthenticator}). A command
 * refused is answered {@code UNAUTHORIZED} ({@code Authentication required} before a login,
 * {@code Access denied} after), the connection stays open and the responder never runs. A
 * command let through runs with the caller in {@link ReactiveSecurityContextHolder} and, while
 * the responder is invoked, {@link SecurityContextHolder}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpCommandAuthorizer {

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
	 * Create an authorizer.
	 * @param security the rules
	 * @param authenticator finds who is calling
	 * @param listener told of refusals
	 */
	public AmpCommandAuthorizer(AmpSecurity security, AmpSessionAuthenticator authenticator,
			AmpSecurityListener listener) {
		this.security = security;
		this.authenticator = authenticator;
		this.listener = listener;
	}

	/**
	 * Run a command if the caller may, in the caller's security context.
	 * @param request the command
	 * @param responder runs the rest of the chain up to the responder when subscribed to
	 * @return the answer, or the {@code UNAUTHORIZED} error
	 */
	public Mono<?> authorize(AmpCommandRequest request, Supplier<Mono<?>> responder) {
		Mono<Optional<Authentication>> caller = this.authenticator.authentication(request.session())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.cache();
		return this.security.authorize(caller.flatMap(Mono::justOrEmpty), request)
			.zipWith(caller)
			.flatMap((decided) -> {
				Authentication authentication = decided.getT2().orElse(null);
				if (!decided.getT1().isGranted()) {
					return refuse(request.name(), authentication);
				}
				return (authentication != null) ? withSecurityContext(authentication, responder) : responder.get();
			});
	}

	private Mono<?> refuse(String command, @Nullable Authentication authentication) {
		boolean anonymous = authentication == null || !authentication.isAuthenticated();
		this.listener.refused(command, anonymous ? "unauthenticated" : "denied");
		return Mono.error(new AmpRemoteException(UNAUTHORIZED, anonymous ? AUTHENTICATION_REQUIRED : ACCESS_DENIED));
	}

	/**
	 * Run a responder with a caller in the Reactor context and, while it is subscribed to
	 * (when a responder runs, or hands itself to its scheduler), on the thread.
	 */
	static Mono<?> withSecurityContext(Authentication authentication, Supplier<Mono<?>> responder) {
		SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
		context.setAuthentication(authentication);
		return new SubscribeInContext(context, responder)
			.contextWrite(ReactiveSecurityContextHolder.withSecurityContext(Mono.just(context)));
	}

	/**
	 * Sets {@link SecurityContextHolder} around the subscription to the responder's Mono.
	 */
	private static final class SubscribeInContext extends Mono<Object> {

		private final SecurityContext context;

		private final Supplier<Mono<?>> responder;

		SubscribeInContext(SecurityContext context, Supplier<Mono<?>> responder) {
			this.context = context;
			this.responder = responder;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Object> actual) {
			SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
			SecurityContext previous = holder.getContext();
			holder.setContext(this.context);
			try {
				Mono<?> answer;
				try {
					answer = this.responder.get();
				}
				catch (RuntimeException ex) {
					answer = Mono.error(ex);
				}
				answer.subscribe(actual);
			}
			finally {
				if (previous.getAuthentication() == null) {
					holder.clearContext();
				}
				else {
					holder.setContext(previous);
				}
			}
		}

	}

}
