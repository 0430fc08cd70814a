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
package io.ampproto.session;

import java.security.Principal;

import io.ampproto.command.AmpCommandSchema;
import org.jspecify.annotations.Nullable;

/**
 * One command received from the peer, as {@link AmpServerInterceptor interceptors} and
 * responders see it: its name and schema, the decoded command, the session it arrived
 * on, the principal it runs as, and attributes that live as long as the command.
 * <p>
 * A responder method of an {@code @AmpResponder} bean gets it by declaring a parameter
 * of this type.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpCallContext extends InterceptedCall {

	/**
	 * The session attribute holding the {@link Principal} of a connection (set once the
	 * peer has logged in); the principal of every command of the session unless one sets
	 * its own.
	 */
	public static final String PRINCIPAL_ATTRIBUTE = AmpCallContext.class.getName() + ".principal";

	private final AmpSessionObserver.@Nullable Call observed;

	private volatile @Nullable Principal principal;

	/**
	 * Create the context of a command, for tests of interceptors and responders.
	 * @param schema the schema of the command's responder
	 * @param command the decoded command (the whole box for a raw responder)
	 * @param session the session the command arrived on
	 */
	public AmpCallContext(AmpCommandSchema<?, ?> schema, Object command, AmpSession session) {
		this(schema, command, session, null);
	}

	AmpCallContext(AmpCommandSchema<?, ?> schema, Object command, AmpSession session,
			AmpSessionObserver.@Nullable Call observed) {
		super(schema, command, session);
		this.observed = observed;
	}

	/**
	 * Return who the command runs as: the principal set for it, else the session's
	 * ({@link #PRINCIPAL_ATTRIBUTE}).
	 * @return the principal, or {@code null} when the peer is anonymous
	 */
	public @Nullable Principal principal() {
		Principal principal = this.principal;
		if (principal != null) {
			return principal;
		}
		return (session().attributes().get(PRINCIPAL_ATTRIBUTE) instanceof Principal connection) ? connection : null;
	}

	/**
	 * Set who this command runs as (an authenticating interceptor does).
	 * @param principal the principal, or {@code null} to fall back to the session's
	 */
	public void setPrincipal(@Nullable Principal principal) {
		this.principal = principal;
	}

	/**
	 * Make this command's observation (when it is observed) current on the calling
	 * thread until the scope is closed, so that what is observed there is its child: for
	 * work a responder hands to a thread of its own. Responders run in it already.
	 * @return the scope, to close on the same thread
	 */
	public AmpSessionObserver.Scope openScope() {
		AmpSessionObserver.Call observed = this.observed;
		if (observed == null) {
			return AmpSessionObserver.Scope.NOOP;
		}
		try {
			return observed.openScope();
		}
		catch (RuntimeException ex) {
			return AmpSessionObserver.Scope.NOOP;
		}
	}

}
