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

import java.util.Objects;

import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.switching.AmpSwitch;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * One command of the peer being answered: subscribes to its responder's result and
 * hands the outcome to the {@link AnswerWriter}, or to the switch exchange for an
 * accepted switch; then gives back the command's credit. For a blocking responder, it is
 * also the task that runs the responder on its executor.
 *
 * @author AMP for Spring Boot contributors
 */
final class ResponderCall extends BaseSubscriber<Object> implements Runnable {

	private final AmpSession session;

	private final AmpResponders.Responder<?, ?> responder;

	private final String name;

	private final byte @Nullable [] ask;

	/** Whether the command asks to switch protocols (and has {@code _ask}). */
	private final boolean switchCommand;

	private final AmpSessionObserver.@Nullable Call observed;

	/** The switch command, or the command of a blocking responder, as read. */
	private @Nullable Object command;

	private @Nullable Object value;

	ResponderCall(AmpSession session, AmpResponders.Responder<?, ?> responder, String name, byte @Nullable [] ask,
			boolean switchCommand, AmpSessionObserver.@Nullable Call observed) {
		this.session = session;
		this.responder = responder;
		this.name = name;
		this.ask = ask;
		this.switchCommand = switchCommand;
		this.observed = observed;
	}

	void commandRead(Object command) {
		this.command = command;
	}

	/** Run a blocking responder, on its executor. */
	@Override
	public void run() {
		Object command = this.command;
		if (!this.switchCommand) {
			this.command = null;
		}
		Mono<?> result;
		try {
			result = this.responder.call(Objects.requireNonNull(command), this.session, this.observed);
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			result = Mono.error(ex);
		}
		if (result instanceof Fuseable.ScalarCallable<?> scalar) {
			answerNow(scalar);
		}
		else {
			result.subscribe(this);
		}
	}

	/** Answer with an error raised before the responder ran. */
	void failNow(Throwable error) {
		hookOnError(error);
	}

	@Override
	public Context currentContext() {
		// What the responder's answer observes is a child of the command's observation.
		AmpSessionObserver.Call observed = this.observed;
		return (observed != null) ? Context.of(observed.context()) : Context.empty();
	}

	/** Answer with the value or error of a response known at once, as if subscribed. */
	void answerNow(Fuseable.ScalarCallable<?> scalar) {
		Object value;
		try {
			value = scalar.call();
		}
		catch (Throwable error) {
			Exceptions.throwIfJvmFatal(error);
			hookOnError(Exceptions.unwrap(error));
			return;
		}
		if (value != null) {
			hookOnNext(value);
		}
		hookOnComplete();
	}

	@Override
	protected void hookOnNext(Object value) {
		this.value = value;
	}

	@Override
	protected void hookOnComplete() {
		try {
			byte[] ask = this.ask;
			Object value = this.value;
			Object command = this.command;
			if (this.switchCommand && ask != null) {
				if (value instanceof AmpSwitch accepted && command != null) {
					this.session.runOnLoop(() -> this.session.reshape()
						.switching()
						.answerSwitch(this.responder, command, ask, accepted, this.observed));
				}
				else {
					this.session.writer()
						.respondWithError(this.responder, this.name, ask, new AmpArgumentException(
								"Responder of " + this.name + " returned " + value + " instead of an AmpSwitch"),
								this.observed);
				}
			}
			else if (ask != null) {
				this.session.writer().writeAnswer(this.responder, ask, value, this.observed);
			}
			else {
				SessionObservers.ended(this.observed, AmpCallOutcome.SUCCESS, null, null);
			}
		}
		finally {
			this.session.inbound().answered();
		}
	}

	@Override
	protected void hookOnError(Throwable error) {
		try {
			this.session.writer().respondWithError(this.responder, this.name, this.ask, error, this.observed);
			if (this.switchCommand) {
				// Refused: what follows the request is AMP again.
				this.session.reshape().resumeDecoding();
			}
		}
		finally {
			this.session.inbound().answered();
		}
	}

}
