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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.transport.AmpConnection;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The calls this side makes: their tags, the table of calls waiting for an answer, their
 * timeouts, and their failure when the connection ends. The table lives on the event
 * loop, so it needs no locks.
 *
 * @author AMP for Spring Boot contributors
 */
final class OutboundCalls {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	private final AmpSession session;

	private final AmpConnection connection;

	private final EventLoop eventLoop;

	private final @Nullable Duration callTimeout;

	private final List<AmpClientInterceptor> interceptors;

	private final AtomicLong tagCounter = new AtomicLong();

	/** Calls waiting for an answer, by tag. Touched only on the event loop. */
	private final PendingCalls<PendingCall<?>> pending = new PendingCalls<>();

	/** Size of {@link #pending}, readable from any thread. Written on the event loop. */
	private volatile int inFlight;

	/** Timeouts of calls that have the session's call timeout. Event loop only. */
	private final @Nullable CallDeadlines deadlines;

	/** Whether no more calls can be answered: the inbound boxes have ended. */
	private volatile boolean terminated;

	private volatile @Nullable Throwable closeCause;

	OutboundCalls(AmpSession session, AmpConnection connection, AmpSessionOptions options) {
		this.session = session;
		this.connection = connection;
		this.eventLoop = connection.eventLoop();
		this.callTimeout = options.callTimeout();
		this.interceptors = options.interceptors();
		Duration callTimeout = this.callTimeout;
		this.deadlines = (callTimeout != null)
				? new CallDeadlines(this.eventLoop, callTimeout.toNanos(), (entry) -> expired((PendingCall<?>) entry))
				: null;
	}

