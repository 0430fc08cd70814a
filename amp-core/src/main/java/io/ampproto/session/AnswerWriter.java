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
import java.util.concurrent.atomic.AtomicBoolean;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.transport.AmpConnection;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The one writer of answers and errors to the peer's commands: answers, declared and
 * undeclared errors, {@code UNHANDLED}, {@code SHUTTING_DOWN}, refusals. A failure this
 * side cannot explain answers {@code UNKNOWN} and closes the connection, as Twisted's.
 *
 * @author AMP for Spring Boot contributors
 */
final class AnswerWriter {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	static final String ANSWER = "_answer";

	static final String ERROR = "_error";

	static final String ERROR_CODE = "_error_code";

	static final String ERROR_DESCRIPTION = "_error_description";

	private final AmpSession session;

	private final AmpConnection connection;

	private final EventLoop eventLoop;

	/** Whether a failure of a responder was logged at ERROR level on this connection. */
	private final AtomicBoolean responderFailureLogged = new AtomicBoolean();

	AnswerWriter(AmpSession session, AmpConnection connection) {
		this.session = session;
		this.connection = connection;
		this.eventLoop = connection.eventLoop();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	void writeAnswer(AmpResponders.Responder<?, ?> responder, byte[] ask, @Nullable Object value,
			AmpSessionObserver.@Nullable Call observed) {
		if (this.connection.passesDescriptors() && !this.eventLoop.inEventLoop()) {
			// Encoded on the event loop as it is written: descriptors are numbered in write order.
			this.eventLoop.execute(() -> writeAnswer(responder, ask, value, observed));
			return;
		}
		AmpCommandSchema schema = responder.schema();
		try {
			if (value == null && schema.responseType() != Void.class) {
				throw new AmpArgumentException("Responder of " + schema.name() + " returned no response");
			}
			// The tag goes back byte for byte, whatever its encoding.
			this.connection.write((context) -> schema.answer(value, context, ask));
			SessionObservers.ended(observed, AmpCallOutcome.SUCCESS, null, null);
		}
		catch (AmpTooLongException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": the answer to " + schema.name()
					+ " is too long", ex);
			answerUnknownAndClose(ask, observed, ex);
		}
		catch (AmpConnectionClosedException ex) {
			logger.debug("Dropping the answer to {}: the connection to {} is closed", schema.name(), remoteAddress());
			SessionObservers.ended(observed, AmpCallOutcome.CLOSED, null, ex);
		}
		catch (AmpProtocolSwitchedException ex) {
			// As Twisted, which swallows ProtocolSwitched when answering.
			logger.debug("Dropping the answer to {}: the connection to {} has switched protocols", schema.name(),
					remoteAddress());
			SessionObservers.ended(observed, AmpCallOutcome.CLOSED, null, ex);
		}
		catch (RuntimeException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": the responder of " + schema.name()
					+ " returned a response that cannot be sent", ex);
			answerUnknownAndClose(ask, observed, ex);
		}
	}

	void respondWithError(AmpResponders.Responder<?, ?> responder, String name, byte @Nullable [] ask,
			Throwable error, AmpSessionObserver.@Nullable Call observed) {
		if (this.connection.isSwitched()) {
			// Nothing can be answered, and the connection belongs to the inner protocol now.
			logger.debug("Dropping the failure of the AMP responder of {} for {}: the connection has switched "
					+ "protocols", name, remoteAddress(), error);
			SessionObservers.ended(observed, AmpCallOutcome.CLOSED, null, error);
			return;
		}
		ErrorAnswer answer = ErrorAnswer.of(responder.schema(), error);
		if (!this.connection.isActive()) {
			logResponderFailure("The AMP responder of " + name + " failed after the connection to " + remoteAddress()
					+ " closed", error);
			SessionObservers.ended(observed, AmpCallOutcome.CLOSED, null, error);
			return;
		}
		if (answer.undeclared()) {
			logResponderFailure("Unhandled error in the AMP responder of " + name + " for " + remoteAddress()
					+ "; answering UNKNOWN and closing the connection", error);
		}
		SessionObservers.ended(observed, AmpCallOutcome.ERROR, answer.code(), error);
		if (ask == null) {
			logResponderFailure("Closing the AMP connection to " + remoteAddress() + ": command " + name
					+ " sent without _ask failed with " + answer.code() + ": " + answer.description(), error);
			this.session.inbound().closeAfterWrites(error);
			return;
		}
		// As Twisted's QuitBox: no close when the error cannot be sent (a switch under way).
		if (writeError(ask, answer.code(), answer.description()) && answer.fatal()) {
			this.session.inbound().closeAfterWrites(error);
		}
	}

	/**
	 * The first failure of a responder on a connection is logged at ERROR level, the
	 * others at DEBUG level: they follow from the first, which closes the connection, or
	 * from its close (a connection lost with 256 callbacks waiting logged 256 traces).
	 */
	private void logResponderFailure(String message, Throwable error) {
		if (this.responderFailureLogged.compareAndSet(false, true)) {
			if (error instanceof AmpConnectionClosedException) {
				logger.warn(message + ": " + error.getMessage() + " (more on this connection are logged at DEBUG "
						+ "level)");
			}
			else {
				logger.error(message + " (more on this connection are logged at DEBUG level)", error);
			}
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, error);
		}
	}

	/**
	 * Write an error answer.
	 * @return whether it was written: not when the connection has closed or switched
	 */
	boolean writeError(byte[] ask, String code, String description) {
		AmpBox box = AmpBox.builder()
			.put(ERROR, ask)
			.put(ERROR_CODE, code)
			.put(ERROR_DESCRIPTION, truncateUtf8(description, 65535))
			.build();
		try {
			this.connection.write(box);
			return true;
		}
		catch (AmpConnectionClosedException ex) {
			logger.debug("Dropping error {} to {}: the connection is closed", code, remoteAddress());
		}
		catch (AmpProtocolSwitchedException ex) {
			logger.debug("Dropping error {} to {}: the connection has switched protocols", code, remoteAddress());
		}
		return false;
	}

	/**
	 * Refuse a command with {@code UNKNOWN}, the connection staying open.
	 */
	void refuse(byte[] ask, AmpSessionObserver.@Nullable Call observed) {
		writeError(ask, AmpUnknownRemoteException.CODE, AmpUnknownRemoteException.DESCRIPTION);
		SessionObservers.ended(observed, AmpCallOutcome.ERROR, AmpUnknownRemoteException.CODE, null);
	}

	/**
	 * Answer a command that arrived while draining.
	 */
	void shuttingDown(byte @Nullable [] ask, AmpSessionObserver.@Nullable Call observed) {
		if (ask != null) {
			writeError(ask, AmpSession.SHUTTING_DOWN_CODE, "Server is shutting down");
		}
		SessionObservers.ended(observed, AmpCallOutcome.ERROR, AmpSession.SHUTTING_DOWN_CODE, null);
	}

	/**
	 * Answer a command this side failed to answer with {@code UNKNOWN}, then close, as
	 * Twisted does after an unhandled error.
	 */
	void answerUnknownAndClose(byte[] ask, AmpSessionObserver.@Nullable Call observed, Throwable error) {
		boolean sent = writeError(ask, AmpUnknownRemoteException.CODE, AmpUnknownRemoteException.DESCRIPTION);
		SessionObservers.ended(observed, AmpCallOutcome.ERROR, AmpUnknownRemoteException.CODE, error);
		if (sent) {
			this.session.inbound().closeAfterWrites(error);
		}
	}

	/**
	 * Write a box that ends an exchange and flush it: the answer to the peer's StartTLS
	 * or switch, right before the pipeline changes. Event loop only.
	 */
	void writeLast(byte[] ask) {
		this.connection.reshaping().writeAndFlush(answerBox(ask));
	}

	static AmpBox answerBox(byte[] ask) {
		return AmpBox.builder().put(ANSWER, ask).build();
	}

	private Object remoteAddress() {
		return this.session.remoteAddress();
	}

	private static String truncateUtf8(String text, int maxBytes) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= maxBytes) {
			return text;
		}
		return new String(bytes, 0, maxBytes, StandardCharsets.UTF_8);
	}

}
