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

import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.tls.AmpOnlyOneTlsException;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.AmpTlsUnavailableException;
import io.ampproto.transport.AmpConnection;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Twisted's {@code StartTLS} both ways: our request, whose answer is the last box read
 * in the clear, and the peer's, answered in the clear right before TLS starts. As in
 * Twisted, the side that opened the TCP connection is the TLS client, whoever asks.
 *
 * @author AMP for Spring Boot contributors
 */
final class TlsExchange {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	static final AmpCommandSchema<AmpBox, AmpBox> START_TLS_SCHEMA = AmpCommandSchema.builder(AmpSession.START_TLS)
		.build();

	private final AmpSession session;

	private final Reshape reshape;

	private final AmpConnection connection;

	private final AmpSessionOptions options;

	TlsExchange(AmpSession session, Reshape reshape, AmpConnection connection, AmpSessionOptions options) {
		this.session = session;
		this.reshape = reshape;
		this.connection = connection;
		this.options = options;
	}

	/**
	 * Watch the handshake of TLS from the first byte, if any.
	 */
	void start() {
		SslHandler tls = this.connection.tlsFromTheFirstByte();
		if (tls != null) {
			watchHandshake(tls);
		}
	}

	Mono<SSLSession> startTls(@Nullable Duration timeout) {
		return Mono.create((sink) -> {
			AmpSessionObserver.Call observed = this.session.observers().callStarted(START_TLS_SCHEMA, true, sink);
			Reshape.Cancel cancel = new Reshape.Cancel(this.session);
			sink.onCancel(cancel::cancel);
			this.session.runOnLoop(() -> beginStartTls(sink, timeout, observed, cancel));
		});
	}

	private void beginStartTls(MonoSink<SSLSession> sink, @Nullable Duration timeout,
			AmpSessionObserver.@Nullable Call observed, Reshape.Cancel cancel) {
		if (cancel.cancelled) {
			// Cancelled before anything was sent: nothing is.
			SessionObservers.ended(observed, AmpCallOutcome.CANCELLED, null, null);
			return;
		}
		SslHandler handler;
		try {
			checkCanStartTls();
			// Made now, so that nothing is sent when TLS cannot start.
			handler = newHandler();
		}
		catch (RuntimeException ex) {
			SessionObservers.failEarly(sink, observed, ex);
			return;
		}
		long tag = this.session.outbound().nextTag();
		AmpBox box = AmpBox.builder().put(Dispatcher.ASK, AmpTags.bytes(tag)).put(Dispatcher.COMMAND,
				AmpSession.START_TLS).build();
		StartTlsCall call = new StartTlsCall(tag, sink, handler, observed);
		this.reshape.requested(Reshape.State.TLS_REQUESTED, tag);
		this.session.outbound().add(call, timeout);
		cancel.pending(call);
		try {
			this.connection.reshaping().writeStartTlsRequest(box);
		}
		catch (RuntimeException ex) {
			this.session.outbound().take(tag);
			this.reshape.moveTo(Reshape.State.AMP);
			call.cancelTimeout();
			ReferenceCountUtil.release(handler.engine());
			call.end(SessionObservers.outcomeOf(ex), null, ex);
			sink.error(ex);
		}
	}

	private void checkCanStartTls() {
		if (this.session.outbound().isTerminated() || !this.connection.isActive()) {
			throw this.session.outbound().closed("Cannot start TLS");
		}
		if (this.reshape.refusesCalls()) {
			throw new AmpProtocolSwitchedException(AmpProtocolSwitchedException.NO_AMP_TRAFFIC);
		}
		if (this.reshape.tlsStarted()) {
			throw new AmpOnlyOneTlsException("TLS was already started on the AMP connection to "
					+ this.session.remoteAddress() + "; it can be started only once");
		}
	}

	private SslHandler newHandler() {
		AmpTls tls = this.options.tls();
		if (tls == null) {
			throw new AmpTlsUnavailableException("TLS not available: no TLS is configured for this AMP session",
					null);
		}
		return tls.newHandler(this.connection);
	}