	<C, R> Mono<R> call(AmpCommandSchema<C, R> schema, C command, @Nullable Duration timeout, boolean declared) {
		Mono<R> call = new CallMono<>(schema, command, timeout, declared);
		if (this.interceptors.isEmpty()) {
			return call;
		}
		return InterceptorChains.client(this.interceptors,
				() -> new AmpClientCall(schema, command, this.session, timeout, declared), call);
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
			AmpSessionObserver.Call observed = OutboundCalls.this.session.observers()
				.callStarted(this.schema, this.declared, sink);
			try {
				send(this.schema, this.command, sink, this.timeout, observed);
			}
			catch (RuntimeException ex) {
				SessionObservers.ended(observed, SessionObservers.outcomeOf(ex), null, ex);
				sink.error(ex);
			}
		}

	}

	private <C, R> void send(AmpCommandSchema<C, R> schema, C command, MonoSink<R> sink, @Nullable Duration timeout,
			AmpSessionObserver.@Nullable Call observed) {
		if (PendingCall.isCancelled(sink)) {
			// Cancelled in onSubscribe: nothing is sent.
			releaseArguments(schema, command, new AmpException("The call was cancelled before it was sent"));
			SessionObservers.ended(observed, AmpCallOutcome.CANCELLED, null, null);
			return;
		}
		Throwable refusal = refusal(schema);
		// Every outgoing command takes a number, as in Twisted, even without _ask (or when refused for a switch).
		long tag = (refusal == null) ? nextTag() : AmpTags.NONE;
		if (refusal == null && this.session.reshape().refusesCalls()) {
			refusal = new AmpProtocolSwitchedException(AmpProtocolSwitchedException.NO_AMP_TRAFFIC);
		}
		if (refusal != null) {
			releaseArguments(schema, command, refusal);
			SessionObservers.failEarly(sink, observed, refusal);
			return;
		}
		// Arguments, _command and _ask in one box, made in one pass.
		Function<AmpArgumentContext, AmpBox> encoder = (context) -> request(schema, command, context, tag, observed);
		if (!schema.requiresAnswer()) {
			sendWithoutAnswer(encoder, sink, observed);
			return;
		}
		@Nullable AmpBox box = null;
		if (!this.connection.passesDescriptors()) {
			box = encoder.apply(this.connection.argumentContext());
			this.connection.checkSendable(box);
		}
		PendingCall<R> call = new PendingCall<>(schema, tag, sink, observed);
		sink.onCancel(() -> this.session.runOnLoop(() -> forget(call)));
		// Encoded on the event loop as it is written where descriptors are numbered in write order.
		@Nullable Function<AmpArgumentContext, AmpBox> encodeAsWritten = (box != null) ? null : encoder;
		@Nullable AmpBox request = box;
		if (this.eventLoop.inEventLoop()) {
			// The common case, a call made by a callback of the connection: no task.
			register(call, encodeAsWritten, request, timeout);
		}
		else {
			this.eventLoop.execute(() -> register(call, encodeAsWritten, request, timeout));
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
	 * Why a call cannot be sent, before anything is: the session ended, or the command
	 * reshapes the connection.
	 */
	private @Nullable Throwable refusal(AmpCommandSchema<?, ?> schema) {
		if (this.terminated || !this.connection.isActive()) {
			return closed("Cannot call " + schema.name());
		}
		if (AmpSession.START_TLS.equals(schema.name()) || Reshape.isSwitch(schema)) {
			return new IllegalArgumentException("Send " + schema.name()
					+ " with startTls() or switchProtocol(...), which reshape the connection, not as a plain call");
		}
		return null;
	}

	private <R> void sendWithoutAnswer(Function<AmpArgumentContext, AmpBox> encoder, MonoSink<R> sink,
			AmpSessionObserver.@Nullable Call observed) {
		if (!this.connection.passesDescriptors()) {
			// A box too long to send is refused by the connection's write, which counts it.
			this.connection.write(encoder.apply(this.connection.argumentContext()));
			SessionObservers.ended(observed, AmpCallOutcome.SUCCESS, null, null);
			sink.success();
			return;
		}
		// Encoded on the event loop as it is written: descriptors are numbered in write order.
		this.session.runOnLoop(() -> {
			if (PendingCall.isCancelled(sink)) {
				release(encoder, new AmpException("The call was cancelled before it was sent"));
				SessionObservers.ended(observed, AmpCallOutcome.CANCELLED, null, null);
				return;
			}
			try {
				this.connection.write(encoder);
				SessionObservers.ended(observed, AmpCallOutcome.SUCCESS, null, null);
				sink.success();
			}
			catch (RuntimeException ex) {
				SessionObservers.failEarly(sink, observed, ex);
			}
		});
	}

	/**
	 * The error of a call on a closed connection; a TLS failure that closed it stays
	 * visible as such.
	 */
	AmpConnectionClosedException closed(String what) {
		Throwable cause = (this.closeCause != null) ? this.closeCause : this.connection.closeReason();
		String message = what + ": the AMP connection to " + this.session.remoteAddress() + " is closed";
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
		add(call, timeout);
		try {
			if (encoder != null) {
				this.connection.write(encoder);
			}
			else {
				this.connection.write(Objects.requireNonNull(box));
			}
		}
		catch (RuntimeException ex) {
			take(call.tag);
			call.fail(ex, SessionObservers.outcomeOf(ex));
		}
	}

	/**
	 * Wait for the answer to a call, until its timeout. Event loop only.
	 */
	void add(PendingCall<?> call, @Nullable Duration timeout) {
		this.pending.put(call.tag, call);
		this.inFlight = this.pending.size();
		CallDeadlines deadlines = this.deadlines;
		if (deadlines != null && timeout != null && timeout.equals(this.callTimeout)) {
			call.deadlines = deadlines;
			deadlines.add(call);
		}
		else if (timeout != null) {
			call.timeout = this.eventLoop.schedule(() -> timedOut(call, timeout), timeout.toNanos(),
					TimeUnit.NANOSECONDS);
		}
	}

	private void expired(PendingCall<?> call) {
		timedOut(call, Objects.requireNonNull(this.callTimeout));
	}

	private void timedOut(PendingCall<?> call, Duration timeout) {
		if (take(call.tag) == call) {
			call.fail(new AmpCallTimeoutException(call.schema.name(), AmpTags.text(call.tag), timeout),
					AmpCallOutcome.TIMEOUT);
		}
	}

	long nextTag() {
		return this.tagCounter.incrementAndGet();
	}

	/**
	 * The caller cancelled: stop waiting, unless the call reshapes the connection (a
	 * StartTLS or switch request goes on: the peer acts on it). Event loop only.
	 */
	void forget(PendingCall<?> call) {
		if (this.pending.get(call.tag) != call) {
			return;
		}
		if (!call.reshapes()) {
			take(call.tag);
			call.cancelTimeout();
		}
		call.end(AmpCallOutcome.CANCELLED, null, null);
	}

	/**
	 * Stop waiting for the call with a tag. Event loop only.
	 * @return the call, or {@code null} when none waits with that tag
	 */
	@Nullable PendingCall<?> take(long tag) {
		PendingCall<?> call = this.pending.remove(tag);
		if (call != null) {
			this.inFlight = this.pending.size();
		}
		return call;
	}

	/**
	 * Fail every call still waiting for an answer. Event loop only.
	 * @param cause the error of each call
	 */
	void failAll(Function<PendingCall<?>, Throwable> cause) {
		if (this.pending.isEmpty()) {
			return;
		}
		List<PendingCall<?>> calls = this.pending.removeAll();
		this.inFlight = 0;
		for (PendingCall<?> call : calls) {
			call.fail(cause.apply(call), AmpCallOutcome.CLOSED);
		}
	}

	/**
	 * No more boxes will be read: fail every call still waiting for an answer, and every
	 * call made from now on. Event loop only.
	 */
	void terminate(@Nullable Throwable error) {
		this.terminated = true;
		Throwable cause = (error != null) ? error : this.connection.closeReason();
		if (this.closeCause == null) {
			this.closeCause = cause;
		}
		Throwable closeCause = this.closeCause;
		failAll((call) -> {
			String message = "AMP connection to " + this.session.remoteAddress() + " closed before the answer to "
					+ call.schema.name() + " (_ask " + AmpTags.text(call.tag) + ") arrived";
			return (closeCause instanceof AmpTlsException tls)
					? new AmpTlsException(message + ": " + tls.getMessage(), tls.getCause())
					: new AmpConnectionClosedException(message, closeCause);
		});
	}

	/** The connection closed: no timeout fires any more. */
	void clearDeadlines() {
		if (this.deadlines != null) {
			this.deadlines.clear();
		}
	}

	boolean isTerminated() {
		return this.terminated;
	}

	@Nullable Throwable closeCause() {
		return this.closeCause;
	}

	int inFlight() {
		return this.inFlight;
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	@Nullable PendingCall<?> get(long tag) {
		return this.pending.get(tag);
	}

}
