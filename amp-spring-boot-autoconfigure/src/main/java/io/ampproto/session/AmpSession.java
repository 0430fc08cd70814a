/*
 * Copyright 2012-present the original author or authors.
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpErrorMapping;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.transport.AmpConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The AMP call engine of one connection: Twisted's {@code BoxDispatcher}. Both peers call
 * and answer on the same connection.
 * <p>
 * Outgoing calls take tags from a counter, written as lowercase hex from 1, as Twisted's;
 * commands that require no answer take a number too. The table of calls waiting for an
 * answer lives on the connection's event loop, so it needs no locks.
 * <p>
 * Where this engine differs from Twisted, it keeps the connection open and stays
 * understandable by a Twisted peer:
 * <ul>
 * <li>an answer or error whose tag is not waiting (late, duplicate or forged) is logged
 * and dropped; Twisted closes the connection;</li>
 * <li>a box with none of {@code _answer}, {@code _error}, {@code _command} is logged and
 * dropped; Twisted closes the connection;</li>
 * <li>an error box without {@code _error_code} fails its call with an
 * {@link AmpProtocolException}; a missing description reads as empty; Twisted closes
 * the connection;</li>
 * <li>an answer that is too long to send is replaced by an {@code UNKNOWN} error, then the
 * connection closes; Twisted closes without a word.</li>
 * </ul>
 * As in Twisted, an undeclared exception in a responder, or arguments that do not parse,
 * answer {@code UNKNOWN} / {@code Unknown Error} and close the connection once it is sent,
 * since the peer's state is then unknown; a declared fatal error closes it too; a failure
 * in a command sent without {@code _ask} is logged and closes the connection.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSession implements Disposable {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	/** Error code answered to commands that arrive while the session is draining. */
	public static final String SHUTTING_DOWN_CODE = "SHUTTING_DOWN";

	private static final String ASK = "_ask";

	private static final String ANSWER = "_answer";

	private static final String ERROR = "_error";

	private static final String COMMAND = "_command";

	private static final String ERROR_CODE = "_error_code";

	private static final String ERROR_DESCRIPTION = "_error_description";

	private final AmpConnection connection;

	private final AmpResponders responders;

	private final AmpSessionOptions options;

	private final Channel channel;

	private final EventLoop eventLoop;

	private final AtomicLong tagCounter = new AtomicLong();

	/** Calls waiting for an answer, by tag. Touched only on the event loop. */
	private final Map<String, PendingCall<?>> pending = new HashMap<>();

	private final AtomicInteger inboundInFlight = new AtomicInteger();

	private final InboundSubscriber inbound = new InboundSubscriber();

	private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

	private final Sinks.Empty<Void> drained = Sinks.empty();

	private final Sinks.Empty<Void> closed = Sinks.empty();

	/** Requests withheld while the channel is not writable. Event loop only. */
	private int deferredRequests;

	/**
	 * Boxes that may be handled now: commands from the peer take one each until answered.
	 * Event loop only.
	 */
	private int credits;

	/** Boxes received and not yet handled, for want of credits. Event loop only. */
	private final ArrayDeque<AmpBox> backlog = new ArrayDeque<>(4);

	/** Whether {@link #deliver()} is running, so that credits returned during it wait for its loop. */
	private boolean delivering;

	/** Whether the connection reads (its auto-read), as the credits decide. Event loop only. */
	private boolean reading = true;

	/** Whether the inbound boxes have ended, with {@link #inboundError} when they failed. */
	private boolean inboundEnded;

	private @Nullable Throwable inboundError;

	private boolean inboundEndHandled;

	private volatile boolean draining;

	private volatile @Nullable Throwable closeCause;

	private volatile boolean terminated;

	private AmpSession(AmpConnection connection, AmpResponders responders, AmpSessionOptions options) {
		this.connection = connection;
		this.responders = responders;
		this.options = options;
		this.channel = connection.nettyConnection().channel();
		this.eventLoop = this.channel.eventLoop();
	}

	/**
	 * Start a session on a connection: from now on it reads the connection's boxes.
	 * @param connection the connection
	 * @param responders the responders of commands from the peer
	 * @param options the options
	 * @return the session
	 */
	public static AmpSession start(AmpConnection connection, AmpResponders responders, AmpSessionOptions options) {
		AmpSession session = new AmpSession(connection, responders, options);
		connection.nettyConnection().addHandlerLast("amp.writability", new WritabilityHandler(session));
		// Answer what arrived before a violation before the connection closes, as Twisted.
		connection.beforeClosingOnViolation(session::drain);
		connection.receive().subscribe(session.inbound);
		connection.onClose()
			.subscribe(null, (error) -> session.runOnLoop(session::onConnectionClosed),
					() -> session.runOnLoop(session::onConnectionClosed));
		return session;
	}

	/**
	 * Call a command and receive its response.
	 * @param <R> the response type
	 * @param command the command record
	 * @return the response (empty for {@link Void}); fails with the declared exception,
	 * an {@link AmpRemoteException}, an {@link AmpArgumentException} (nothing sent), an
	 * {@link AmpTooLongException} (nothing sent), an {@link AmpCallTimeoutException} or an
	 * {@link AmpConnectionClosedException}
	 */
	@SuppressWarnings("unchecked")
	public <R> Mono<R> call(AmpCommand<R> command) {
		AmpCommandSchema<AmpCommand<R>, R> schema = AmpCommandSchema.of((Class<AmpCommand<R>>) command.getClass());
		return call(schema, command, this.options.callTimeout());
	}

	/**
	 * Call a command with a timeout for this call.
	 * @param <R> the response type
	 * @param command the command record
	 * @param timeout how long to wait for the answer
	 * @return the response
	 */
	@SuppressWarnings("unchecked")
	public <R> Mono<R> call(AmpCommand<R> command, Duration timeout) {
		AmpCommandSchema<AmpCommand<R>, R> schema = AmpCommandSchema.of((Class<AmpCommand<R>>) command.getClass());
		return call(schema, command, timeout);
	}

	/**
	 * Call a command described by a schema.
	 * @param <C> the command type
	 * @param <R> the response type
	 * @param schema the schema
	 * @param command the command
	 * @param timeout how long to wait for the answer, or {@code null} to wait until the
	 * connection closes
	 * @return the response
	 */
	public <C, R> Mono<R> call(AmpCommandSchema<C, R> schema, C command, @Nullable Duration timeout) {
		return Mono.create((sink) -> {
			AmpBox arguments = schema.arguments().toBox(command);
			send(schema, arguments, sink, timeout);
		});
	}

	/**
	 * Call a command by name with raw arguments, as Twisted's {@code callRemoteString}.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return the whole answer box, {@code _answer} included; fails with an
	 * {@link AmpRemoteException} for an error answer
	 */
	public Mono<AmpBox> callRaw(String command, AmpBox arguments) {
		return call(AmpCommandSchema.builder(command).build(), arguments, this.options.callTimeout());
	}

	/**
	 * Send a command by name that requires no answer.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return completes once the box is handed to the connection
	 */
	public Mono<Void> sendRaw(String command, AmpBox arguments) {
		AmpCommandSchema<AmpBox, AmpBox> schema = AmpCommandSchema.builder(command).requiresAnswer(false).build();
		return call(schema, arguments, null).then();
	}

	private <R> void send(AmpCommandSchema<?, R> schema, AmpBox arguments, MonoSink<R> sink,
			@Nullable Duration timeout) {
		Throwable cause = this.closeCause;
		if (this.terminated || !this.connection.isActive()) {
			sink.error(new AmpConnectionClosedException(
					"Cannot call " + schema.name() + ": the AMP connection to " + remoteAddress() + " is closed", cause));
			return;
		}
		// Every outgoing command takes a number, as in Twisted, even without _ask.
		String tag = Long.toHexString(this.tagCounter.incrementAndGet());
		AmpBox command = arguments.with(COMMAND, schema.name());
		AmpBox box = schema.requiresAnswer() ? command.with(ASK, tag) : command;
		AmpBoxCodec.checkSendable(box);
		if (!schema.requiresAnswer()) {
			this.connection.write(box);
			sink.success();
			return;
		}
		PendingCall<R> call = new PendingCall<>(schema, tag, sink);
		sink.onCancel(() -> runOnLoop(() -> forget(call)));
		runOnLoop(() -> register(call, box, timeout));
	}

	private void register(PendingCall<?> call, AmpBox box, @Nullable Duration timeout) {
		if (this.terminated) {
			call.fail(new AmpConnectionClosedException("Cannot call " + call.schema.name() + ": the AMP connection to "
					+ remoteAddress() + " is closed", this.closeCause));
			return;
		}
		this.pending.put(call.tag, call);
		if (timeout != null) {
			call.timeout = this.eventLoop.schedule(() -> {
				if (this.pending.remove(call.tag) == call) {
					call.fail(new AmpCallTimeoutException(call.schema.name(), call.tag, timeout));
				}
			}, timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		try {
			this.connection.write(box);
		}
		catch (RuntimeException ex) {
			this.pending.remove(call.tag);
			call.fail(ex);
		}
	}

	private void forget(PendingCall<?> call) {
		if (this.pending.get(call.tag) == call) {
			this.pending.remove(call.tag);
			call.cancelTimeout();
		}
	}

	private void runOnLoop(Runnable task) {
		if (this.eventLoop.inEventLoop()) {
			task.run();
		}
		else {
			this.eventLoop.execute(task);
		}
	}

	/**
	 * Stop answering new commands (they get a {@value #SHUTTING_DOWN_CODE} error) and
	 * signal when the commands already accepted have been answered.
	 * @return completes when no accepted command is left unanswered
	 */
	public Mono<Void> drain() {
		this.draining = true;
		if (this.inboundInFlight.get() == 0) {
			this.drained.tryEmitEmpty();
		}
		return this.drained.asMono();
	}

	/**
	 * Return how many commands from the peer are being answered.
	 * @return the number of inbound calls in flight
	 */
	public int inboundCallsInFlight() {
		return this.inboundInFlight.get();
	}

	/**
	 * Return attributes that live as long as the session, for per-connection state of
	 * responders.
	 * @return the mutable, thread-safe attributes
	 */
	public ConcurrentMap<String, Object> attributes() {
		return this.attributes;
	}

	/**
	 * Return the connection.
	 * @return the connection
	 */
	public AmpConnection connection() {
		return this.connection;
	}

	/**
	 * Return a signal that completes when the session has ended and every call waiting
	 * for an answer has failed.
	 * @return the close signal
	 */
	public Mono<Void> onClose() {
		return this.closed.asMono();
	}

	/**
	 * Close the connection. Calls waiting for an answer fail with an
	 * {@link AmpConnectionClosedException}.
	 */
	@Override
	public void dispose() {
		this.connection.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.terminated;
	}

	@Override
	public String toString() {
		return "AmpSession{" + this.connection + "}";
	}

	private Object remoteAddress() {
		return this.channel.remoteAddress();
	}

	// Inbound ------------------------------------------------------------------------

	private void onBox(AmpBox box) {
		if (box.containsKey(ANSWER)) {
			onAnswer(box);
			requestOne();
		}
		else if (box.containsKey(ERROR)) {
			onError(box);
			requestOne();
		}
		else if (box.containsKey(COMMAND)) {
			onCommand(box);
		}
		else {
			logger.warn("Dropping an AMP box from {} with none of _answer, _error, _command: {}", remoteAddress(), box);
			requestOne();
		}
	}

	private void onAnswer(AmpBox box) {
		String tag = box.getText(ANSWER);
		PendingCall<?> call = this.pending.remove(tag);
		if (call == null) {
			logger.warn("Dropping an AMP answer from {} for a call that is not waiting (late, duplicate or unknown "
					+ "_answer {}): {}", remoteAddress(), tag, box);
			return;
		}
		call.answer(box);
	}

	private void onError(AmpBox box) {
		String tag = box.getText(ERROR);
		PendingCall<?> call = this.pending.remove(tag);
		if (call == null) {
			logger.warn("Dropping an AMP error from {} for a call that is not waiting (late, duplicate or unknown "
					+ "_error {}): {}", remoteAddress(), tag, box);
			return;
		}
		String code = box.getText(ERROR_CODE);
		if (code == null) {
			call.fail(new AmpProtocolException("AMP error answer without _error_code from " + remoteAddress() + ": "
					+ box));
			return;
		}
		String description = box.getText(ERROR_DESCRIPTION);
		call.fail(call.schema.exceptionFor(code, (description != null) ? description : ""));
	}

	private void onCommand(AmpBox box) {
		String name = box.getText(COMMAND);
		String ask = box.getText(ASK);
		AmpResponders.Responder<?, ?> responder = this.responders.find(name);
		if (responder == null) {
			if (ask != null) {
				writeError(ask, AmpUnhandledCommandException.CODE,
						"Unhandled Command: " + pythonBytesRepr(box.getBytes(COMMAND)));
			}
			else {
				logger.error("Closing the AMP connection to {}: no responder for command {} sent without _ask",
						remoteAddress(), name);
				closeAfterWrites(new AmpUnhandledCommandException("Unhandled Command: " + name));
			}
			requestOne();
			return;
		}
		if (this.draining) {
			if (ask != null) {
				writeError(ask, SHUTTING_DOWN_CODE, "Server is shutting down");
			}
			requestOne();
			return;
		}
		this.inboundInFlight.incrementAndGet();
		Mono<?> result;
		try {
			result = responder.invoke(box, this);
		}
		catch (RuntimeException ex) {
			result = Mono.error(ex);
		}
		if (result instanceof Fuseable.ScalarCallable<?> scalar) {
			answerNow(responder, name, ask, scalar);
			return;
		}
		result.subscribe(new AnswerSubscriber(responder, name, ask));
	}

	/**
	 * Answer a response known already (Mono.just, empty or error, as non-blocking
	 * responders return) without subscribing to it.
	 */
	private void answerNow(AmpResponders.Responder<?, ?> responder, String name, @Nullable String ask,
			Fuseable.ScalarCallable<?> scalar) {
		Object value;
		try {
			value = scalar.call();
		}
		catch (Throwable error) {
			Exceptions.throwIfJvmFatal(error);
			try {
				respondWithError(responder, name, ask, Exceptions.unwrap(error));
			}
			finally {
				answered();
			}
			return;
		}
		try {
			if (ask != null) {
				writeAnswer(responder, ask, value);
			}
		}
		finally {
			answered();
		}
	}

	private void answered() {
		if (this.inboundInFlight.decrementAndGet() == 0 && this.draining) {
			this.drained.tryEmitEmpty();
		}
		requestOne();
	}

	private final class AnswerSubscriber extends BaseSubscriber<Object> {

		private final AmpResponders.Responder<?, ?> responder;

		private final String name;

		private final @Nullable String ask;

		private @Nullable Object value;

		AnswerSubscriber(AmpResponders.Responder<?, ?> responder, String name, @Nullable String ask) {
			this.responder = responder;
			this.name = name;
			this.ask = ask;
		}

		@Override
		protected void hookOnNext(Object value) {
			this.value = value;
		}

		@Override
		protected void hookOnComplete() {
			try {
				if (this.ask != null) {
					writeAnswer(this.responder, this.ask, this.value);
				}
			}
			finally {
				answered();
			}
		}

		@Override
		protected void hookOnError(Throwable error) {
			try {
				respondWithError(this.responder, this.name, this.ask, error);
			}
			finally {
				answered();
			}
		}

	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void writeAnswer(AmpResponders.Responder<?, ?> responder, String ask, @Nullable Object value) {
		AmpCommandSchema schema = responder.schema();
		AmpBox fields;
		try {
			if (value == null && schema.responseType() != Void.class) {
				throw new AmpArgumentException("Responder of " + schema.name() + " returned no response");
			}
			fields = (value != null) ? schema.response().toBox(value) : AmpBox.empty();
		}
		catch (RuntimeException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": the responder of " + schema.name()
					+ " returned a response that cannot be sent", ex);
			writeError(ask, AmpUnknownRemoteException.CODE, AmpUnknownRemoteException.DESCRIPTION);
			closeAfterWrites(ex);
			return;
		}
		AmpBox answer = fields.with(ANSWER, ask);
		try {
			this.connection.write(answer);
		}
		catch (AmpTooLongException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": the answer to " + schema.name()
					+ " is too long", ex);
			writeError(ask, AmpUnknownRemoteException.CODE, AmpUnknownRemoteException.DESCRIPTION);
			closeAfterWrites(ex);
		}
		catch (AmpConnectionClosedException ex) {
			logger.debug("Dropping the answer to {}: the connection to {} is closed", schema.name(), remoteAddress());
		}
	}

	private void respondWithError(AmpResponders.Responder<?, ?> responder, String name, @Nullable String ask,
			Throwable error) {
		String code;
		String description;
		boolean fatal;
		AmpErrorMapping declared = responder.schema().errorFor(error);
		if (declared != null) {
			code = declared.code();
			description = String.valueOf(error.getMessage());
			fatal = declared.fatal();
		}
		else if (error instanceof AmpRemoteException remote) {
			code = remote.getErrorCode();
			description = remote.getDescription();
			fatal = remote.isFatal();
		}
		else {
			logger.error("Unhandled error in the AMP responder of " + name + " for " + remoteAddress()
					+ "; answering UNKNOWN and closing the connection", error);
			code = AmpUnknownRemoteException.CODE;
			description = AmpUnknownRemoteException.DESCRIPTION;
			fatal = true;
		}
		if (ask == null) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": command " + name
					+ " sent without _ask failed with " + code + ": " + description, error);
			closeAfterWrites(error);
			return;
		}
		writeError(ask, code, description);
		if (fatal) {
			closeAfterWrites(error);
		}
	}

	private void writeError(String ask, String code, String description) {
		AmpBox box = AmpBox.builder()
			.put(ERROR, ask)
			.put(ERROR_CODE, code)
			.put(ERROR_DESCRIPTION, truncateUtf8(description, 65535))
			.build();
		try {
			this.connection.write(box);
		}
		catch (AmpConnectionClosedException ex) {
			logger.debug("Dropping error {} to {}: the connection is closed", code, remoteAddress());
		}
	}

	private void closeAfterWrites(Throwable reason) {
		this.connection.closeReason(reason);
		this.connection.dispose();
	}

	private void requestOne() {
		if (this.eventLoop.inEventLoop()) {
			if (this.channel.isWritable()) {
				this.credits++;
				deliver();
			}
			else {
				// The peer is not reading our answers: read no more of its requests.
				this.deferredRequests++;
			}
		}
		else {
			this.eventLoop.execute(this::requestOne);
		}
	}

	private void onWritable() {
		if (this.deferredRequests > 0 && this.channel.isWritable()) {
			this.credits += this.deferredRequests;
			this.deferredRequests = 0;
			deliver();
		}
	}

	/**
	 * Handle the boxes received while credits last, then read on only if credits are
	 * left: backpressure by the channel's auto-read, rather than a request per box through
	 * the inbound flux (which reads without bounds: its demand is unbounded). Event loop
	 * only.
	 */
	private void deliver() {
		if (this.delivering) {
			return;
		}
		this.delivering = true;
		try {
			AmpBox box;
			while (this.credits > 0 && (box = this.backlog.poll()) != null) {
				this.credits--;
				handle(box);
			}
		}
		finally {
			this.delivering = false;
		}
		if (this.inboundEnded) {
			if (this.backlog.isEmpty() && !this.inboundEndHandled) {
				this.inboundEndHandled = true;
				onInboundEnd(this.inboundError);
			}
			return;
		}
		boolean read = this.credits > 0;
		if (read != this.reading) {
			this.reading = read;
			this.channel.config().setAutoRead(read);
		}
	}

	private void handle(AmpBox box) {
		try {
			onBox(box);
		}
		catch (RuntimeException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + " after an error handling " + box, ex);
			closeAfterWrites(ex);
		}
	}

	/**
	 * The inbound boxes ended: the session ends once the boxes received before are
	 * handled. Event loop only.
	 */
	private void endInbound(@Nullable Throwable error) {
		if (!this.inboundEnded) {
			this.inboundEnded = true;
			this.inboundError = error;
		}
		deliver();
	}

	/**
	 * No more boxes will be read: fail every call still waiting for an answer. The
	 * connection may stay open a little longer, to answer commands already accepted.
	 */
	private void onInboundEnd(@Nullable Throwable error) {
		this.terminated = true;
		Throwable cause = (error != null) ? error : this.connection.closeReason();
		if (this.closeCause == null) {
			this.closeCause = cause;
		}
		if (!this.pending.isEmpty()) {
			List<PendingCall<?>> calls = new ArrayList<>(this.pending.values());
			this.pending.clear();
			for (PendingCall<?> call : calls) {
				call.fail(new AmpConnectionClosedException("AMP connection to " + remoteAddress()
						+ " closed before the answer to " + call.schema.name() + " (_ask " + call.tag + ") arrived",
						this.closeCause));
			}
		}
	}

	private void onConnectionClosed() {
		// Boxes not handled for want of credits are dropped with the connection.
		this.backlog.clear();
		onInboundEnd(null);
		if (this.inboundInFlight.get() == 0) {
			this.drained.tryEmitEmpty();
		}
		this.closed.tryEmitEmpty();
	}

	private final class InboundSubscriber extends BaseSubscriber<AmpBox> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			AmpSession.this.credits = AmpSession.this.options.maxInboundCallsInFlight();
			// Unbounded: the credits pause reading instead (see deliver()).
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		protected void hookOnNext(AmpBox box) {
			AmpSession.this.backlog.add(box);
			deliver();
		}

		@Override
		protected void hookOnComplete() {
			runOnLoop(() -> endInbound(null));
		}

		@Override
		protected void hookOnError(Throwable error) {
			AmpSession.this.connection.closeReason(error);
			if (error instanceof AmpTooLongException) {
				logger.warn("Closing the AMP connection to {}: {}", remoteAddress(), error.getMessage());
			}
			else {
				logger.debug("AMP connection to " + remoteAddress() + " failed", error);
			}
			runOnLoop(() -> endInbound(error));
		}

	}

	/**
	 * Tells the session when the channel can take writes again.
	 */
	private static final class WritabilityHandler extends ChannelInboundHandlerAdapter {

		private final AmpSession session;

		WritabilityHandler(AmpSession session) {
			this.session = session;
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) {
			this.session.onWritable();
			ctx.fireChannelWritabilityChanged();
		}

	}

	/**
	 * A call waiting for its answer.
	 */
	private static final class PendingCall<R> {

		final AmpCommandSchema<?, R> schema;

		final String tag;

		final MonoSink<R> sink;

		@Nullable ScheduledFuture<?> timeout;

		PendingCall(AmpCommandSchema<?, R> schema, String tag, MonoSink<R> sink) {
			this.schema = schema;
			this.tag = tag;
			this.sink = sink;
		}

		void answer(AmpBox box) {
			cancelTimeout();
			R response;
			try {
				response = this.schema.response().fromBox(box);
			}
			catch (RuntimeException ex) {
				this.sink.error(new AmpProtocolException("Cannot read the answer to " + this.schema.name() + ": "
						+ ex.getMessage(), ex));
				return;
			}
			if (response == null) {
				this.sink.success();
			}
			else {
				this.sink.success(response);
			}
		}

		void fail(Throwable error) {
			cancelTimeout();
			this.sink.error(error);
		}

		void cancelTimeout() {
			ScheduledFuture<?> timeout = this.timeout;
			if (timeout != null) {
				timeout.cancel(false);
			}
		}

	}

	// Helpers --------------------------------------------------------------------------

	/**
	 * Python's {@code repr()} of a bytes object, as Twisted writes command names in its
	 * {@code UNHANDLED} description.
	 */
	static String pythonBytesRepr(byte @Nullable [] bytes) {
		if (bytes == null) {
			return "b''";
		}
		boolean hasSingle = false;
		boolean hasDouble = false;
		for (byte b : bytes) {
			hasSingle |= (b == '\'');
			hasDouble |= (b == '"');
		}
		char quote = (hasSingle && !hasDouble) ? '"' : '\'';
		StringBuilder out = new StringBuilder("b").append(quote);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (c == quote || c == '\\') {
				out.append('\\').append((char) c);
			}
			else if (c == '\t') {
				out.append("\\t");
			}
			else if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c < 0x20 || c >= 0x7f) {
				out.append(String.format("\\x%02x", c));
			}
			else {
				out.append((char) c);
			}
		}
		return out.append(quote).toString();
	}

	private static String truncateUtf8(String text, int maxBytes) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= maxBytes) {
			return text;
		}
		return new String(bytes, 0, maxBytes, StandardCharsets.UTF_8);
	}

}
