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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxDecoder;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpException;
import io.ampproto.box.AmpLimitExceededException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.switching.AmpSwitchContext;
import io.ampproto.tls.AmpOnlyOneTlsException;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.AmpTlsUnavailableException;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpOutOfMemoryGuard;
import io.ampproto.transport.AmpPipeline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.Context;

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
 * <p>
 * The session starts TLS ({@link #startTls()}) and switches protocols
 * ({@link #switchProtocol(AmpSwitchCommand, AmpInnerProtocol)}) on box boundaries, as
 * Twisted's {@code BinaryBoxProtocol}: after a StartTLS request, boxes sent are held back
 * until the handshake begins; after a switch request, no AMP is sent; the answer to
 * either is the last box decoded in the clear or as AMP. It answers {@code StartTLS}
 * itself, writing the answer in the clear and starting TLS at once; a responder that
 * returns an {@link AmpSwitch} switches the connection after its answer.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSession implements Disposable {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	/** Error code answered to commands that arrive while the session is draining. */
	public static final String SHUTTING_DOWN_CODE = "SHUTTING_DOWN";

	/** Wire name of Twisted's StartTLS command. */
	public static final String START_TLS = "StartTLS";

	private static final byte[] START_TLS_NAME = START_TLS.getBytes(StandardCharsets.US_ASCII);

	/** Error code answered to a StartTLS that cannot be served, as Twisted's. */
	public static final String TLS_ERROR_CODE = "TLS_ERROR";

	private static final AmpCommandSchema<AmpBox, AmpBox> START_TLS_SCHEMA = AmpCommandSchema.builder(START_TLS)
		.build();

	private static final String ASK = "_ask";

	private static final String ANSWER = "_answer";

	private static final String ERROR = "_error";

	private static final String COMMAND = "_command";

	private static final String ERROR_CODE = "_error_code";

	private static final String ERROR_DESCRIPTION = "_error_description";

	/**
	 * Most bytes of commands held, not started, while reading on past the in-flight limit
	 * or a peer that does not read: enough to reach the answers behind them.
	 */
	static final int MAX_BACKLOG_BYTES = 64 * 1024;

	private final AmpConnection connection;

	private final AmpResponders responders;

	private final AmpSessionOptions options;

	private final AmpBackpressureListener backpressureListener;

	private final Channel channel;

	private final EventLoop eventLoop;

	private final @Nullable AmpBoxDecoder decoder;

	private final boolean answersSwitches;

	/**
	 * Tag of the StartTLS or switch request whose answer the decoder stops after. Event
	 * loop only.
	 */
	private long boundaryTag = AmpTags.NONE;

	/** Whether TLS has started, or is starting, on this connection. */
	private volatile boolean tlsStarted;

	/** Whether a switch request waits for its answer. */
	private volatile boolean switchPending;

	/** Whether the connection carries another protocol. */
	private volatile boolean switched;

	/** Where bytes go after a switch. Event loop only. */
	private @Nullable SwitchedInbound switchedInbound;

	private final AtomicLong tagCounter = new AtomicLong();

	/** Calls waiting for an answer, by tag. Touched only on the event loop. */
	private final PendingCalls<PendingCall<?>> pending = new PendingCalls<>();

	private final AtomicInteger inboundInFlight = new AtomicInteger();

	private final InboundSubscriber inbound = new InboundSubscriber();

	private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

	/** Where the principal is kept: the attribute interceptors read (AmpCallContext's). */
	private static final String PRINCIPAL_ATTRIBUTE = "io.ampproto.session.AmpCallContext.principal";

	private final Sinks.Empty<Void> drained = Sinks.empty();

	private final Sinks.Empty<Void> closed = Sinks.empty();

	private final Instant openedAt = Instant.now();

	/** Size of {@link #pending}, readable from any thread. Written on the event loop. */
	private volatile int outboundInFlight;

	/** Timeouts of calls that have the session's call timeout. Event loop only. */
	private final @Nullable CallDeadlines deadlines;

	/**
	 * Commands that may start now: each takes one until answered
	 * ({@link AmpSessionOptions#maxInboundCallsInFlight()}). Event loop only.
	 */
	private int credits;

	/**
	 * Commands received and not started yet, for want of credits or because the peer does
	 * not read its answers (the channel is not writable). Answers and errors never wait
	 * here. Event loop only.
	 */
	private final ArrayDeque<AmpBox> backlog = new ArrayDeque<>(4);

	/** Encoded bytes of the {@link #backlog}: reading stops beyond {@link #MAX_BACKLOG_BYTES}. */
	private long backlogBytes;

	/** Whether commands wait for the channel to become writable. Event loop only. */
	private boolean writabilityPaused;

	/** Whether the connection closes once the boxes of the current read are handled. Event loop only. */
	private boolean closingAfterRead;

	/** Whether {@link #deliver()} runs: credits returned meanwhile serve its loop. */
	private boolean delivering;

	/**
	 * The name of the last command answered, and its responder: a connection repeats a
	 * few commands, and this spares a String and a map lookup per command. Event loop
	 * only.
	 */
	private byte @Nullable [] lastCommandName;

	private @Nullable String lastCommandText;

	private AmpResponders.@Nullable Responder<?, ?> lastResponder;

	/** The channel's auto-read as the credits last set it. Event loop only. */
	private boolean reading = true;

	/** Whether the inbound boxes have ended, failed with {@link #inboundError} if so. */
	private boolean inboundEnded;

	private @Nullable Throwable inboundError;

	private boolean inboundEndHandled;

	/** Whether the peer shut its output down. Event loop only. */
	private boolean inputShutdown;

	/** Whether reading failed (a reset). Event loop only. */
	private boolean readFailed;

	/** Whether the connection closes for the input shutdown. Event loop only. */
	private boolean closingAfterInputShutdown;

	/** Whether a failure of a responder was logged at ERROR level on this connection. */
	private final AtomicBoolean responderFailureLogged = new AtomicBoolean();

	/** Boxes dropped for being of no kind, or for a call not waiting. Event loop only. */
	private long droppedBoxes;

	private volatile boolean draining;

	private volatile @Nullable Throwable closeCause;

	private volatile boolean terminated;

	private AmpSession(AmpConnection connection, AmpResponders responders, AmpSessionOptions options,
			AmpBackpressureListener backpressureListener) {
		this.connection = connection;
		this.responders = responders;
		this.options = options;
		this.backpressureListener = backpressureListener;
		this.channel = connection.nettyConnection().channel();
		this.eventLoop = connection.eventLoop();
		this.decoder = this.channel.pipeline().get(AmpBoxDecoder.class);
		this.credits = options.maxInboundCallsInFlight();
		Duration callTimeout = options.callTimeout();
		this.deadlines = (callTimeout != null)
				? new CallDeadlines(this.eventLoop, callTimeout.toNanos(), (entry) -> expired((PendingCall<?>) entry))
				: null;
		boolean answersSwitches = false;
		for (String name : responders.commandNames()) {
			AmpResponders.Responder<?, ?> responder = responders.find(name);
			answersSwitches |= (responder != null && isSwitch(responder.schema()));
		}
		this.answersSwitches = answersSwitches;
	}

	/**
	 * Start a session on a connection: from now on it reads the connection's boxes.
	 * @param connection the connection
	 * @param responders the responders of commands from the peer
	 * @param options the options
	 * @return the session
	 */
	public static AmpSession start(AmpConnection connection, AmpResponders responders, AmpSessionOptions options) {
		return start(connection, responders, options, AmpBackpressureListener.NONE);
	}

	/**
	 * Start a session on a connection, telling a listener each time it stops reading.
	 * @param connection the connection
	 * @param responders the responders of commands from the peer
	 * @param options the options
	 * @param backpressureListener told when the session stops reading from the peer
	 * @return the session
	 */
	public static AmpSession start(AmpConnection connection, AmpResponders responders, AmpSessionOptions options,
			AmpBackpressureListener backpressureListener) {
		AmpSession session = new AmpSession(connection, responders, options, backpressureListener);
		connection.nettyConnection().addHandlerLast("amp.writability", new WritabilityHandler(session));
		if (connection.isAccepted()) {
			// A client that shuts its output down after its last command still gets every
			// answer, as from Twisted: the session closes once it has answered (onInputShutdown()).
			session.channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
		}
		if (session.decoder != null) {
			session.decoder.pauseAfter(session::isBoundary);
		}
		SslHandler tls = connection.tlsFromTheFirstByte();
		if (tls != null) {
			// TLS from the first byte.
			session.tlsStarted = true;
			session.watchHandshake(tls);
		}
		try {
			options.observer().sessionStarted(session);
		}
		catch (RuntimeException ex) {
			logger.warn("AMP session observer " + options.observer() + " failed", ex);
		}
		// Answer what arrived before a violation before the connection closes, as Twisted.
		connection.beforeClosingOnViolation(session::drain);
		connection.receiveObjects().subscribe(session.inbound);
		connection.onClose()
			.subscribe(null, (error) -> session.afterClose(), session::afterClose);
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
		return call(schema, command, timeout, true);
	}

	private <C, R> Mono<R> call(AmpCommandSchema<C, R> schema, C command, @Nullable Duration timeout,
			boolean declared) {
		Mono<R> call = new CallMono<>(schema, command, timeout, declared);
		List<AmpClientInterceptor> interceptors = this.options.interceptors();
		if (interceptors.isEmpty()) {
			return call;
		}
		return InterceptorChains.client(interceptors,
				() -> new AmpClientCall(schema, command, this, timeout, declared), call);
	}

	/**
	 * The {@code Mono} of a call: each subscription sends the command once, and its
	 * {@link CallSink} is both the subscription and what the answer completes.
	 */
	private final class CallMono<C, R> extends Mono<R> {

		private final AmpCommandSchema<C, R> schema;

		private final C command;

		private final @Nullable Duration timeout;

		private final boolean declared;

		CallMono(AmpCommandSchema<C, R> schema, C command, @Nullable Duration timeout, boolean declared) {
			this.schema = schema;
			this.command = command;
			this.timeout = timeout;
			this.declared = declared;
		}

		@Override
		public void subscribe(CoreSubscriber<? super R> actual) {
			CallSink<R> sink = new CallSink<>(actual);
			actual.onSubscribe(sink);
			AmpSessionObserver.Call observed = callStarted(this.schema, this.declared, sink);
			try {
				send(this.schema, this.command, sink, this.timeout, observed);
			}
			catch (RuntimeException ex) {
				ended(observed, outcomeOf(ex), null, ex);
				sink.error(ex);
			}
		}

	}

	private AmpSessionObserver.@Nullable Call callStarted(AmpCommandSchema<?, ?> schema, boolean declared,
			MonoSink<?> sink) {
		try {
			return this.options.observer().callStarted(this, schema, declared, sink.contextView());
		}
		catch (RuntimeException ex) {
			logger.warn("AMP session observer " + this.options.observer() + " failed", ex);
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

	private static boolean isCancelled(MonoSink<?> sink) {
		return sink instanceof CallSink<?> callSink && callSink.isCancelled();
	}

	/**
	 * Fail a call before anything was sent.
	 */
	private static void failEarly(MonoSink<?> sink, AmpSessionObserver.@Nullable Call observed, Throwable error) {
		ended(observed, outcomeOf(error), null, error);
		sink.error(error);
	}

	/**
	 * Call a command by name with raw arguments, as Twisted's {@code callRemoteString}.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return the whole answer box, {@code _answer} included; fails with an
	 * {@link AmpRemoteException} for an error answer
	 */
	public Mono<AmpBox> callRaw(String command, AmpBox arguments) {
		return call(AmpCommandSchema.builder(command).build(), arguments, this.options.callTimeout(), false);
	}

	/**
	 * Send a command by name that requires no answer.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return completes once the box is handed to the connection
	 */
	public Mono<Void> sendRaw(String command, AmpBox arguments) {
		AmpCommandSchema<AmpBox, AmpBox> schema = AmpCommandSchema.builder(command).requiresAnswer(false).build();
		return call(schema, arguments, null, false).then();
	}

	private <C, R> void send(AmpCommandSchema<C, R> schema, C command, MonoSink<R> sink, @Nullable Duration timeout,
			AmpSessionObserver.@Nullable Call observed) {
		if (isCancelled(sink)) {
			// Cancelled in onSubscribe: nothing is sent.
			releaseArguments(schema, command, new AmpException("The call was cancelled before it was sent"));
			ended(observed, AmpCallOutcome.CANCELLED, null, null);
			return;
		}
		if (this.terminated || !this.connection.isActive()) {
			AmpConnectionClosedException closed = closed("Cannot call " + schema.name());
			releaseArguments(schema, command, closed);
			failEarly(sink, observed, closed);
			return;
		}
		if (START_TLS.equals(schema.name()) || isSwitch(schema)) {
			IllegalArgumentException misuse = new IllegalArgumentException("Send " + schema.name()
					+ " with startTls() or switchProtocol(...), which reshape the connection, not as a plain call");
			releaseArguments(schema, command, misuse);
			failEarly(sink, observed, misuse);
			return;
		}
		// Every outgoing command takes a number, as in Twisted, even without _ask.
		long tag = nextTag();
		if (this.switched || this.switchPending) {
			AmpProtocolSwitchedException switched = new AmpProtocolSwitchedException(
					AmpProtocolSwitchedException.NO_AMP_TRAFFIC);
			releaseArguments(schema, command, switched);
			failEarly(sink, observed, switched);
			return;
		}
		// Arguments, _command and _ask in one box, made in one pass.
		Function<AmpArgumentContext, AmpBox> encoder = (context) -> request(schema, command, context, tag, observed);
		@Nullable AmpBox box;
		if (this.connection.passesDescriptors()) {
			// Encoded on the event loop as it is written: descriptors are numbered in write order.
			if (!schema.requiresAnswer()) {
				runOnLoop(() -> {
					if (isCancelled(sink)) {
						release(encoder, new AmpException("The call was cancelled before it was sent"));
						ended(observed, AmpCallOutcome.CANCELLED, null, null);
						return;
					}
					try {
						this.connection.write(encoder);
						ended(observed, AmpCallOutcome.SUCCESS, null, null);
						sink.success();
					}
					catch (RuntimeException ex) {
						failEarly(sink, observed, ex);
					}
				});
				return;
			}
			box = null;
		}
		else {
			box = encoder.apply(this.connection.argumentContext());
			// A box too long to send is refused by the connection's write, which counts it.
			if (!schema.requiresAnswer()) {
				this.connection.write(box);
				ended(observed, AmpCallOutcome.SUCCESS, null, null);
				sink.success();
				return;
			}
			this.connection.checkSendable(box);
		}
		PendingCall<R> call = new PendingCall<>(schema, tag, sink, observed);
		sink.onCancel(() -> runOnLoop(() -> forget(call)));
		@Nullable Function<AmpArgumentContext, AmpBox> encodeAsWritten = (box != null) ? null : encoder;
		if (this.eventLoop.inEventLoop()) {
			// The common case, a call made by a callback of the connection: no task.
			register(call, encodeAsWritten, box, timeout);
		}
		else {
			this.eventLoop.execute(() -> register(call, encodeAsWritten, box, timeout));
		}
	}

	private static <C> AmpBox request(AmpCommandSchema<C, ?> schema, C command, AmpArgumentContext context, long tag,
			AmpSessionObserver.@Nullable Call observed) {
		AmpBox box = schema.request(command, context, schema.requiresAnswer() ? AmpTags.bytes(tag) : null);
		if (observed == null) {
			return box;
		}
		try {
			// The observer's keys (a trace context) go with the arguments.
			return observed.request(box);
		}
		catch (RuntimeException ex) {
			logger.warn("AMP call observer " + observed + " failed", ex);
			return box;
		}
	}

	/**
	 * The error of a call on a closed connection; a TLS failure that closed it stays
	 * visible as such.
	 */
	private AmpConnectionClosedException closed(String what) {
		Throwable cause = (this.closeCause != null) ? this.closeCause : this.connection.closeReason();
		String message = what + ": the AMP connection to " + remoteAddress() + " is closed";
		if (cause instanceof AmpTlsException tls) {
			return new AmpTlsException(message + ": " + tls.getMessage(), tls.getCause());
		}
		return new AmpConnectionClosedException(message, cause);
	}

	/**
	 * Close the descriptors of a command that will not be sent: encoding against a
	 * context that refuses them closes them.
	 */
	private static <C> void releaseArguments(AmpCommandSchema<C, ?> schema, C command, Throwable reason) {
		release((context) -> schema.arguments().toBox(command, context), reason);
	}

	private static void release(Function<AmpArgumentContext, AmpBox> arguments, Throwable reason) {
		try {
			arguments.apply(AmpArgumentContext.unsupported(String.valueOf(reason.getMessage())));
		}
		catch (RuntimeException ex) {
			// Expected when the command has descriptors.
		}
	}

	/**
	 * Start waiting for the answer to a call and write its request, on the event loop.
	 * @param encoder encodes the request as it is written (descriptors), or {@code null}
	 * @param box the request, encoded already, when there is no encoder
	 */
	private void register(PendingCall<?> call, @Nullable Function<AmpArgumentContext, AmpBox> encoder,
			@Nullable AmpBox box, @Nullable Duration timeout) {
		if (call.cancelled()) {
			// Cancelled before it was registered: the cancel hook found nothing to forget.
			if (encoder != null) {
				release(encoder, new AmpException("The call was cancelled before it was sent"));
			}
			call.end(AmpCallOutcome.CANCELLED, null, null);
			return;
		}
		if (this.terminated) {
			AmpConnectionClosedException closed = closed("Cannot call " + call.schema.name());
			if (encoder != null) {
				release(encoder, closed);
			}
			call.fail(closed, AmpCallOutcome.CLOSED);
			return;
		}
		addPending(call);
		scheduleTimeout(call, timeout);
		try {
			if (encoder != null) {
				this.connection.write(encoder);
			}
			else {
				this.connection.write(Objects.requireNonNull(box));
			}
		}
		catch (RuntimeException ex) {
			removePending(call.tag);
			call.fail(ex, outcomeOf(ex));
		}
	}

	private void scheduleTimeout(PendingCall<?> call, @Nullable Duration timeout) {
		CallDeadlines deadlines = this.deadlines;
		if (deadlines != null && timeout != null && timeout.equals(this.options.callTimeout())) {
			call.deadlines = deadlines;
			deadlines.add(call);
		}
		else if (timeout != null) {
			call.timeout = this.eventLoop.schedule(() -> {
				if (removePending(call.tag) == call) {
					call.fail(new AmpCallTimeoutException(call.schema.name(), AmpTags.text(call.tag), timeout),
							AmpCallOutcome.TIMEOUT);
				}
			}, timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void expired(PendingCall<?> call) {
		Duration timeout = Objects.requireNonNull(this.options.callTimeout());
		if (removePending(call.tag) == call) {
			call.fail(new AmpCallTimeoutException(call.schema.name(), AmpTags.text(call.tag), timeout),
					AmpCallOutcome.TIMEOUT);
		}
	}

	private long nextTag() {
		return this.tagCounter.incrementAndGet();
	}

	private void forget(PendingCall<?> call) {
		if (this.pending.get(call.tag) != call) {
			return;
		}
		// A StartTLS or switch request goes on when its caller cancels: the peer acts on it.
		if (!call.reshapes()) {
			removePending(call.tag);
			call.cancelTimeout();
		}
		call.end(AmpCallOutcome.CANCELLED, null, null);
	}

	private void addPending(PendingCall<?> call) {
		this.pending.put(call.tag, call);
		this.outboundInFlight = this.pending.size();
	}

	private @Nullable PendingCall<?> removePending(long tag) {
		PendingCall<?> call = this.pending.remove(tag);
		if (call != null) {
			this.outboundInFlight = this.pending.size();
		}
		return call;
	}

	private void runOnLoop(Runnable task) {
		if (this.eventLoop.inEventLoop()) {
			task.run();
		}
		else {
			this.eventLoop.execute(task);
		}
	}

	// StartTLS -------------------------------------------------------------------------

	/**
	 * Start TLS on this connection with Twisted's {@code StartTLS} command, waiting for
	 * the answer as long as calls do by default. See {@link #startTls(Duration)}.
	 * @return the TLS session once the handshake has succeeded
	 */
	public Mono<SSLSession> startTls() {
		return startTls(this.options.callTimeout());
	}

	/**
	 * Start TLS on this connection with Twisted's {@code StartTLS} command. The request
	 * goes out in the clear; boxes sent after it (calls, answers) are held back and go
	 * out in order, through TLS, once the answer has come and the handshake begins. As in
	 * Twisted, the side that opened the TCP connection is the TLS client, whoever sends
	 * StartTLS.
	 * <p>
	 * Unlike Twisted's, the result completes only when the handshake has succeeded.
	 * @param timeout how long to wait for the answer, or {@code null} to wait until the
	 * connection closes; when it passes, the connection closes
	 * @return the TLS session (its peer certificates, protocol and cipher suite); fails
	 * with an {@link AmpOnlyOneTlsException} when TLS started already, an
	 * {@link AmpTlsUnavailableException} when this side has no TLS for its role (nothing
	 * is sent in either case), the peer's error (Twisted answers {@code TLS_ERROR} when it
	 * has no TLS; AMP then goes on in the clear unless boxes were held back, which are not
	 * sent in the clear: the connection closes), or an {@link AmpTlsException} when the
	 * handshake fails (the connection closes, and calls waiting for answers fail with it)
	 */
	public Mono<SSLSession> startTls(@Nullable Duration timeout) {
		return Mono.create((sink) -> {
			AmpSessionObserver.Call observed = callStarted(START_TLS_SCHEMA, true, sink);
			ReshapeCancel cancel = new ReshapeCancel();
			sink.onCancel(cancel::cancel);
			runOnLoop(() -> beginStartTls(sink, timeout, observed, cancel));
		});
	}

	private void beginStartTls(MonoSink<SSLSession> sink, @Nullable Duration timeout,
			AmpSessionObserver.@Nullable Call observed, ReshapeCancel cancel) {
		if (cancel.cancelled) {
			// Cancelled before anything was sent: nothing is.
			ended(observed, AmpCallOutcome.CANCELLED, null, null);
			return;
		}
		if (this.terminated || !this.connection.isActive()) {
			failEarly(sink, observed, closed("Cannot start TLS"));
			return;
		}
		if (this.switched || this.switchPending) {
			failEarly(sink, observed, new AmpProtocolSwitchedException(AmpProtocolSwitchedException.NO_AMP_TRAFFIC));
			return;
		}
		if (this.tlsStarted || this.connection.hasTls()) {
			failEarly(sink, observed, new AmpOnlyOneTlsException("TLS was already started on the AMP connection to "
					+ remoteAddress() + "; it can be started only once"));
			return;
		}
		AmpTls tls = this.options.tls();
		if (tls == null) {
			failEarly(sink, observed, new AmpTlsUnavailableException(
					"TLS not available: no TLS is configured for this AMP session", null));
			return;
		}
		SslHandler handler;
		try {
			// Made now, so that nothing is sent when TLS cannot start.
			handler = tls.newHandler(this.channel, false);
		}
		catch (RuntimeException ex) {
			failEarly(sink, observed, ex);
			return;
		}
		long tag = nextTag();
		AmpBox box = AmpBox.builder().put(ASK, AmpTags.bytes(tag)).put(COMMAND, START_TLS).build();
		StartTlsCall call = new StartTlsCall(tag, sink, handler, observed);
		this.tlsStarted = true;
		this.boundaryTag = tag;
		addPending(call);
		cancel.pending(call);
		scheduleTimeout(call, timeout);
		try {
			this.connection.writeThenHold(box);
		}
		catch (RuntimeException ex) {
			removePending(tag);
			this.boundaryTag = AmpTags.NONE;
			this.tlsStarted = false;
			call.cancelTimeout();
			ReferenceCountUtil.release(handler.engine());
			call.end(outcomeOf(ex), null, ex);
			sink.error(ex);
		}
	}

	/**
	 * The answer to our StartTLS came (the decoder stopped after it): start TLS, feed it
	 * whatever arrived behind the answer, then send what was held back.
	 */
	private void secureAfterAnswer(StartTlsCall call) {
		if (!this.channel.isActive()) {
			AmpConnectionClosedException closed = new AmpConnectionClosedException("The AMP connection to "
					+ remoteAddress() + " closed before TLS started", this.closeCause);
			call.end(AmpCallOutcome.CLOSED, null, closed);
			call.sink.error(closed);
			return;
		}
		SslHandler handler = call.handler;
		ByteBuf behind = (this.decoder != null) ? this.decoder.takeBuffered() : Unpooled.EMPTY_BUFFER;
		AmpTls.addHandler(this.channel, handler);
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
		// The peer, when it is the TLS client, may have sent its hello right behind the answer.
		if (behind.isReadable()) {
			logger.debug("{} bytes from {} came behind the StartTLS answer: they go to TLS", behind.readableBytes(),
					remoteAddress());
			this.channel.pipeline().fireChannelRead(behind);
			this.channel.pipeline().fireChannelReadComplete();
		}
		else {
			behind.release();
		}
		this.connection.releaseHeld();
	}

	/**
	 * Answer the peer's StartTLS, then start TLS; the decoder paused after the request.
	 */
	private void answerStartTls(byte[] ask, AmpSessionObserver.@Nullable Call observed) {
		String refusal = null;
		AmpTls tls = this.options.tls();
		SslHandler handler = null;
		if (tls == null) {
			refusal = "TLS not available";
		}
		else if (this.tlsStarted || this.connection.hasTls() || this.boundaryTag != AmpTags.NONE || this.switched) {
			refusal = "TLS already started";
		}
		else {
			try {
				// Added once the answer is written: nothing it handles goes out in the clear.
				handler = tls.newHandler(this.channel, false);
			}
			catch (AmpTlsUnavailableException ex) {
				logger.warn("Answering StartTLS from {} with {}: {}", remoteAddress(), TLS_ERROR_CODE, ex.getMessage());
				refusal = "TLS not available";
			}
		}
		if (handler == null) {
			writeError(ask, TLS_ERROR_CODE, Objects.requireNonNull(refusal));
			ended(observed, AmpCallOutcome.ERROR, TLS_ERROR_CODE, null);
			resumeDecoder();
			return;
		}
		AmpProtocolException injected = plaintextBehindStartTls();
		if (injected != null) {
			ReferenceCountUtil.release(handler.engine());
			ended(observed, AmpCallOutcome.FAILED, null, injected);
			return;
		}
		this.tlsStarted = true;
		// What other threads handed over before goes out in the clear, then the answer, then TLS starts: all
		// in this task, so the peer's hello, read on this event loop later, finds the handler in place.
		this.connection.writeInOrder(AmpBox.builder().put(ANSWER, ask).build());
		this.channel.flush();
		AmpTls.addHandler(this.channel, handler);
		watchHandshake(handler);
		ended(observed, AmpCallOutcome.SUCCESS, null, null);
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
		ByteBuf behind = (this.decoder != null) ? this.decoder.takeBuffered() : Unpooled.EMPTY_BUFFER;
		int length = behind.readableBytes();
		behind.release();
		if (length == 0) {
			return null;
		}
		AmpProtocolException violation = new AmpProtocolException("Closing the AMP connection to " + remoteAddress()
				+ ": " + length + " bytes in the clear came behind its StartTLS request, before the answer");
		logger.warn(violation.getMessage());
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
				logger.warn(failure.getMessage());
				this.connection.closeReason(failure);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("TLS started with {}: {} {}", remoteAddress(), handler.engine().getSession().getProtocol(),
						handler.engine().getSession().getCipherSuite());
			}
		});
	}

	private AmpTlsException tlsFailure(@Nullable Throwable cause) {
		if (cause instanceof AmpTlsException tls) {
			return tls;
		}
		Throwable root = cause;
		while (root != null && !(root instanceof SSLException) && root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = (root != null) ? root.getClass().getSimpleName() + ": " + root.getMessage() : "unknown reason";
		return new AmpTlsException("TLS with " + remoteAddress() + " failed: " + reason, cause);
	}

	private static boolean isTlsError(@Nullable Throwable error) {
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SSLException || cause instanceof AmpTlsException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the TLS session of the connection, once its handshake has succeeded.
	 * @return the TLS session, or {@code null}
	 */
	public @Nullable SSLSession sslSession() {
		return this.connection.sslSession();
	}

	/**
	 * Return the certificate chain the peer presented in the TLS handshake, for
	 * authorization decisions: Twisted's {@code peerCertificate}.
	 * @return the peer's certificates, its own first; empty without TLS or when the peer
	 * presented none
	 */
	public List<X509Certificate> peerCertificates() {
		return this.connection.peerCertificates();
	}

	// Protocol switching ---------------------------------------------------------------

	/**
	 * Switch the connection to another protocol with a protocol switch command, as
	 * Twisted's {@code ProtocolSwitchCommand}. The request is the last AMP this side
	 * sends: from then on, calls fail with an {@link AmpProtocolSwitchedException}. When
	 * the answer comes, every byte after it (the rest of its read included) goes to the
	 * protocol; calls still waiting for answers fail, since the peer has switched too.
	 * When the peer refuses with an error, AMP goes on.
	 * @param command the switch command
	 * @param protocol the protocol to run on the connection after the answer
	 * @return completes once switched; fails with the peer's error, or with an
	 * {@link AmpProtocolSwitchedException} when the connection has switched or waits for
	 * a switch already (nothing is sent)
	 */
	public Mono<Void> switchProtocol(AmpSwitchCommand command, AmpInnerProtocol protocol) {
		Objects.requireNonNull(protocol, "protocol");
		return switchProtocol(command, (context) -> protocol);
	}

	/**
	 * Switch the connection to the protocol of the
	 * {@linkplain AmpSessionOptions#innerProtocols() inner protocol factory} with the given
	 * name. See {@link #switchProtocol(AmpSwitchCommand, AmpInnerProtocol)}.
	 * @param command the switch command
	 * @param protocolName the name of the protocol
	 * @return completes once switched
	 */
	public Mono<Void> switchProtocol(AmpSwitchCommand command, String protocolName) {
		AmpInnerProtocolFactory factory = this.options.innerProtocols().find(protocolName);
		if (factory == null) {
			return Mono.error(new IllegalArgumentException("No AMP inner protocol named '" + protocolName + "' (known: "
					+ this.options.innerProtocols().names() + ")"));
		}
		return switchProtocol(command,
				(context) -> factory.create(new AmpSwitchContext(protocolName, context, this)));
	}

	@SuppressWarnings("unchecked")
	private Mono<Void> switchProtocol(AmpSwitchCommand command,
			Function<Object, AmpInnerProtocol> protocol) {
		Objects.requireNonNull(command, "command");
		AmpCommandSchema<AmpSwitchCommand, Void> schema = AmpCommandSchema
			.of((Class<AmpSwitchCommand>) command.getClass());
		Duration timeout = this.options.callTimeout();
		return Mono.create((sink) -> {
			AmpSessionObserver.Call observed = callStarted(schema, true, sink);
			AmpBox arguments;
			try {
				// The request is written as the gate locks, in one step: it cannot carry descriptors.
				arguments = schema.arguments().toBox(command, AmpArgumentContext.unsupported(
						"a protocol switch request cannot carry file descriptors"));
			}
			catch (RuntimeException ex) {
				failEarly(sink, observed, ex);
				return;
			}
			ReshapeCancel cancel = new ReshapeCancel();
			sink.onCancel(cancel::cancel);
			runOnLoop(() -> beginSwitch(schema, arguments, () -> protocol.apply(command), sink, timeout, observed,
					cancel));
		});
	}

	private void beginSwitch(AmpCommandSchema<?, Void> schema, AmpBox arguments,
			Supplier<AmpInnerProtocol> protocol, MonoSink<Void> sink, @Nullable Duration timeout,
			AmpSessionObserver.@Nullable Call observed, ReshapeCancel cancel) {
		if (cancel.cancelled) {
			// Cancelled before anything was sent: nothing is.
			ended(observed, AmpCallOutcome.CANCELLED, null, null);
			return;
		}
		if (this.terminated || !this.connection.isActive()) {
			failEarly(sink, observed, closed("Cannot call " + schema.name()));
			return;
		}
		long tag = nextTag();
		if (this.switched || this.switchPending) {
			failEarly(sink, observed, new AmpProtocolSwitchedException(AmpProtocolSwitchedException.NO_AMP_TRAFFIC));
			return;
		}
		if (this.boundaryTag != AmpTags.NONE) {
			failEarly(sink, observed, new AmpException("Cannot switch protocols while StartTLS waits for its answer"));
			return;
		}
		AmpBox box = arguments.with(COMMAND, schema.name()).with(ASK, AmpTags.bytes(tag));
		SwitchCall call = new SwitchCall(schema, tag, sink, protocol, observed);
		try {
			this.connection.checkSendable(box);
			this.switchPending = true;
			this.boundaryTag = tag;
			addPending(call);
			cancel.pending(call);
			scheduleTimeout(call, timeout);
			this.connection.writeThenLock(box);
		}
		catch (RuntimeException ex) {
			removePending(tag);
			this.boundaryTag = AmpTags.NONE;
			this.switchPending = false;
			call.cancelTimeout();
			call.end(outcomeOf(ex), null, ex);
			sink.error(ex);
		}
	}

	/**
	 * Return whether the connection has switched to another protocol.
	 * @return whether it has switched
	 */
	public boolean isSwitched() {
		return this.switched;
	}

	/**
	 * Hand the connection to the inner protocol: no more AMP either way, and every byte
	 * from now on (those behind the last box included) goes to the protocol.
	 */
	private void completeSwitch(AmpInnerProtocol protocol) {
		this.switched = true;
		this.switchPending = false;
		this.boundaryTag = AmpTags.NONE;
		this.connection.markSwitched();
		// The peer drops AMP once switched: calls still waiting will never be answered.
		if (!this.pending.isEmpty()) {
			List<PendingCall<?>> calls = this.pending.removeAll();
			this.outboundInFlight = 0;
			for (PendingCall<?> call : calls) {
				call.fail(new AmpProtocolSwitchedException("The AMP connection to " + remoteAddress()
						+ " switched protocols before the answer to " + call.schema.name() + " (_ask "
						+ AmpTags.text(call.tag)
						+ ") arrived"), AmpCallOutcome.CLOSED);
			}
		}
		SwitchedInbound bytes = new SwitchedInbound(this.connection.nettyConnection());
		this.switchedInbound = bytes;
		// From now on the relay paces reading.
		if (!this.reading) {
			this.reading = true;
			this.channel.config().setAutoRead(true);
		}
		this.connection.nettyConnection().removeHandler(AmpPipeline.ENCODER);
		// Hands the bytes it holds behind the last box to the next handler, and so to the relay.
		this.connection.nettyConnection().removeHandler(AmpPipeline.DECODER);
		if (this.inputShutdown) {
			bytes.inputEnded();
		}
		logger.debug("AMP connection to {} switched to {}", remoteAddress(), protocol);
		Publisher<Void> run;
		try {
			run = protocol.handle(bytes, this.connection.nettyConnection().outbound());
		}
		catch (RuntimeException ex) {
			run = Mono.error(ex);
		}
		Mono.from(run).subscribe(null, (error) -> {
			logger.warn("The protocol switched to on the connection to " + remoteAddress() + " failed", error);
			this.connection.closeReason(error);
			this.connection.dispose();
		}, this.connection::dispose);
	}

	private void answerSwitch(AmpResponders.Responder<?, ?> responder, Object command, byte[] ask,
			AmpSwitch accepted, AmpSessionObserver.@Nullable Call observed) {
		// Answered even when the peer has shut its output down since (terminated).
		if (!this.connection.isActive()) {
			ended(observed, AmpCallOutcome.CLOSED, null, closed("Cannot answer " + responder.schema().name()));
			return;
		}
		if (this.boundaryTag != AmpTags.NONE || this.switched) {
			// Our own StartTLS or switch waits for its answer: what the connection carries next is ours to decide.
			logger.warn("Refusing {} from {}: a StartTLS or switch of this side waits for its answer",
					responder.schema().name(), remoteAddress());
			writeError(ask, AmpUnknownRemoteException.CODE, AmpUnknownRemoteException.DESCRIPTION);
			ended(observed, AmpCallOutcome.ERROR, AmpUnknownRemoteException.CODE, null);
			resumeDecoder();
			return;
		}
		AmpInnerProtocol protocol = accepted.protocol();
		if (protocol == null) {
			String name = Objects.requireNonNull(accepted.protocolName());
			AmpInnerProtocolFactory factory = this.options.innerProtocols().find(name);
			try {
				if (factory == null) {
					throw new IllegalStateException("No AMP inner protocol named '" + name + "' (known: "
							+ this.options.innerProtocols().names() + ")");
				}
				protocol = factory.create(new AmpSwitchContext(name, command, this));
			}
			catch (RuntimeException ex) {
				logger.error("Closing the AMP connection to " + remoteAddress() + ": cannot switch to protocol '"
						+ name + "' for " + responder.schema().name(), ex);
				answerUnknownAndClose(ask, observed, ex);
				return;
			}
		}
		// Only _answer: the declared response is never sent (Twisted's _SwitchBox).
		try {
			this.connection.writeInOrder(AmpBox.builder().put(ANSWER, ask).build());
		}
		catch (RuntimeException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": cannot answer "
					+ responder.schema().name(), ex);
			ended(observed, outcomeOf(ex), null, ex);
			closeAfterWrites(ex);
			return;
		}
		this.channel.flush();
		ended(observed, AmpCallOutcome.SUCCESS, null, null);
		completeSwitch(protocol);
	}

	private void resumeDecoder() {
		runOnLoop(() -> {
			if (this.decoder != null && !this.switched) {
				this.decoder.resume();
			}
		});
	}

	/**
	 * Whether the decoder stops after a box: the answer to our StartTLS or switch
	 * request, or a switch command from the peer (what follows it is not AMP once the
	 * responder accepts).
	 */
	private boolean isBoundary(AmpBox box) {
		long tag = this.boundaryTag;
		if (tag != AmpTags.NONE
				&& (tag == AmpTags.parse(box.getBytes(ANSWER)) || tag == AmpTags.parse(box.getBytes(ERROR)))) {
			return true;
		}
		if (box.containsKey(ASK) && box.valueEquals(COMMAND, START_TLS_NAME)) {
			// Nothing the peer sends behind its StartTLS request is read before the answer.
			return true;
		}
		if (this.answersSwitches && box.containsKey(ASK)) {
			String name = box.getText(COMMAND);
			AmpResponders.Responder<?, ?> responder = (name != null) ? this.responders.find(name) : null;
			return responder != null && isSwitch(responder.schema());
		}
		return false;
	}

	private static boolean isSwitch(AmpCommandSchema<?, ?> schema) {
		return AmpSwitchCommand.class.isAssignableFrom(schema.commandType());
	}

	/**
	 * Stop answering new commands (they get a {@value #SHUTTING_DOWN_CODE} error) and
	 * signal when the commands already accepted have been answered.
	 * @return completes when no accepted command is left unanswered
	 */
	public Mono<Void> drain() {
		this.draining = true;
		try {
			runOnLoop(this::emitIfDrained);
		}
		catch (RejectedExecutionException ex) {
			// The event loop is gone, and the connection with it.
			this.drained.tryEmitEmpty();
		}
		return this.drained.asMono();
	}

	/**
	 * Drained: no command is being answered and none received waits for a credit.
	 * Event loop only.
	 */
	private void emitIfDrained() {
		if (this.inboundInFlight.get() == 0 && this.backlog.isEmpty()) {
			if (this.draining) {
				this.drained.tryEmitEmpty();
			}
			if (this.inputShutdown && this.switchedInbound == null && !this.closingAfterInputShutdown) {
				this.closingAfterInputShutdown = true;
				closeOnceWritten();
			}
		}
	}

	/**
	 * The peer shut its output down (TCP half-close): the commands received so far are
	 * answered, then the connection closes; the protocol of a switched connection sees
	 * the end of its input. Event loop only.
	 */
	private void onInputShutdown() {
		if (this.inputShutdown) {
			return;
		}
		this.inputShutdown = true;
		SwitchedInbound bytes = this.switchedInbound;
		if (bytes != null) {
			bytes.inputEnded();
			return;
		}
		if (this.readFailed) {
			// A reset, not a half-close: nothing written would reach the peer.
			this.connection.dispose();
			return;
		}
		// A peer that closed altogether looks the same: answers wait a bounded time.
		ScheduledFuture<?> linger = this.eventLoop.schedule(() -> {
			if (this.channel.isActive()) {
				logger.debug("Closing the AMP connection to {}: its commands were not all answered within {} of "
						+ "its end of input", remoteAddress(), AmpConnection.VIOLATION_CLOSE_DELAY);
				this.connection.dispose();
			}
		}, AmpConnection.VIOLATION_CLOSE_DELAY.toNanos(), TimeUnit.NANOSECONDS);
		this.channel.closeFuture().addListener((closed) -> linger.cancel(false));
		endInbound(null);
	}

	/**
	 * Close the connection once everything written has reached the socket: a plain close
	 * drops what the socket has not taken yet. Event loop only.
	 */
	private void closeOnceWritten() {
		this.connection.writePending();
		this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
	}

	/**
	 * Return how many commands from the peer are being answered.
	 * @return the number of inbound calls in flight
	 */
	public int inboundCallsInFlight() {
		return this.inboundInFlight.get();
	}

	/**
	 * Return how many calls to the peer are waiting for their answer.
	 * @return the number of outbound calls in flight
	 */
	public int outboundCallsInFlight() {
		return this.outboundInFlight;
	}

	/**
	 * Return when the session started, that is when its connection was opened or
	 * accepted.
	 * @return the start time
	 */
	public Instant openedAt() {
		return this.openedAt;
	}

	/**
	 * Return whether a call is in flight either way: a command from the peer being
	 * answered, or a call of ours waiting for its answer. Exact on the connection's event
	 * loop (the table of our calls lives there), approximate elsewhere.
	 * @return whether any call is in flight
	 */
	public boolean hasCallsInFlight() {
		return this.inboundInFlight.get() > 0 || !this.pending.isEmpty();
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
	 * Return who is on the other end, once a login or a client certificate has told:
	 * with Spring Security, its {@code Authentication}.
	 * @return the peer's identity, or {@code null} while it is unknown
	 */
	public @Nullable Principal principal() {
		return (this.attributes.get(PRINCIPAL_ATTRIBUTE) instanceof Principal principal) ? principal : null;
	}

	/**
	 * Set who is on the other end, for the rest of the connection; done by the security
	 * integration after a login or from the client certificate.
	 * @param principal the peer's identity
	 */
	public void principal(Principal principal) {
		this.attributes.put(PRINCIPAL_ATTRIBUTE, Objects.requireNonNull(principal, "principal"));
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
	 * {@link AmpConnectionClosedException}. After {@link #drain()} the close is
	 * graceful ({@link AmpConnection#closeGracefully(Duration)}): every answer written
	 * reaches the peer, even one that keeps sending.
	 */
	@Override
	public void dispose() {
		if (this.draining) {
			this.connection.closeGracefully(AmpConnection.CLOSE_LINGER);
		}
		else {
			this.connection.dispose();
		}
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
		Object remote = this.channel.remoteAddress();
		// A UNIX domain socket client usually has no address: name the socket it came in on.
		return (remote != null) ? remote : "a peer on " + this.channel.localAddress();
	}

	// Inbound ------------------------------------------------------------------------

	/**
	 * Handle a box from the backlog: a command, or a box of no kind. Answers and errors
	 * never wait there ({@link #handleAnswer}): they are read even while the peer does not
	 * read ours, or while its commands wait for credits, since waiting would deadlock two
	 * peers that both pipeline more calls than their sockets hold (found by a test) and a
	 * peer whose commands wait for our calls to it (256 {@code Callback}s at once).
	 */
	private void onBox(AmpBox box) {
		if (box.containsKey(COMMAND)) {
			onCommand(box);
		}
		else {
			logDropped("Dropping an AMP box from {} with none of _answer, _error, _command: {}", remoteAddress(), box);
			this.credits++;
		}
	}

	/**
	 * The first dropped box of a connection is a warning, the others are logged at debug
	 * level: a peer must not be able to flood the log (as a fuzzing run did).
	 */
	private void logDropped(String format, Object... arguments) {
		if (this.droppedBoxes++ == 0) {
			logger.warn(format + " (more on this connection are logged at DEBUG level)", arguments);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(format, arguments);
		}
	}

	private void onAnswer(AmpBox box) {
		long tag = AmpTags.parse(box.getBytes(ANSWER));
		PendingCall<?> call = (tag != AmpTags.NONE) ? removePending(tag) : null;
		if (call == null) {
			logDropped("Dropping an AMP answer from {} for a call that is not waiting (late, duplicate or unknown "
					+ "_answer {}): {}", remoteAddress(), box.getText(ANSWER), box);
			return;
		}
		call.answer(box, this.connection.argumentContext());
	}

	private void onError(AmpBox box) {
		long tag = AmpTags.parse(box.getBytes(ERROR));
		PendingCall<?> call = (tag != AmpTags.NONE) ? removePending(tag) : null;
		if (call == null) {
			logDropped("Dropping an AMP error from {} for a call that is not waiting (late, duplicate or unknown "
					+ "_error {}): {}", remoteAddress(), box.getText(ERROR), box);
			return;
		}
		String code = box.getText(ERROR_CODE);
		if (code == null) {
			call.refused(new AmpProtocolException("AMP error answer without _error_code from " + remoteAddress() + ": "
					+ box), null);
			return;
		}
		String description = box.getText(ERROR_DESCRIPTION);
		call.refused(call.schema.exceptionFor(code, (description != null) ? description : ""), code);
	}

	private void onCommand(AmpBox box) {
		AmpResponders.Responder<?, ?> responder;
		String name;
		byte[] lastName = this.lastCommandName;
		if (lastName != null && box.valueEquals(COMMAND, lastName)) {
			responder = this.lastResponder;
			name = this.lastCommandText;
		}
		else {
			name = box.getText(COMMAND);
			responder = START_TLS.equals(name) ? null : this.responders.find(name);
			if (responder != null) {
				this.lastCommandName = box.getBytes(COMMAND);
				this.lastCommandText = name;
				this.lastResponder = responder;
			}
		}
		// Latin-1 maps bytes to chars one to one: the tag goes back byte for byte, as in
		// Twisted, even when it is not UTF-8 (found by fuzzing).
		byte[] ask = box.getBytes(ASK);
		if (START_TLS.equals(name)) {
			AmpSessionObserver.Call observed = commandReceived(name, START_TLS_SCHEMA, ask != null);
			if (ask != null && this.draining) {
				writeError(ask, SHUTTING_DOWN_CODE, "Server is shutting down");
				ended(observed, AmpCallOutcome.ERROR, SHUTTING_DOWN_CODE, null);
				resumeDecoder();
			}
			else if (ask != null) {
				try {
					answerStartTls(ask, observed);
				}
				catch (RuntimeException ex) {
					ended(observed, outcomeOf(ex), null, ex);
					throw ex;
				}
			}
			else {
				logger.warn("Ignoring a StartTLS without _ask from {}: it cannot be answered", remoteAddress());
				ended(observed, AmpCallOutcome.FAILED, null, new AmpProtocolException("StartTLS without _ask"));
				resumeDecoder();
			}
			requestOne();
			return;
		}
		AmpSessionObserver.Call observed = commandReceived(name, (responder != null) ? responder.schema() : null,
				ask != null, box);
		if (responder == null) {
			if (ask != null) {
				writeError(ask, AmpUnhandledCommandException.CODE,
						"Unhandled Command: " + pythonBytesRepr(box.getBytes(COMMAND)));
				ended(observed, AmpCallOutcome.ERROR, AmpUnhandledCommandException.CODE, null);
			}
			else {
				logger.error("Closing the AMP connection to {}: no responder for command {} sent without _ask",
						remoteAddress(), name);
				AmpUnhandledCommandException unhandled = new AmpUnhandledCommandException("Unhandled Command: " + name);
				ended(observed, AmpCallOutcome.ERROR, AmpUnhandledCommandException.CODE, unhandled);
				closeAfterWrites(unhandled);
			}
			requestOne();
			return;
		}
		boolean switchCommand = isSwitch(responder.schema()) && ask != null;
		if (this.draining) {
			if (ask != null) {
				writeError(ask, SHUTTING_DOWN_CODE, "Server is shutting down");
			}
			ended(observed, AmpCallOutcome.ERROR, SHUTTING_DOWN_CODE, null);
			if (switchCommand) {
				resumeDecoder();
			}
			requestOne();
			return;
		}
		if (this.inboundInFlight.incrementAndGet() == this.options.maxInboundCallsInFlight()) {
			// No demand is left: nothing more is read until a command is answered.
			this.backpressureListener.onCallLimitReached(this);
		}
		AnswerSubscriber answer = new AnswerSubscriber(responder, name, ask, switchCommand, observed);
		Mono<?> result;
		try {
			// A switch command is kept as read: the protocol factory gets it, and its descriptors are claimed once.
			result = responder.invoke(box, this, switchCommand ? answer::commandRead : null, observed);
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

	private AmpSessionObserver.@Nullable Call commandReceived(@Nullable String name,
			@Nullable AmpCommandSchema<?, ?> schema, boolean requiresAnswer) {
		return commandReceived(name, schema, requiresAnswer, AmpBox.empty());
	}

	private AmpSessionObserver.@Nullable Call commandReceived(@Nullable String name,
			@Nullable AmpCommandSchema<?, ?> schema, boolean requiresAnswer, AmpBox box) {
		try {
			return this.options.observer().commandReceived(this, String.valueOf(name), schema, requiresAnswer, box);
		}
		catch (RuntimeException ex) {
			logger.warn("AMP session observer " + this.options.observer() + " failed", ex);
			return null;
		}
	}

	private void answered() {
		if (!this.eventLoop.inEventLoop()) {
			try {
				this.eventLoop.execute(this::answered);
			}
			catch (RejectedExecutionException ex) {
				// The event loop is gone, and the connection with it: nothing is left to read.
				if (this.inboundInFlight.decrementAndGet() == 0 && this.draining) {
					this.drained.tryEmitEmpty();
				}
			}
			return;
		}
		this.inboundInFlight.decrementAndGet();
		requestOne();
		emitIfDrained();
	}

	private final class AnswerSubscriber extends BaseSubscriber<Object> {

		private final AmpResponders.Responder<?, ?> responder;

		private final String name;

		private final byte @Nullable [] ask;

		/** Whether the command asks to switch protocols (and has {@code _ask}). */
		private final boolean switchCommand;

		private final AmpSessionObserver.@Nullable Call observed;

		/** The switch command as read. */
		private @Nullable Object command;

		private @Nullable Object value;

		AnswerSubscriber(AmpResponders.Responder<?, ?> responder, String name, byte @Nullable [] ask,
				boolean switchCommand, AmpSessionObserver.@Nullable Call observed) {
			this.responder = responder;
			this.name = name;
			this.ask = ask;
			this.switchCommand = switchCommand;
			this.observed = observed;
		}

		void commandRead(Object command) {
			this.command = command;
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
						runOnLoop(() -> answerSwitch(this.responder, command, ask, accepted, this.observed));
					}
					else {
						respondWithError(this.responder, this.name, ask, new AmpArgumentException("Responder of "
								+ this.name + " returned " + value + " instead of an AmpSwitch"), this.observed);
					}
				}
				else if (ask != null) {
					writeAnswer(this.responder, ask, value, this.observed);
				}
				else {
					ended(this.observed, AmpCallOutcome.SUCCESS, null, null);
				}
			}
			finally {
				answered();
			}
		}

		@Override
		protected void hookOnError(Throwable error) {
			try {
				respondWithError(this.responder, this.name, this.ask, error, this.observed);
				if (this.switchCommand) {
					// Refused: what follows the request is AMP again.
					resumeDecoder();
				}
			}
			finally {
				answered();
			}
		}

	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void writeAnswer(AmpResponders.Responder<?, ?> responder, byte[] ask, @Nullable Object value,
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
			ended(observed, AmpCallOutcome.SUCCESS, null, null);
		}
		catch (AmpTooLongException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": the answer to " + schema.name()
					+ " is too long", ex);
			answerUnknownAndClose(ask, observed, ex);
		}
		catch (AmpConnectionClosedException ex) {
			logger.debug("Dropping the answer to {}: the connection to {} is closed", schema.name(), remoteAddress());
			ended(observed, AmpCallOutcome.CLOSED, null, ex);
		}
		catch (AmpProtocolSwitchedException ex) {
			// As Twisted, which swallows ProtocolSwitched when answering.
			logger.debug("Dropping the answer to {}: the connection to {} has switched protocols", schema.name(),
					remoteAddress());
			ended(observed, AmpCallOutcome.CLOSED, null, ex);
		}
		catch (RuntimeException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + ": the responder of " + schema.name()
					+ " returned a response that cannot be sent", ex);
			answerUnknownAndClose(ask, observed, ex);
		}
	}

	private void respondWithError(AmpResponders.Responder<?, ?> responder, String name, byte @Nullable [] ask,
			Throwable error, AmpSessionObserver.@Nullable Call observed) {
		if (this.switched) {
			// Nothing can be answered, and the connection belongs to the inner protocol now.
			logger.debug("Dropping the failure of the AMP responder of {} for {}: the connection has switched "
					+ "protocols", name, remoteAddress(), error);
			ended(observed, AmpCallOutcome.CLOSED, null, error);
			return;
		}
		ErrorAnswer answer = ErrorAnswer.of(responder.schema(), error);
		if (!this.connection.isActive()) {
			logResponderFailure("The AMP responder of " + name + " failed after the connection to " + remoteAddress()
					+ " closed", error);
			ended(observed, AmpCallOutcome.CLOSED, null, error);
			return;
		}
		if (answer.undeclared()) {
			logResponderFailure("Unhandled error in the AMP responder of " + name + " for " + remoteAddress()
					+ "; answering UNKNOWN and closing the connection", error);
		}
		ended(observed, AmpCallOutcome.ERROR, answer.code(), error);
		if (ask == null) {
			logResponderFailure("Closing the AMP connection to " + remoteAddress() + ": command " + name
					+ " sent without _ask failed with " + answer.code() + ": " + answer.description(), error);
			closeAfterWrites(error);
			return;
		}
		// As Twisted's QuitBox: no close when the error cannot be sent (a switch under way).
		if (writeError(ask, answer.code(), answer.description()) && answer.fatal()) {
			closeAfterWrites(error);
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
	private boolean writeError(byte[] ask, String code, String description) {
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
	 * Answer a command this side failed to answer with {@code UNKNOWN}, then close, as
	 * Twisted does after an unhandled error.
	 */
	private void answerUnknownAndClose(byte[] ask, AmpSessionObserver.@Nullable Call observed, Throwable error) {
		boolean sent = writeError(ask, AmpUnknownRemoteException.CODE, AmpUnknownRemoteException.DESCRIPTION);
		ended(observed, AmpCallOutcome.ERROR, AmpUnknownRemoteException.CODE, error);
		if (sent) {
			closeAfterWrites(error);
		}
	}

	private void closeAfterWrites(Throwable reason) {
		if (this.switched) {
			// A failure of the AMP layer never reaches the protocol the connection carries now.
			logger.debug("Not closing the connection to {}, which has switched protocols, after an AMP failure",
					remoteAddress(), reason);
			return;
		}
		this.connection.closeReason(reason);
		runOnLoop(() -> {
			if (this.closingAfterRead) {
				return;
			}
			this.closingAfterRead = true;
			// Read nothing more, but what came in the same read is still handled, as
			// Twisted's loseConnection lets it be: close a task later.
			this.reading = false;
			this.channel.config().setAutoRead(false);
			this.eventLoop.execute(this.connection::dispose);
		});
	}

	/** Give back the credit of a command. Event loop only. */
	private void requestOne() {
		this.credits++;
		deliver();
	}

	private void onWritable() {
		if (this.writabilityPaused && this.channel.isWritable()) {
			this.writabilityPaused = false;
			deliver();
		}
	}

	/**
	 * Start received commands while credits last and the peer reads its answers (the
	 * channel is writable: its outbound buffer is under the high water mark), and read
	 * on while the commands waiting hold less than {@link #MAX_BACKLOG_BYTES}: the
	 * channel's auto-read paces the peer, and answers behind waiting commands are still
	 * read. The inbound flux is asked for every box at once so that Reactor Netty hands
	 * each one straight over, rather than through its queue with a request per box.
	 * Event loop only.
	 */
	private void deliver() {
		if (this.delivering) {
			return;
		}
		this.delivering = true;
		try {
			AmpBox box;
			while (this.credits > 0 && (box = this.backlog.peek()) != null) {
				if (!this.channel.isWritable() && !this.inboundEnded) {
					// The peer is not reading our answers: start none of its commands until it does.
					if (!this.writabilityPaused) {
						this.writabilityPaused = true;
						this.backpressureListener.onWritabilityPause(this);
					}
					break;
				}
				this.backlog.poll();
				this.backlogBytes -= box.encodedLength();
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
		}
		else if (this.switchedInbound == null && !this.closingAfterRead) {
			boolean read = this.backlogBytes < MAX_BACKLOG_BYTES;
			if (read != this.reading) {
				this.reading = read;
				this.channel.config().setAutoRead(read);
			}
		}
		emitIfDrained();
	}

	private void handleAnswer(AmpBox box) {
		try {
			if (box.containsKey(ANSWER)) {
				onAnswer(box);
			}
			else {
				onError(box);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Closing the AMP connection to " + remoteAddress() + " after an error handling " + box, ex);
			closeAfterWrites(ex);
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
			List<PendingCall<?>> calls = this.pending.removeAll();
			this.outboundInFlight = 0;
			Throwable closeCause = this.closeCause;
			for (PendingCall<?> call : calls) {
				String message = "AMP connection to " + remoteAddress() + " closed before the answer to "
						+ call.schema.name() + " (_ask " + AmpTags.text(call.tag) + ") arrived";
				call.fail((closeCause instanceof AmpTlsException tls)
						? new AmpTlsException(message + ": " + tls.getMessage(), tls.getCause())
						: new AmpConnectionClosedException(message, closeCause), AmpCallOutcome.CLOSED);
			}
		}
	}

	/**
	 * Handle the close a task later: a TLS layer closes the channel before it reports the
	 * error that made it close, and calls should fail with that error.
	 */
	private void afterClose() {
		try {
			this.eventLoop.execute(this::onConnectionClosed);
		}
		catch (RejectedExecutionException ex) {
			onConnectionClosed();
		}
	}

	private void onConnectionClosed() {
		// Boxes not handled for want of credits go with the connection.
		this.backlog.clear();
		this.backlogBytes = 0;
		onInboundEnd(null);
		if (this.deadlines != null) {
			this.deadlines.clear();
		}
		if (this.inboundInFlight.get() == 0) {
			this.drained.tryEmitEmpty();
		}
		this.closed.tryEmitEmpty();
	}

	private final class InboundSubscriber extends BaseSubscriber<Object> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			// Unbounded: credits pause reading instead (see deliver()).
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		protected void hookOnNext(Object message) {
			SwitchedInbound bytes = AmpSession.this.switchedInbound;
			if (bytes != null) {
				if (message instanceof ByteBuf buffer) {
					bytes.next(buffer);
				}
				return;
			}
			if (!(message instanceof AmpBox box)) {
				return;
			}
			try {
				if (box.containsKey(ANSWER) || box.containsKey(ERROR)) {
					// Whatever the commands waiting: an answer never adds to what we write,
					// and the calls it ends may be what those commands wait for.
					handleAnswer(box);
				}
				else {
					AmpSession.this.backlog.add(box);
					AmpSession.this.backlogBytes += box.encodedLength();
					deliver();
				}
			}
			catch (OutOfMemoryError ex) {
				AmpOutOfMemoryGuard.check(ex, "handling a box from " + remoteAddress());
				throw ex;
			}
		}

		@Override
		protected void hookOnComplete() {
			runOnLoop(() -> {
				endInbound(null);
				SwitchedInbound bytes = AmpSession.this.switchedInbound;
				if (bytes != null) {
					bytes.complete(null);
				}
			});
		}

		@Override
		protected void hookOnError(Throwable failure) {
			Throwable error = isTlsError(failure) ? tlsFailure(failure) : failure;
			runOnLoop(() -> {
				SwitchedInbound bytes = AmpSession.this.switchedInbound;
				if (bytes != null) {
					bytes.complete(error);
				}
			});
			AmpSession.this.connection.closeReason(error);
			if (error instanceof AmpTooLongException || error instanceof AmpLimitExceededException) {
				logger.warn("Closing the AMP connection to {}: {}", remoteAddress(), error.getMessage());
			}
			else {
				logger.debug("AMP connection to " + remoteAddress() + " failed", error);
			}
			runOnLoop(() -> endInbound(error));
		}

	}

	/**
	 * Tells the session when the channel can take writes again, and when the peer has
	 * shut its output down.
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

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (cause instanceof IOException) {
				// Told before the input shutdown that follows it.
				this.session.readFailed = true;
			}
			ctx.fireExceptionCaught(cause);
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event == ChannelInputShutdownEvent.INSTANCE) {
				// After the boxes decoded from the last bytes, which passed this handler first.
				this.session.onInputShutdown();
			}
			ctx.fireUserEventTriggered(event);
		}

	}

	/**
	 * A call waiting for its answer.
	 */
	private static class PendingCall<R> extends CallDeadlines.Entry {

		final AmpCommandSchema<?, R> schema;

		final long tag;

		final MonoSink<R> sink;

		/** Told once how the call ended, then forgotten. Event loop only. */
		private AmpSessionObserver.@Nullable Call observed;

		@Nullable ScheduledFuture<?> timeout;

		/** Where the call waits when it has the session's timeout. Event loop only. */
		@Nullable CallDeadlines deadlines;

		PendingCall(AmpCommandSchema<?, R> schema, long tag, MonoSink<R> sink,
				AmpSessionObserver.@Nullable Call observed) {
			this.schema = schema;
			this.tag = tag;
			this.sink = sink;
			this.observed = observed;
		}

		void answer(AmpBox box, AmpArgumentContext context) {
			cancelTimeout();
			R response;
			try {
				response = this.schema.response().fromBox(box, context);
			}
			catch (RuntimeException ex) {
				AmpProtocolException unreadable = new AmpProtocolException(
						"Cannot read the answer to " + this.schema.name() + ": " + ex.getMessage(), ex);
				end(AmpCallOutcome.FAILED, null, unreadable);
				this.sink.error(unreadable);
				return;
			}
			end(AmpCallOutcome.SUCCESS, null, null);
			if (response == null) {
				this.sink.success();
			}
			else {
				this.sink.success(response);
			}
		}

		/**
		 * The peer answered with an error.
		 * @param error the error
		 * @param errorCode its code, or {@code null} when the error box had none
		 */
		void refused(Throwable error, @Nullable String errorCode) {
			fail(error, (errorCode != null) ? AmpCallOutcome.ERROR : AmpCallOutcome.FAILED, errorCode);
		}

		/**
		 * The call failed on this side: timed out, or the connection closed or switched.
		 */
		final void fail(Throwable error, AmpCallOutcome outcome) {
			fail(error, outcome, null);
		}

		void fail(Throwable error, AmpCallOutcome outcome, @Nullable String errorCode) {
			cancelTimeout();
			end(outcome, errorCode, error);
			this.sink.error(error);
		}

		/**
		 * Tell the observer how the call ended, the first time only: a StartTLS or switch
		 * whose caller cancelled goes on to its own end.
		 */
		final void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
			AmpSessionObserver.Call observed = this.observed;
			this.observed = null;
			ended(observed, outcome, errorCode, error);
		}

		/**
		 * Whether the caller cancelled the call.
		 */
		final boolean cancelled() {
			return isCancelled(this.sink);
		}

		/**
		 * Whether the call reshapes the connection when answered (StartTLS, a switch).
		 */
		boolean reshapes() {
			return false;
		}

		void cancelTimeout() {
			CallDeadlines deadlines = this.deadlines;
			if (deadlines != null) {
				deadlines.remove(this);
			}
			ScheduledFuture<?> timeout = this.timeout;
			if (timeout != null) {
				timeout.cancel(false);
			}
		}

	}

	/**
	 * The caller of a StartTLS or switch cancelling, which may happen before the request
	 * is pending (the sink drops a cancel callback set after the cancel): before, nothing
	 * is sent; after, the request goes on.
	 */
	private final class ReshapeCancel {

		volatile boolean cancelled;

		/** The request once pending. Event loop only. */
		private @Nullable PendingCall<?> call;

		void cancel() {
			this.cancelled = true;
			runOnLoop(() -> {
				if (this.call != null) {
					forget(this.call);
				}
			});
		}

		void pending(PendingCall<?> call) {
			this.call = call;
		}

	}

	/**
	 * Our StartTLS or switch request, waiting for the answer after which the decoder
	 * pauses. It goes on when its caller cancels: the peer acts on it.
	 */
	private abstract class ReshapeCall<R> extends PendingCall<R> {

		ReshapeCall(AmpCommandSchema<?, R> schema, long tag, MonoSink<R> sink,
				AmpSessionObserver.@Nullable Call observed) {
			super(schema, tag, sink, observed);
		}

		@Override
		final boolean reshapes() {
			return true;
		}

		@Override
		final void refused(Throwable error, @Nullable String errorCode) {
			cancelTimeout();
			end((errorCode != null) ? AmpCallOutcome.ERROR : AmpCallOutcome.FAILED, errorCode, error);
			AmpSession.this.boundaryTag = AmpTags.NONE;
			if (AmpSession.this.decoder != null) {
				// Goes on after this task: what follows the refusal is AMP again.
				AmpSession.this.decoder.resume();
			}
			undo(error);
			this.sink.error(error);
		}

		/**
		 * The peer refused: undo what the request changed on this side.
		 * @param error the peer's error
		 */
		abstract void undo(Throwable error);

		@Override
		final void fail(Throwable error, AmpCallOutcome outcome, @Nullable String errorCode) {
			cancelTimeout();
			end(outcome, errorCode, error);
			AmpSession.this.boundaryTag = AmpTags.NONE;
			if (AmpSession.this.connection.isActive() && !leavesConnectionKnown(error)) {
				// The peer may act on the request at any time: what the connection carries is unknown.
				AmpSession.this.connection.closeReason(error);
				AmpSession.this.connection.dispose();
			}
			this.sink.error(error);
		}

		/**
		 * Whether the connection stays open when the call fails with this error.
		 * @param error the error
		 * @return whether what the connection carries is still known
		 */
		abstract boolean leavesConnectionKnown(Throwable error);

	}

	/**
	 * Our StartTLS request, waiting for its answer.
	 */
	private final class StartTlsCall extends ReshapeCall<SSLSession> {

		final SslHandler handler;

		@SuppressWarnings({ "unchecked", "rawtypes" })
		StartTlsCall(long tag, MonoSink<SSLSession> sink, SslHandler handler,
				AmpSessionObserver.@Nullable Call observed) {
			super((AmpCommandSchema) START_TLS_SCHEMA, tag, sink, observed);
			this.handler = handler;
		}

		@Override
		void answer(AmpBox box, AmpArgumentContext context) {
			cancelTimeout();
			AmpSession.this.boundaryTag = AmpTags.NONE;
			// After the read that carried the answer; until then boxes stay held back and the
			// bytes behind the answer stay in the paused decoder.
			AmpSession.this.eventLoop.execute(() -> secureAfterAnswer(this));
		}

		@Override
		void undo(Throwable error) {
			AmpSession.this.tlsStarted = false;
			int held = AmpSession.this.connection.dropHeld();
			if (held > 0) {
				AmpTlsException failure = new AmpTlsException("The peer refused StartTLS (" + error.getMessage()
						+ "): closing the connection rather than sending in the clear the " + held
						+ " box(es) sent after StartTLS", error);
				logger.warn(failure.getMessage());
				AmpSession.this.connection.closeReason(failure);
				AmpSession.this.connection.dispose();
			}
		}

		@Override
		boolean leavesConnectionKnown(Throwable error) {
			return error instanceof AmpConnectionClosedException;
		}

	}

	/**
	 * Our protocol switch request, waiting for its answer.
	 */
	private final class SwitchCall extends ReshapeCall<Void> {

		private final Supplier<AmpInnerProtocol> protocol;

		SwitchCall(AmpCommandSchema<?, Void> schema, long tag, MonoSink<Void> sink,
				Supplier<AmpInnerProtocol> protocol, AmpSessionObserver.@Nullable Call observed) {
			super(schema, tag, sink, observed);
			this.protocol = protocol;
		}

		@Override
		void answer(AmpBox box, AmpArgumentContext context) {
			cancelTimeout();
			AmpInnerProtocol inner;
			try {
				inner = this.protocol.get();
			}
			catch (RuntimeException ex) {
				// The peer has switched already: AMP cannot go on.
				end(AmpCallOutcome.FAILED, null, ex);
				AmpSession.this.switched = true;
				AmpSession.this.connection.markSwitched();
				AmpSession.this.connection.closeReason(ex);
				AmpSession.this.connection.dispose();
				this.sink.error(ex);
				return;
			}
			end(AmpCallOutcome.SUCCESS, null, null);
			completeSwitch(inner);
			this.sink.success();
		}

		@Override
		void undo(Throwable error) {
			AmpSession.this.switchPending = false;
			AmpSession.this.connection.unlock();
		}

		@Override
		boolean leavesConnectionKnown(Throwable error) {
			return error instanceof AmpConnectionClosedException || error instanceof AmpProtocolSwitchedException;
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
