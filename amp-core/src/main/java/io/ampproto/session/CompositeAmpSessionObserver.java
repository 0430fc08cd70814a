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
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Tells several observers in order; one that fails does not stop the others.
 */
final class CompositeAmpSessionObserver implements AmpSessionObserver {

	private static final Logger logger = Loggers.getLogger(CompositeAmpSessionObserver.class);

	private final List<AmpSessionObserver> observers;

	CompositeAmpSessionObserver(List<AmpSessionObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	List<AmpSessionObserver> observers() {
		return this.observers;
	}

	@Override
	public void sessionStarted(AmpSession session) {
		for (AmpSessionObserver observer : this.observers) {
			try {
				observer.sessionStarted(session);
			}
			catch (RuntimeException ex) {
				logger.warn("AMP session observer " + observer + " failed", ex);
			}
		}
	}

	@Override
	public @Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
			ContextView context) {
		Calls calls = new Calls();
		for (AmpSessionObserver observer : this.observers) {
			try {
				calls.add(observer.callStarted(session, schema, declared, context));
			}
			catch (RuntimeException ex) {
				logger.warn("AMP session observer " + observer + " failed", ex);
			}
		}
		return calls.combined();
	}

	@Override
	public @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer) {
		return commandReceived(session, command, schema, requiresAnswer, AmpBox.empty());
	}

	@Override
	public @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer, AmpBox box) {
		Calls calls = new Calls();
		for (AmpSessionObserver observer : this.observers) {
			try {
				calls.add(observer.commandReceived(session, command, schema, requiresAnswer, box));
			}
			catch (RuntimeException ex) {
				logger.warn("AMP session observer " + observer + " failed", ex);
			}
		}
		return calls.combined();
	}

	/**
	 * The calls of one command: usually one observer has a call, kept without a list
	 * (this holder does not escape, so the JIT may drop it).
	 */
	private static final class Calls {

		private @Nullable Call first;

		private @Nullable List<Call> more;

		void add(@Nullable Call call) {
			if (call == null) {
				return;
			}
			if (this.first == null) {
				this.first = call;
				return;
			}
			if (this.more == null) {
				this.more = new ArrayList<>(2);
				this.more.add(this.first);
			}
			this.more.add(call);
		}

		@Nullable Call combined() {
			return (this.more != null) ? new CompositeCall(List.copyOf(this.more)) : this.first;
		}

	}

	/**
	 * The calls of several observers: told in order, their scopes opened in order and
	 * closed in reverse, their contexts merged and their request keys all added.
	 */
	private record CompositeCall(List<Call> calls) implements Call {

		@Override
		public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
			for (Call call : this.calls) {
				try {
					call.end(outcome, errorCode, error);
				}
				catch (RuntimeException ex) {
					logger.warn("AMP call observer " + call + " failed", ex);
				}
			}
		}

		@Override
		public Scope openScope() {
			Scope[] scopes = new Scope[this.calls.size()];
			for (int i = 0; i < scopes.length; i++) {
				scopes[i] = this.calls.get(i).openScope();
			}
			return () -> {
				for (int i = scopes.length - 1; i >= 0; i--) {
					scopes[i].close();
				}
			};
		}

		@Override
		public ContextView context() {
			Context context = Context.empty();
			for (Call call : this.calls) {
				context = context.putAll(call.context());
			}
			return context;
		}

		@Override
		public AmpBox request(AmpBox request) {
			AmpBox box = request;
			for (Call call : this.calls) {
				box = call.request(box);
			}
			return box;
		}

	}

	@Override
	public String toString() {
		return "CompositeAmpSessionObserver" + this.observers;
	}

}
