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

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.command.AmpCommandSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Tells a session's {@link AmpSessionObserver} what happens, and keeps a failing
 * observer from failing the session: its exceptions are logged.
 *
 * @author AMP for Spring Boot contributors
 */
final class SessionObservers {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	private final AmpSession session;

	private final AmpSessionObserver observer;

	SessionObservers(AmpSession session, AmpSessionObserver observer) {
		this.session = session;
		this.observer = observer;
	}

	void sessionStarted() {
		try {
			this.observer.sessionStarted(this.session);
		}
		catch (RuntimeException ex) {
			logger.warn("AMP session observer " + this.observer + " failed", ex);
		}
	}

	AmpSessionObserver.@Nullable Call callStarted(AmpCommandSchema<?, ?> schema, boolean declared, MonoSink<?> sink) {
		try {
			return this.observer.callStarted(this.session, schema, declared, sink.contextView());
		}
		catch (RuntimeException ex) {
			logger.warn("AMP session observer " + this.observer + " failed", ex);
			return null;
		}
	}

	AmpSessionObserver.@Nullable Call commandReceived(@Nullable String name, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer, AmpBox box) {
		try {
			return this.observer.commandReceived(this.session, String.valueOf(name), schema, requiresAnswer, box);
		}
		catch (RuntimeException ex) {
			logger.warn("AMP session observer " + this.observer + " failed", ex);
			return null;
		}
	}

	static void ended(AmpSessionObserver.@Nullable Call observed, AmpCallOutcome outcome, @Nullable String errorCode,
			@Nullable Throwable error) {
		if (observed != null) {
			try {
				observed.end(outcome, errorCode, error);
			}
			catch (RuntimeException ex) {
				logger.warn("AMP call observer " + observed + " failed", ex);
			}
		}
	}

	/**
	 * How a call that failed on this side ended: a closed connection, or a switched one
	 * (which carries no more AMP), is {@code CLOSED}; anything else is {@code FAILED}.
	 */
	static AmpCallOutcome outcomeOf(Throwable error) {
		return (error instanceof AmpConnectionClosedException || error instanceof AmpProtocolSwitchedException)
				? AmpCallOutcome.CLOSED : AmpCallOutcome.FAILED;
	}

	/**
	 * Fail a call before anything was sent.
	 */
	static void failEarly(MonoSink<?> sink, AmpSessionObserver.@Nullable Call observed, Throwable error) {
		ended(observed, outcomeOf(error), null, error);
		sink.error(error);
	}

}
