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

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpLimitExceededException;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnectionEvents;
import io.ampproto.transport.AmpOutOfMemoryGuard;
import io.ampproto.transport.EventLoopWakeups;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * What the session reads: the boxes received, handed to the {@link Dispatcher} as
 * credits allow; the channel's auto-read, which paces the peer; the end of input,
 * draining and the close.
 * <p>
 * Answers and errors never wait: they are read even while the peer does not read ours,
 * or while its commands wait for credits, since waiting would deadlock two peers that
 * both pipeline more calls than their sockets hold (found by a test) and a peer whose
 * commands wait for our calls to it (256 {@code Callback}s at once).
 *
 * @author AMP for Spring Boot contributors
 */
final class InboundPump extends BaseSubscriber<Object> implements AmpConnectionEvents {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	/**
	 * Most bytes of commands held, not started, while reading on past the in-flight limit
	 * or a peer that does not read: enough to reach the answers behind them.
	 */
	static final int MAX_BACKLOG_BYTES = 64 * 1024;

	private final AmpSession session;

	private final AmpConnection connection;

	private final EventLoop eventLoop;

	private final int maxInFlight;

	private final AmpBackpressureListener backpressureListener;

	private final AtomicInteger inFlight = new AtomicInteger();

	/** Commands answered off the event loop whose credits are not given back yet. */
	private final AtomicInteger answeredElsewhere = new AtomicInteger();

	private final Runnable creditAnsweredElsewhere = this::creditAnsweredElsewhere;

	private final Runnable countAnsweredElsewhere = this::countAnsweredElsewhere;

	private final Runnable resumeBlocking = () -> runOnLoop(this::resumeBlocking);

	/** Whether the blocking executor is at its bound: no command starts until it is not. */
	private boolean blockingPaused;

	private final Sinks.Empty<Void> drained = Sinks.empty();

	private final Sinks.Empty<Void> closed = Sinks.empty();

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

	/** The channel's auto-read as the credits last set it. Event loop only. */
	private boolean reading = true;

	/** Whether the inbound boxes have ended, failed with {@link #inboundError} if so. */
	private boolean inboundEnded;

	private @Nullable Throwable inboundError;

	private boolean inboundEndHandled;

	/** Whether the peer shut its output down. Event loop only. */
	private boolean inputShutdown;

	/** Whether the connection closes for the input shutdown. Event loop only. */
	private boolean closingAfterInputShutdown;

	private volatile boolean draining;

	InboundPump(AmpSession session, AmpConnection connection, AmpSessionOptions options,
			AmpBackpressureListener backpressureListener) {
		this.session = session;
		this.connection = connection;
		this.eventLoop = connection.eventLoop();
		this.maxInFlight = options.maxInboundCallsInFlight();
		this.credits = this.maxInFlight;
		this.backpressureListener = backpressureListener;
	}

