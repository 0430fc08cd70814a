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

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.transport.AmpConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Routes a received box: an answer or error to the call waiting for it, a command to its
 * responder (or to the StartTLS exchange). It writes nothing itself: answers and errors
 * go through the {@link AnswerWriter}. Event loop only.
 * <p>
 * Where Twisted closes the connection, it keeps it open and logs: an answer or error
 * whose tag is not waiting (late, duplicate or forged), and a box of no kind, are
 * dropped; an error box without {@code _error_code} fails its call with an
 * {@link AmpProtocolException}, a missing description reading as empty.
 *
 * @author AMP for Spring Boot contributors
 */
final class Dispatcher {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	static final String ASK = "_ask";

	static final String COMMAND = "_command";

	private static final byte[] START_TLS_NAME = AmpSession.START_TLS.getBytes(StandardCharsets.US_ASCII);

	private final AmpSession session;

	private final AmpConnection connection;

	private final AmpResponders responders;

	/** Boxes dropped for being of no kind, or for a call not waiting. */
	private long droppedBoxes;

	/**
	 * The name of the last command answered, and its responder: a connection repeats a
	 * few commands, and this spares a String and a map lookup per command.
	 */
	private byte @Nullable [] lastCommandName;

	private @Nullable String lastCommandText;

	private AmpResponders.@Nullable Responder<?, ?> lastResponder;

	Dispatcher(AmpSession session, AmpConnection connection, AmpResponders responders) {
		this.session = session;
		this.connection = connection;
		this.responders = responders;
	}

	/**
	 * Handle an answer or an error, which never waits for credits.
	 */
	void handleAnswer(AmpBox box) {
		try {
			if (box.containsKey(AnswerWriter.ANSWER)) {
				onAnswer(box);
			}
			else {
				onError(box);
			}
		}
		catch (RuntimeException ex) {
			closeAfterError(box, ex);
		}
	}

	/**
	 * Handle a box from the backlog: a command, or a box of no kind.
	 */
	void handle(AmpBox box) {
		try {
			if (box.containsKey(COMMAND)) {
				onCommand(box);
			}
			else {
				logDropped("Dropping an AMP box from {} with none of _answer, _error, _command: {}",
						this.session.remoteAddress(), box);
				this.session.inbound().returnCredit();
			}
		}
		catch (RuntimeException ex) {
			closeAfterError(box, ex);
		}
	}

	private void closeAfterError(AmpBox box, RuntimeException ex) {
		logger.error("Closing the AMP connection to " + this.session.remoteAddress() + " after an error handling "
				+ box, ex);
		this.session.inbound().closeAfterWrites(ex);
	}

	/**
	 * The first dropped box of a connection is a warning, the others are logged at debug
	 * level: a peer must not be able to flood the log (as a fuzzing run did).
	 */
	private void logDropped(String format, @Nullable Object... arguments) {
		if (this.droppedBoxes++ == 0) {
			logger.warn(format + " (more on this connection are logged at DEBUG level)", arguments);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(format, arguments);
		}
	}

	private void onAnswer(AmpBox box) {
		long tag = AmpTags.parse(box.getBytes(AnswerWriter.ANSWER));
		PendingCall<?> call = (tag != AmpTags.NONE) ? this.session.outbound().take(tag) : null;
		if (call == null) {
			logDropped("Dropping an AMP answer from {} for a call that is not waiting (late, duplicate or unknown "
					+ "_answer {}): {}", this.session.remoteAddress(), box.getText(AnswerWriter.ANSWER), box);
			return;
		}
		call.answer(box, this.connection.argumentContext());
	}

	private void onError(AmpBox box) {
		long tag = AmpTags.parse(box.getBytes(AnswerWriter.ERROR));
		PendingCall<?> call = (tag != AmpTags.NONE) ? this.session.outbound().take(tag) : null;
		if (call == null) {
			logDropped("Dropping an AMP error from {} for a call that is not waiting (late, duplicate or unknown "
					+ "_error {}): {}", this.session.remoteAddress(), box.getText(AnswerWriter.ERROR), box);
			return;
		}
		String code = box.getText(AnswerWriter.ERROR_CODE);
		if (code == null) {
			call.refused(new AmpProtocolException("AMP error answer without _error_code from "
					+ this.session.remoteAddress() + ": " + box), null);
			return;
		}
		String description = box.getText(AnswerWriter.ERROR_DESCRIPTION);
		call.refused(call.schema.exceptionFor(code, (description != null) ? description : ""), code);
	}

