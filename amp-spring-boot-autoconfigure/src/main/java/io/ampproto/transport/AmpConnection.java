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
import java.util.function.Function;
import java.util.function.Supplier;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.unix.AmpDescriptorExchanger;
import io.ampproto.unix.AmpDescriptorPassingChannel;
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

	private final @Nullable AmpDescriptorExchanger descriptors;

	private final AmpArgumentContext argumentContext;

	/** Boxes, and boxes with descriptors, written by other threads. */
	private final Queue<Object> pendingWrites = PlatformDependent.newMpscQueue();

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
		this.descriptors = AmpDescriptorExchanger.find(this.channel);
		this.argumentContext = (this.descriptors != null) ? this.descriptors.receiving()
				: AmpArgumentContext.unsupported((this.channel instanceof AmpDescriptorPassingChannel)
						? "this platform cannot pass file descriptors (SCM_RIGHTS) over UNIX domain sockets"
						: "the connection to " + this.channel.remoteAddress()
								+ " is not a UNIX domain socket, which Twisted's Descriptor needs");
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
		writeMessage(box);
	}

	/**
	 * Return whether this connection passes file descriptors (Twisted's
	 * {@code Descriptor}): a UNIX domain socket on a platform with {@code SCM_RIGHTS}.
	 * @return whether descriptors can be sent and received
	 */
	public boolean passesDescriptors() {
		return this.descriptors != null;
	}

	/**
	 * Return the context to decode received boxes with: it claims the descriptors they
	 * name. On a connection that does not pass descriptors it refuses them with a clear
	 * error.
	 * @return the argument context
	 */
	public AmpArgumentContext argumentContext() {
		return this.argumentContext;
	}

	/**
	 * Encode a box and write it, as one step: the descriptors it sends are numbered in
	 * the order they are written, and ride on its first bytes. Where the connection
	 * passes descriptors this must run on the connection's event loop. When it fails,
	 * nothing is written and the descriptors handed over are closed.
	 * @param encoder encodes the box with the connection's context
	 * @return the box written
	 * @throws AmpTooLongException when the box breaks a length limit
	 * @throws AmpConnectionClosedException when the connection is closed
	 */
	public AmpBox write(Function<AmpArgumentContext, AmpBox> encoder) {
		AmpDescriptorExchanger exchanger = this.descriptors;
		if (exchanger == null) {
			AmpBox box = encoder.apply(this.argumentContext);
			write(box);
			return box;
		}
		if (!this.eventLoop.inEventLoop()) {
			throw new IllegalStateException("Boxes with descriptors are written on the connection's event loop");
		}
		AmpDescriptorExchanger.Outgoing outgoing = exchanger.outgoing();
		try {
			AmpBox box = encoder.apply(outgoing);
			checkSendable(box);
			writeMessage(outgoing.message(box));
			outgoing.commit();
			return box;
		}
		catch (RuntimeException | Error ex) {
			outgoing.abort();
			throw ex;
		}
	}

	private void writeMessage(Object box) {
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
		Object box;
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

	/**
	 * Check that a box can be sent, counting a broken limit as {@link #write(AmpBox)}
	 * does.
	 * @param box the box
	 * @throws AmpTooLongException when the box breaks a length limit
	 */
	public void checkSendable(AmpBox box) {
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
	 * @return the local address; {@code null} for an unnamed UNIX domain socket client
	 */
	public @Nullable SocketAddress localAddress() {
		return this.channel.localAddress();
	}

	/**
	 * Return the peer's address.
	 * @return the remote address; {@code null} for an unnamed UNIX domain socket client
	 */
	public @Nullable SocketAddress remoteAddress() {
		return this.channel.remoteAddress();
	}

	/**
	 * Return whether this side accepted the connection (it is a server's connection)
	 * rather than opened it (a client's).
	 * @return whether the connection was accepted by a server
	 */
	public boolean isAccepted() {
		// An accepted channel is the child of the server's listening channel.
		return this.channel.parent() != null;
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