	/**
	 * Read the connection's boxes from now on.
	 */
	void start() {
		this.connection.receiveObjects().subscribe(this);
		this.connection.onClose().subscribe(null, (error) -> afterClose(), this::afterClose);
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		// Unbounded: credits pause reading instead (see deliver()).
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	protected void hookOnNext(Object message) {
		if (!(message instanceof AmpBox box)) {
			return;
		}
		try {
			if (box.containsKey(AnswerWriter.ANSWER) || box.containsKey(AnswerWriter.ERROR)) {
				// Whatever the commands waiting: an answer never adds to what we write,
				// and the calls it ends may be what those commands wait for.
				this.session.dispatcher().handleAnswer(box);
			}
			else {
				this.backlog.add(box);
				this.backlogBytes += box.encodedLength();
				deliver();
			}
		}
		catch (OutOfMemoryError ex) {
			AmpOutOfMemoryGuard.check(ex, "handling a box from " + this.session.remoteAddress());
			throw ex;
		}
	}

	@Override
	protected void hookOnComplete() {
		this.session.runOnLoop(() -> endInbound(null));
	}

	@Override
	protected void hookOnError(Throwable failure) {
		Throwable error = isTlsError(failure) ? this.session.reshape().tls().tlsFailure(failure) : failure;
		this.connection.closeReason(error);
		if (error instanceof AmpTooLongException || error instanceof AmpLimitExceededException) {
			logger.warn("Closing the AMP connection to {}: {}", this.session.remoteAddress(), error.getMessage());
		}
		else {
			logger.debug("AMP connection to " + this.session.remoteAddress() + " failed", error);
		}
		this.session.runOnLoop(() -> endInbound(error));
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
	 * A command starts: it holds a credit until answered ({@link #answered()}).
	 */
	void commandStarted() {
		if (this.inFlight.incrementAndGet() == this.maxInFlight) {
			// No demand is left: nothing more is read until a command is answered.
			this.backpressureListener.onCallLimitReached(this.session);
		}
	}

	/** Give back the credit of a box that started no command. Event loop only. */
	void returnCredit() {
		this.credits++;
	}

	/** Give back the credit of a command, and start the next ones. Event loop only. */
	void requestOne() {
		this.credits++;
		deliver();
	}

	void answered() {
		if (!this.eventLoop.inEventLoop()) {
			// One event-loop task gives back the credits of every command answered meanwhile.
			if (this.answeredElsewhere.getAndIncrement() == 0) {
				EventLoopWakeups.execute(this.eventLoop, this.creditAnsweredElsewhere, this.countAnsweredElsewhere);
			}
			return;
		}
		this.inFlight.decrementAndGet();
		requestOne();
		emitIfDrained();
	}

	/** When the event loop is gone, and the connection with it: nothing is left to read. */
	private void countAnsweredElsewhere() {
		int answered = this.answeredElsewhere.getAndSet(0);
		if (this.inFlight.addAndGet(-answered) == 0 && this.draining) {
			this.drained.tryEmitEmpty();
		}
	}

	private void creditAnsweredElsewhere() {
		int answered = this.answeredElsewhere.getAndSet(0);
		this.inFlight.addAndGet(-answered);
		this.credits += answered;
		deliver();
		emitIfDrained();
	}

	/**
	 * A command was handed to a blocking executor: at the executor's bound, start no more
	 * commands until it has room. Event loop only.
	 */
	void blockingStarted(AmpBlockingExecutor blocking) {
		// Paused first: the executor may resume this session before it says to pause.
		this.blockingPaused = true;
		if (blocking.pauseIfSaturated(this.resumeBlocking)) {
			this.backpressureListener.onBlockingLimitReached(this.session);
		}
		else {
			this.blockingPaused = false;
		}
	}

	private void resumeBlocking() {
		if (this.blockingPaused) {
			this.blockingPaused = false;
			deliver();
		}
	}

	private void runOnLoop(Runnable task) {
		if (this.eventLoop.inEventLoop()) {
			task.run();
		}
		else {
			try {
				this.eventLoop.execute(task);
			}
			catch (RejectedExecutionException ex) {
				// The connection is gone: nothing is left to start.
			}
		}
	}

	@Override
	public void writabilityChanged() {
		if (this.writabilityPaused && this.connection.isWritable()) {
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
			while (this.credits > 0 && !this.blockingPaused && (box = this.backlog.peek()) != null) {
				if (!this.connection.isWritable() && !this.inboundEnded) {
					// The peer is not reading our answers: start none of its commands until it does.
					if (!this.writabilityPaused) {
						this.writabilityPaused = true;
						this.backpressureListener.onWritabilityPause(this.session);
					}
					break;
				}
				this.backlog.poll();
				this.backlogBytes -= box.encodedLength();
				this.credits--;
				this.session.dispatcher().handle(box);
			}
		}
		finally {
			this.delivering = false;
		}
		if (this.inboundEnded) {
			if (this.backlog.isEmpty() && !this.inboundEndHandled) {
				this.inboundEndHandled = true;
				this.session.outbound().terminate(this.inboundError);
			}
		}
		else if (!this.connection.isSwitched() && !this.closingAfterRead) {
			paceReading(this.backlogBytes < MAX_BACKLOG_BYTES);
		}
		emitIfDrained();
	}

	private void paceReading(boolean read) {
		if (read != this.reading) {
			this.reading = read;
			this.connection.reading(read);
		}
	}

	/**
	 * The connection was handed over to another protocol: it paces reading from now on.
	 */
	void handedOver() {
		this.reading = true;
	}

	/**
	 * Close once the boxes of the current read are handled, as Twisted's
	 * {@code loseConnection} lets them be; not a switched connection, whose protocol an
	 * AMP failure never reaches.
	 */
	void closeAfterWrites(Throwable reason) {
		if (this.connection.isSwitched()) {
			logger.debug("Not closing the connection to {}, which has switched protocols, after an AMP failure",
					this.session.remoteAddress(), reason);
			return;
		}
		this.connection.closeReason(reason);
		this.session.runOnLoop(() -> {
			if (this.closingAfterRead) {
				return;
			}
			this.closingAfterRead = true;
			// Read nothing more, but what came in the same read is still handled: close a task later.
			this.reading = false;
			this.connection.reading(false);
			this.eventLoop.execute(this.connection::dispose);
		});
	}

	/**
	 * The peer shut its output down (TCP half-close): the commands received so far are
	 * answered, then the connection closes. Event loop only.
	 */
	@Override
	public void inputShutdown(boolean readFailed) {
		this.inputShutdown = true;
		if (readFailed) {
			// A reset, not a half-close: nothing written would reach the peer.
			this.connection.dispose();
			return;
		}
		// A peer that closed altogether looks the same: answers wait a bounded time.
		this.connection.closeAfter(AmpConnection.VIOLATION_CLOSE_DELAY,
				() -> logger.debug("Closing the AMP connection to {}: its commands were not all answered within {} "
						+ "of its end of input", this.session.remoteAddress(), AmpConnection.VIOLATION_CLOSE_DELAY));
		endInbound(null);
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
	 * Stop answering new commands and signal when those accepted have been answered.
	 */
	Mono<Void> drain() {
		this.draining = true;
		try {
			this.session.runOnLoop(this::emitIfDrained);
		}
		catch (RejectedExecutionException ex) {
			// The event loop is gone, and the connection with it.
			this.drained.tryEmitEmpty();
		}
		return this.drained.asMono();
	}

	boolean isDraining() {
		return this.draining;
	}

	/**
	 * Drained: no command is being answered and none received waits for a credit.
	 * Event loop only.
	 */
	private void emitIfDrained() {
		if (this.inFlight.get() == 0 && this.backlog.isEmpty()) {
			if (this.draining) {
				this.drained.tryEmitEmpty();
			}
			if (this.inputShutdown && !this.connection.isSwitched() && !this.closingAfterInputShutdown) {
				this.closingAfterInputShutdown = true;
				this.connection.closeOnceWritten();
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
		this.session.outbound().terminate(null);
		this.session.outbound().clearDeadlines();
		if (this.inFlight.get() == 0) {
			this.drained.tryEmitEmpty();
		}
		this.closed.tryEmitEmpty();
	}

	int inFlight() {
		return this.inFlight.get();
	}

	Mono<Void> onClose() {
		return this.closed.asMono();
	}

}