	/**
	 * The answer to our StartTLS came (the decoder stopped after it): start TLS, feed it
	 * whatever arrived behind the answer, then send what was held back.
	 */
	private void secureAfterAnswer(StartTlsCall call) {
		if (!this.connection.isActive()) {
			AmpConnectionClosedException closed = new AmpConnectionClosedException("The AMP connection to "
					+ this.session.remoteAddress() + " closed before TLS started", this.session.outbound().closeCause());
			call.end(AmpCallOutcome.CLOSED, null, closed);
			call.sink.error(closed);
			return;
		}
		SslHandler handler = call.handler;
		watchHandshake(handler);
		handler.handshakeFuture().addListener((future) -> {
			if (future.isSuccess()) {
				call.end(AmpCallOutcome.SUCCESS, null, null);
				call.sink.success(handler.engine().getSession());
			}
			else {
				AmpTlsException failure = tlsFailure(future.cause());
				call.end(AmpCallOutcome.FAILED, null, failure);
				call.sink.error(failure);
			}
		});
		this.connection.reshaping().startTlsAfterAnswer(handler);
		this.reshape.moveTo(Reshape.State.AMP);
	}

	/**
	 * The peer's StartTLS: answered, refused, or dropped without {@code _ask}; the decoder
	 * paused after it.
	 */
	void onStartTls(byte @Nullable [] ask) {
		AmpSessionObserver.Call observed = this.session.observers()
			.commandReceived(AmpSession.START_TLS, START_TLS_SCHEMA, ask != null, AmpBox.empty());
		if (ask != null && this.session.inbound().isDraining()) {
			this.session.writer().shuttingDown(ask, observed);
			this.reshape.resumeDecoding();
		}
		else if (ask != null) {
			try {
				answerStartTls(ask, observed);
			}
			catch (RuntimeException ex) {
				SessionObservers.ended(observed, SessionObservers.outcomeOf(ex), null, ex);
				throw ex;
			}
		}
		else {
			logger.warn("Ignoring a StartTLS without _ask from {}: it cannot be answered", this.session.remoteAddress());
			SessionObservers.ended(observed, AmpCallOutcome.FAILED, null,
					new AmpProtocolException("StartTLS without _ask"));
			this.reshape.resumeDecoding();
		}
	}

	/**
	 * Answer the peer's StartTLS, then start TLS.
	 */
	private void answerStartTls(byte[] ask, AmpSessionObserver.@Nullable Call observed) {
		String refusal = null;
		AmpTls tls = this.options.tls();
		SslHandler handler = null;
		if (tls == null) {
			refusal = "TLS not available";
		}
		else if (this.reshape.tlsStarted() || this.reshape.awaitsAnswer() || this.connection.isSwitched()) {
			refusal = "TLS already started";
		}
		else {
			try {
				// Added once the answer is written: nothing it handles goes out in the clear.
				handler = tls.newHandler(this.connection);
			}
			catch (AmpTlsUnavailableException ex) {
				logger.warn("Answering StartTLS from {} with {}: {}", this.session.remoteAddress(),
						AmpSession.TLS_ERROR_CODE, ex.getMessage());
				refusal = "TLS not available";
			}
		}
		if (handler == null) {
			this.session.writer().writeError(ask, AmpSession.TLS_ERROR_CODE, String.valueOf(refusal));
			SessionObservers.ended(observed, AmpCallOutcome.ERROR, AmpSession.TLS_ERROR_CODE, null);
			this.reshape.resumeDecoding();
			return;
		}
		AmpProtocolException injected = plaintextBehindStartTls();
		if (injected != null) {
			ReferenceCountUtil.release(handler.engine());
			SessionObservers.ended(observed, AmpCallOutcome.FAILED, null, injected);
			return;
		}
		// What other threads handed over before goes out in the clear, then the answer, then TLS starts: all
		// in this task, so the peer's hello, read on this event loop later, finds the handler in place.
		this.connection.reshaping().answerThenStartTls(AnswerWriter.answerBox(ask), handler);
		watchHandshake(handler);
		SessionObservers.ended(observed, AmpCallOutcome.SUCCESS, null, null);
	}

