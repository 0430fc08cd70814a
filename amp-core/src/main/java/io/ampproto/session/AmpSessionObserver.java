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

import java.util.ArrayList;
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Told about the sessions, the calls they make and the commands they answer, for metrics
 * and tracing; set on {@link AmpSessionOptions#observer()}. Every method has a default
 * that does nothing, so an observer implements only what it needs.
 * <p>
 * Observers run on the connection's hot path: they must not block, and what they do per
 * call should be cheap. An exception thrown by an observer is logged and ignored.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpSessionObserver {

	/**
	 * An observer that does nothing.
	 */
	AmpSessionObserver NONE = new AmpSessionObserver() {

		@Override
		public String toString() {
			return "AmpSessionObserver.NONE";
		}

	};

	/**
	 * A session has started; called before its first box is read, so that the observer
	 * can add handlers to the connection's pipeline or watch {@link AmpSession#onClose()}.
	 * @param session the session
	 */
	default void sessionStarted(AmpSession session) {
	}

	/**
	 * This side calls a command on the peer; called on the thread that subscribes to the
	 * call, before the arguments are encoded, so that the caller's context (a current
	 * trace, for example) is at hand.
	 * @param session the session
	 * @param schema the command's schema
	 * @param declared whether the schema was declared in code (a command record, or a
	 * schema passed to {@link AmpSession#call(AmpCommandSchema, Object, java.time.Duration)});
	 * {@code false} for {@link AmpSession#callRaw} and {@link AmpSession#sendRaw}, whose
	 * names come from data and may be unbounded
	 * @param context the Reactor context of the caller
	 * @return the call, told when it ends, or {@code null} not to be told
	 */
	default @Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
			ContextView context) {
		return null;
	}

	/**
	 * The peer called a command on this side; called on the connection's event loop
	 * when the command box arrives, before its arguments are read.
	 * @param session the session
	 * @param command the command name, as received
	 * @param schema the schema of the responder of the command, or {@code null} when
	 * there is none (the command is answered {@code UNHANDLED})
	 * @param requiresAnswer whether the command came with {@code _ask}
	 * @return the command, told when it ends, or {@code null} not to be told
	 */
	default @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer) {
		return null;
	}

	/**
	 * The peer called a command on this side, with the command box at hand (for what the
	 * peer sent besides the arguments, a trace context for example); by default,
	 * {@link #commandReceived(AmpSession, String, AmpCommandSchema, boolean)}.
	 * @param session the session
	 * @param command the command name, as received
	 * @param schema the schema of the responder of the command, or {@code null}
	 * @param requiresAnswer whether the command came with {@code _ask}
	 * @param box the command box, as received; not to be kept
	 * @return the command, told when it ends, or {@code null} not to be told
	 */
	default @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer, AmpBox box) {
		return commandReceived(session, command, schema, requiresAnswer);
	}

	/**
	 * Return an observer that tells each of the given ones in order.
	 * @param observers the observers
	 * @return a composite observer, the only one, or {@link #NONE} when there is none
	 */
	static AmpSessionObserver of(List<? extends AmpSessionObserver> observers) {
		List<AmpSessionObserver> active = new ArrayList<>();
		for (AmpSessionObserver observer : observers) {
			if (observer instanceof CompositeAmpSessionObserver composite) {
				active.addAll(composite.observers());
			}
			else if (observer != NONE) {
				active.add(observer);
			}
		}
		if (active.isEmpty()) {
			return NONE;
		}
		return (active.size() == 1) ? active.get(0) : new CompositeAmpSessionObserver(active);
	}

	/**
	 * An observed call or command, told once when it ends.
	 */
	@FunctionalInterface
	interface Call {

		/**
		 * The call or command has ended. Called exactly once, on the event loop or on the
		 * thread that completed the responder's answer.
		 * @param outcome how it ended
		 * @param errorCode the error code answered or received, for
		 * {@link AmpCallOutcome#ERROR}; otherwise {@code null}
		 * @param error the exception, when there is one
		 */
		void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error);

		/**
		 * Make this command current on the calling thread until the scope is closed:
		 * its responder and interceptors run in it, so that what they observe is its
		 * child. Not called for calls.
		 * @return the scope
		 */
		default Scope openScope() {
			return Scope.NOOP;
		}

		/**
		 * Return what the Reactor context of this command's answer holds (its
		 * observation, for example), so that what a reactive responder observes is its
		 * child. Not called for calls.
		 * @return the context, empty by default
		 */
		default ContextView context() {
			return Context.empty();
		}

		/**
		 * Return the command box of this call as it is sent: the given box, or a copy
		 * with keys of the observer's (a trace context, for example). Not called for
		 * received commands.
		 * @param request the command box
		 * @return the box to send
		 */
		default AmpBox request(AmpBox request) {
			return request;
		}

	}

	/**
	 * What a {@link Call#openScope()} made current, until closed.
	 */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		/** A scope that made nothing current. */
		Scope NOOP = () -> {
		};

		@Override
		void close();

	}

}