	private void onCommand(AmpBox box) {
		AmpResponders.Responder<?, ?> responder;
		String name;
		byte[] lastName = this.lastCommandName;
		if (lastName != null && box.valueEquals(COMMAND, lastName)) {
			responder = this.lastResponder;
			name = Objects.requireNonNull(this.lastCommandText, "kept with lastCommandName");
		}
		else {
			name = Objects.requireNonNull(box.getText(COMMAND), "onBox checked _command");
			responder = AmpSession.START_TLS.equals(name) ? null : this.responders.find(name);
			if (responder != null) {
				this.lastCommandName = box.getBytes(COMMAND);
				this.lastCommandText = name;
				this.lastResponder = responder;
			}
		}
		// Latin-1 maps bytes to chars one to one: the tag goes back byte for byte, as in
		// Twisted, even when it is not UTF-8 (found by fuzzing).
		byte[] ask = box.getBytes(ASK);
		if (AmpSession.START_TLS.equals(name)) {
			this.session.reshape().tls().onStartTls(ask);
			this.session.inbound().requestOne();
			return;
		}
		AmpSessionObserver.Call observed = this.session.observers()
			.commandReceived(name, (responder != null) ? responder.schema() : null, ask != null, box);
		if (responder == null) {
			onUnhandled(box, name, ask, observed);
			this.session.inbound().requestOne();
			return;
		}
		boolean switchCommand = Reshape.isSwitch(responder.schema()) && ask != null;
		if (this.session.inbound().isDraining()) {
			this.session.writer().shuttingDown(ask, observed);
			if (switchCommand) {
				this.session.reshape().resumeDecoding();
			}
			this.session.inbound().requestOne();
			return;
		}
		invoke(box, responder, name, ask, switchCommand, observed);
	}

	private void onUnhandled(AmpBox box, @Nullable String name, byte @Nullable [] ask,
			AmpSessionObserver.@Nullable Call observed) {
		if (ask != null) {
			this.session.writer().writeError(ask, AmpUnhandledCommandException.CODE,
					"Unhandled Command: " + PythonRepr.bytes(box.getBytes(COMMAND)));
			SessionObservers.ended(observed, AmpCallOutcome.ERROR, AmpUnhandledCommandException.CODE, null);
		}
		else {
			logger.error("Closing the AMP connection to {}: no responder for command {} sent without _ask",
					this.session.remoteAddress(), name);
			AmpUnhandledCommandException unhandled = new AmpUnhandledCommandException("Unhandled Command: " + name);
			SessionObservers.ended(observed, AmpCallOutcome.ERROR, AmpUnhandledCommandException.CODE, unhandled);
			this.session.inbound().closeAfterWrites(unhandled);
		}
	}

	private void invoke(AmpBox box, AmpResponders.Responder<?, ?> responder, String name, byte @Nullable [] ask,
			boolean switchCommand, AmpSessionObserver.@Nullable Call observed) {
		this.session.inbound().commandStarted();
		ResponderCall answer = new ResponderCall(this.session, responder, name, ask, switchCommand, observed);
		AmpBlockingExecutor blocking = responder.blocking();
		if (blocking != null) {
			startBlocking(blocking, box, responder, answer);
			return;
		}
		Mono<?> result;
		try {
			// A switch command is kept as read: the protocol factory gets it, and its descriptors are claimed once.
			result = responder.invoke(box, this.session, switchCommand ? answer::commandRead : null, observed);
		}
		catch (RuntimeException ex) {
			result = Mono.error(ex);
		}
		if (result instanceof Fuseable.ScalarCallable<?> scalar) {
			// Known at once (Mono.just, empty or error, as non-blocking responders return):
			// answered without subscribing, by the same code as a subscribed response.
			answer.answerNow(scalar);
			return;
		}
		result.subscribe(answer);
	}

	/**
	 * Read the command here and hand the responder over to the blocking executor, which
	 * runs {@link ResponderCall#run()}.
	 */
	private void startBlocking(AmpBlockingExecutor blocking, AmpBox box, AmpResponders.Responder<?, ?> responder,
			ResponderCall answer) {
		try {
			answer.commandRead(responder.read(box, this.session, null));
		}
		catch (RuntimeException ex) {
			answer.failNow(ex);
			return;
		}
		blocking.execute(answer, this.session.eventLoop());
		this.session.inbound().blockingStarted(blocking);
	}

	/**
	 * Whether the decoder stops after a box: a StartTLS request from the peer (nothing it
	 * sends behind is read before the answer), or a switch command it sends (what follows
	 * is not AMP once the responder accepts).
	 */
	boolean isReshapeRequest(AmpBox box, boolean answersSwitches) {
		if (box.containsKey(ASK) && box.valueEquals(COMMAND, START_TLS_NAME)) {
			return true;
		}
		if (answersSwitches && box.containsKey(ASK)) {
			AmpResponders.Responder<?, ?> responder;
			byte[] lastName = this.lastCommandName;
			if (lastName != null && box.valueEquals(COMMAND, lastName)) {
				// The command onCommand saw last, on this same event loop: no name to decode.
				responder = this.lastResponder;
			}
			else {
				String name = box.getText(COMMAND);
				responder = (name != null) ? this.responders.find(name) : null;
			}
			return responder != null && Reshape.isSwitch(responder.schema());
		}
		return false;
	}

	static boolean answersSwitches(AmpResponders responders) {
		boolean answersSwitches = false;
		for (String name : responders.commandNames()) {
			AmpResponders.Responder<?, ?> responder = responders.find(name);
			answersSwitches |= (responder != null && Reshape.isSwitch(responder.schema()));
		}
		return answersSwitches;
	}

}