	/**
	 * Drop the connection when the peer sent bytes behind its StartTLS request without
	 * waiting for the answer: they came in the clear, and answering them once TLS runs
	 * would pass them off as protected (the SMTP STARTTLS injection, CVE-2011-0411).
	 * Postfix drops such a client too; a peer that follows the protocol, Twisted's
	 * included, holds everything back until the answer.
	 * @return the violation, the connection closing, or {@code null} when nothing came
	 */
	private @Nullable AmpProtocolException plaintextBehindStartTls() {
		int length = this.connection.reshaping().dropBytesBehindPause();
		if (length == 0) {
			return null;
		}
		String message = "Closing the AMP connection to " + this.session.remoteAddress() + ": " + length
				+ " bytes in the clear came behind its StartTLS request, before the answer";
		AmpProtocolException violation = new AmpProtocolException(message);
		logger.warn(message);
		this.connection.closeReason(violation);
		this.connection.dispose();
		return violation;
	}

	private void watchHandshake(SslHandler handler) {
		if (handler.handshakeFuture().isDone() && !handler.handshakeFuture().isSuccess()) {
			// Failed before the session started: its calls fail with the reason from now on,
			// not only once a listener task has run.
			this.connection.closeReason(tlsFailure(handler.handshakeFuture().cause()));
		}
		handler.handshakeFuture().addListener((future) -> {
			if (!future.isSuccess()) {
				AmpTlsException failure = tlsFailure(future.cause());
				logger.warn("{}", failure.getMessage());
				this.connection.closeReason(failure);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("TLS started with {}: {} {}", this.session.remoteAddress(),
						handler.engine().getSession().getProtocol(), handler.engine().getSession().getCipherSuite());
			}
		});
	}

	AmpTlsException tlsFailure(@Nullable Throwable cause) {
		if (cause instanceof AmpTlsException tls) {
			return tls;
		}
		Throwable root = cause;
		while (root != null && !(root instanceof SSLException) && root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = (root != null) ? root.getClass().getSimpleName() + ": " + root.getMessage() : "unknown reason";
		return new AmpTlsException("TLS with " + this.session.remoteAddress() + " failed: " + reason, cause);
	}

	/**
	 * Our StartTLS request, waiting for its answer.
	 */
	private final class StartTlsCall extends ReshapeCall<SSLSession> {

		final SslHandler handler;

		@SuppressWarnings({ "unchecked", "rawtypes" })
		StartTlsCall(long tag, MonoSink<SSLSession> sink, SslHandler handler,
				AmpSessionObserver.@Nullable Call observed) {
			super(TlsExchange.this.reshape, TlsExchange.this.connection, (AmpCommandSchema) START_TLS_SCHEMA, tag,
					sink, observed);
			this.handler = handler;
		}

		@Override
		void answer(AmpBox box, AmpArgumentContext context) {
			cancelTimeout();
			this.reshape.moveTo(Reshape.State.TLS_STARTING);
			// After the read that carried the answer; until then boxes stay held back and the
			// bytes behind the answer stay in the paused decoder.
			this.connection.eventLoop().execute(() -> secureAfterAnswer(this));
		}

		@Override
		void undo(Throwable error) {
			int held = this.connection.reshaping().startTlsRefused();
			if (held > 0) {
				AmpTlsException failure = new AmpTlsException("The peer refused StartTLS (" + error.getMessage()
						+ "): closing the connection rather than sending in the clear the " + held
						+ " box(es) sent after StartTLS", error);
				logger.warn("{}", failure.getMessage());
				this.connection.closeReason(failure);
				this.connection.dispose();
			}
		}

		@Override
		boolean leavesConnectionKnown(Throwable error) {
			return error instanceof AmpConnectionClosedException;
		}

	}

}
