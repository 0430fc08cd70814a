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
package io.ampproto.transport;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpTooLongException;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * One AMP connection: the boxes received from the peer and the means to send boxes to it.
 * <p>
 * {@link #receive()} is backpressured all the way to the socket: while its subscriber has
 * no demand, the connection stops reading. Boxes written with {@link #write(AmpBox)} are
 * written on the connection's event loop and flushed once per batch rather than once per
 * box.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpConnection implements Disposable {

	/** Longest wait before a connection that broke a limit is closed. */
	public static final Duration VIOLATION_CLOSE_DELAY = Duration.ofSeconds(30);

	private final Connection connection;

	private final Channel channel;

	private final EventLoop eventLoop;

	private final AmpLimitViolationListener violationListener;

	/**
	 * Boxes written from other threads. Grows in chunks of 16 from a chunk of 16: the
	 * default chunk of 1024 costs every idle connection about 4 KiB.
	 */
	private final Queue<AmpBox> pendingWrites = PlatformDependent.newMpscQueue(16, 1 << 30);

	private final AtomicInteger pendingWriteCount = new AtomicInteger();

	private final Runnable drainTask = this::drainPendingWrites;

	private final Runnable flushTask = this::flushNow;

	private boolean flushScheduled;

	private volatile @Nullable Throwable closeReason;

	private volatile Supplier<Mono<Void>> beforeViolationClose = Mono::empty;

	AmpConnection(Connection connection, AmpLimitViolationListener violationListener) {
		this.connection = connection;
		this.channel = connection.channel();
		this.eventLoop = this.channel.eventLoop();
		this.violationListener = violationListener;
	}

	/**
	 * Return the boxes received from the peer. Only one subscriber is allowed. The flux
	 * completes when the connection closes, and fails with an {@link AmpTooLongException}
	 * when the peer broke a length limit (after the boxes received before it); the
	 * connection then closes.
	 * @return the received boxes
	 */
	public Flux<AmpBox> receive() {
		return this.connection.inbound().receiveObject().handle((message, sink) -> {
			if (message instanceof AmpBox box) {
				sink.next(box);
			}
			else if (message instanceof AmpTooLongException violation) {
				this.closeReason = violation;
				sink.error(violation);
				// Later, so that the error reaches the subscriber before the close completes it.
				this.eventLoop.execute(this::closeAfterViolation);
			}
		});
	}

	/**
	 * Delay the close that follows a violation by the peer until the given signal
	 * completes (at most {@link #VIOLATION_CLOSE_DELAY}): a session uses it to answer the
	 * commands that arrived before the violation, as Twisted does.
	 * @param signal supplies the signal when the violation is received
	 */
	public void beforeClosingOnViolation(Supplier<Mono<Void>> signal) {
		this.beforeViolationClose = signal;
	}

	private void closeAfterViolation() {
		Mono.defer(this.beforeViolationClose)
			.timeout(VIOLATION_CLOSE_DELAY)
			.onErrorResume((ex) -> Mono.empty())
			.doFinally((signal) -> dispose())
			.subscribe();
	}

	/**
	 * Send one box and flush it.
	 * @param box the box
	 * @return completes when the box has been written to the socket; fails with an
	 * {@link AmpTooLongException} (nothing written) when the box breaks a length limit
	 */
	public Mono<Void> send(AmpBox box) {
		return Mono.defer(() -> {
			checkSendable(box);
			return Mono.from(this.connection.outbound().sendObject(box));
		});
	}

	/**
	 * Send boxes in order, requesting more as the socket accepts them.
	 * @param boxes the boxes
	 * @return completes when every box has been written; fails at the first box that
	 * breaks a length limit, after the boxes before it
	 */
	public Mono<Void> send(Publisher<AmpBox> boxes) {
		return Mono.from(this.connection.outbound().sendObject(Flux.from(boxes).doOnNext(this::checkSendable)));
	}

	/**
	 * Write a box without waiting: it is written on the event loop, in call order, and
	 * flushed at the end of the current batch of work.
	 * @param box the box
	 * @throws AmpTooLongException when the box breaks a length limit; nothing is written
	 * @throws AmpConnectionClosedException when the connection is closed
	 */
	public void write(AmpBox box) {
		checkSendable(box);
		if (!this.channel.isActive()) {
			throw new AmpConnectionClosedException("AMP connection to " + remoteAddress() + " is closed",
					this.closeReason);
		}
		if (this.eventLoop.inEventLoop() && this.pendingWriteCount.get() == 0) {
			this.channel.write(box, this.channel.voidPromise());
			scheduleFlush();
			return;
		}
		this.pendingWrites.offer(box);
		if (this.pendingWriteCount.getAndIncrement() == 0) {
			this.eventLoop.execute(this.drainTask);
		}
	}

	private void drainPendingWrites() {
		int drained = 0;
		AmpBox box;
		while ((box = this.pendingWrites.poll()) != null) {
			this.channel.write(box, this.channel.voidPromise());
			drained++;
		}
		this.channel.flush();
		if (this.pendingWriteCount.addAndGet(-drained) != 0) {
			this.eventLoop.execute(this.drainTask);
		}
	}

	private void scheduleFlush() {
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			this.eventLoop.execute(this.flushTask);
		}
	}

	private void flushNow() {
		this.flushScheduled = false;
		this.channel.flush();
	}

	private void checkSendable(AmpBox box) {
		try {
			AmpBoxCodec.checkSendable(box);
		}
		catch (AmpTooLongException ex) {
			this.violationListener.onViolation(ex);
			throw ex;
		}
	}

	/**
	 * Return a signal that completes when the connection has closed.
	 * @return the close signal
	 */
	public Mono<Void> onClose() {
		return this.connection.onDispose();
	}

	/**
	 * Return why the connection closed, when the reason was a protocol violation.
	 * @return the violation, or {@code null}
	 */
	public @Nullable Throwable closeReason() {
		return this.closeReason;
	}

	/**
	 * Record why this side is closing the connection, for whoever reads
	 * {@link #closeReason()}.
	 * @param reason the reason
	 */
	public void closeReason(Throwable reason) {
		if (this.closeReason == null) {
			this.closeReason = reason;
		}
	}

	/**
	 * Return the local address.
	 * @return the local address
	 */
	public SocketAddress localAddress() {
		return this.channel.localAddress();
	}

	/**
	 * Return the peer's address.
	 * @return the remote address
	 */
	public SocketAddress remoteAddress() {
		return this.channel.remoteAddress();
	}

	/**
	 * Return whether the connection is open.
	 * @return whether the channel is active
	 */
	public boolean isActive() {
		return this.channel.isActive();
	}

	/**
	 * Return the underlying Reactor Netty connection, for features that reshape the
	 * pipeline (StartTLS, protocol switching).
	 * @return the Reactor Netty connection
	 */
	public Connection nettyConnection() {
		return this.connection;
	}

	/**
	 * Close the connection after writing what has been sent so far.
	 */
	@Override
	public void dispose() {
		if (this.eventLoop.inEventLoop()) {
			// Boxes handed over by other threads go out before the close.
			if (this.pendingWriteCount.get() != 0) {
				drainPendingWrites();
			}
			this.channel.flush();
			this.connection.dispose();
		}
		else {
			this.eventLoop.execute(this::dispose);
		}
	}

	@Override
	public boolean isDisposed() {
		return this.connection.isDisposed();
	}

	@Override
	public String toString() {
		return "AmpConnection{local=" + this.channel.localAddress() + ", remote=" + this.channel.remoteAddress() + "}";
	}

}
