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

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Puts the caller of each received command where Spring Security looks: in
 * {@link SecurityContextHolder} while its interceptors and responder run (on the event
 * loop, and on the blocking thread of a blocking responder), and in
 * {@link ReactiveSecurityContextHolder}'s Reactor context of its answer. The caller is the
 * session's principal at that moment, so a login or a client certificate found by the
 * {@link AmpSecurityInterceptor} of the same command counts already.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSecurityContextObserver implements AmpSessionObserver {

	@Override
	public @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer) {
		return (schema != null) ? new SecuredCommand(session) : null;
	}

	@Override
	public String toString() {
		return "AmpSecurityContextObserver";
	}

	private static @Nullable SecurityContext securityContext(AmpSession session) {
		if (!(session.principal() instanceof Authentication authentication)) {
			return null;
		}
		SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
		context.setAuthentication(authentication);
		return context;
	}

	/**
	 * One received command.
	 */
	private record SecuredCommand(AmpSession session) implements Call {

		@Override
		public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
		}

		@Override
		public Scope openScope() {
			SecurityContext context = securityContext(this.session);
			if (context == null) {
				return Scope.NOOP;
			}
			SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
			SecurityContext previous = holder.getContext();
			holder.setContext(context);
			return () -> {
				if (previous.getAuthentication() == null) {
					holder.clearContext();
				}
				else {
					holder.setContext(previous);
				}
			};
		}

		@Override
		public ContextView context() {
			// Read when the answer asks for it: after this command's own login or certificate check.
			return ReactiveSecurityContextHolder
				.withSecurityContext(Mono.fromSupplier(() -> securityContext(this.session)));
		}

	}

}
