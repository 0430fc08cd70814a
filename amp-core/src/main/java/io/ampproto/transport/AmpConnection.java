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
package io.ampproto.transport;

import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.net.ssl.SSLSession;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpException;
import io.ampproto.box.AmpLimitExceededException;
import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.unix.AmpDescriptorExchanger;
import io.ampproto.unix.AmpDescriptorPassingChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One AMP connection: the boxes received from the peer and the means to send boxes to it.
 * <p>
 * {@link #receive()} is backpressured all the way to the socket: while its subscriber has
 * no demand, the connection stops reading. Boxes written with {@link #write(AmpBox)} are
 * written on the connection's event loop and flushed once per batch rather than once per
 * box.
 * <p>
 * Its session reshapes it on box boundaries with {@link #reshaping()} (StartTLS,
 * protocol switching); the pipeline stays the connection's own ({@link AmpPipeline}).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpConnection implements Disposable {

	/** Longest wait before a connection that broke a limit is closed. */
	public static final Duration VIOLATION_CLOSE_DELAY = Duration.ofSeconds(30);

	/** Longest wait for the peer's end of stream in {@link #closeGracefully(Duration)}. */
	public static final Duration CLOSE_LINGER = Duration.ofSeconds(2);

	/** Most bytes of boxes held back while waiting for a StartTLS answer. */
	public static final int MAX_HELD_BYTES = 16 * 1024 * 1024;

	private static final Logger logger = Loggers.getLogger(AmpConnection.class);

	private final Connection connection;

	private final Channel channel;

	private final EventLoop eventLoop;

	private final AmpLimitViolationListener violationListener;

	private final @Nullable AmpDescriptorExchanger descriptors;

	private final AmpArgumentContext argumentContext;

	private final OutboundGate gate;

	private final AmpReshaping reshaping;

	private @Nullable AmpConnectionEvents events;

	/** Where bytes go once the connection has switched protocols. Event loop only. */
	private @Nullable SwitchedInbound switchedInbound;

	/** Whether the peer shut its output down. Event loop only. */
	private boolean inputShutdown;

	/** Whether reading failed (a reset). Event loop only. */
	private boolean readFailed;

	/** Why the inbound failed, for the switched protocol. */
	private @Nullable Throwable inboundError;

	private volatile @Nullable Throwable closeReason;

	private final @Nullable SslHandler tlsFromTheFirstByte;

	private volatile Supplier<Mono<Void>> beforeViolationClose = Mono::empty;

	AmpConnection(Connection connection, AmpLimitViolationListener violationListener) {
		this.connection = connection;
		this.channel = connection.channel();
		this.eventLoop = this.channel.eventLoop();
		this.gate = new OutboundGate(this, this.channel, this.eventLoop);
		this.reshaping = new AmpReshaping(this);
		// Kept: a failed handshake can close the channel, and empty its pipeline, before a session starts.
		this.tlsFromTheFirstByte = this.channel.pipeline().get(SslHandler.class);
		this.violationListener = violationListener;
		this.descriptors = AmpDescriptorExchanger.find(this.channel);
		this.argumentContext = (this.descriptors != null) ? this.descriptors.receiving()
				: AmpArgumentContext.unsupported((this.channel instanceof AmpDescriptorPassingChannel)
						? "this platform cannot pass file descriptors (SCM_RIGHTS) over UNIX domain sockets"
						: (this.channel instanceof LocalChannel) ? "the in-process transport ("
								+ this.channel.remoteAddress() + ") passes none; test them over a UNIX domain socket"
						: "the connection to " + this.channel.remoteAddress()
								+ " is not a UNIX domain socket, which Twisted's Descriptor needs");
	}

	/**
	 * Return the boxes received from the peer. Only one subscriber is allowed. The flux
	 * completes when the connection closes, and fails with an {@link AmpTooLongException}
	 * when the peer broke a length limit, or an {@link AmpLimitExceededException} when
	 * its box was refused by the memory budget or the box timeout (after the boxes
	 * received before it); the connection then closes.
	 * @return the received boxes
	 */
	public Flux<AmpBox> receive() {
		return receiveObjects().ofType(AmpBox.class);
	}

	/**
	 * Return what is received from the peer: boxes, and once the connection has switched
	 * to another protocol, its bytes as {@link ByteBuf}s (released after
	 * {@code onNext}, as Reactor Netty's inbound). Otherwise as {@link #receive()}.
	 * @return the received boxes and bytes
	 */
	public Flux<Object> receiveObjects() {
		Flux<Object> received = this.connection.inbound().receiveObject().handle((message, sink) -> {
			SwitchedInbound switched = this.switchedInbound;
			if (switched != null && message instanceof ByteBuf bytes) {
				switched.next(bytes);
			}
			else if (message instanceof AmpBox || message instanceof ByteBuf) {
				sink.next(message);
			}
			else if (message instanceof AmpTooLongException || message instanceof AmpLimitExceededException) {
				AmpException violation = (AmpException) message;
				this.closeReason = violation;
				sink.error(violation);
				// Later, so that the error reaches the subscriber before the close completes it.
				this.eventLoop.execute(this::closeAfterViolation);
			}
		});
		// After the subscriber: its close reason (a TLS failure named as such) is what the protocol sees.
		return received.doOnError((error) -> this.inboundError = error)
			.doAfterTerminate(() -> runOnLoop(this::endSwitchedInbound));
	}

	private void endSwitchedInbound() {
		SwitchedInbound switched = this.switchedInbound;
		if (switched != null) {
			Throwable error = this.inboundError;
			Throwable reason = this.closeReason;
			switched.complete((error != null && reason != null) ? reason : error);
		}
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
			this.gate.checkOpenForSend();
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
		return Mono.from(this.connection.outbound().sendObject(Flux.from(boxes).doOnNext((box) -> {
			checkSendable(box);
			this.gate.checkOpenForSend();
		})));
	}

	/**
	 * Write a box without waiting: it is written on the event loop, in call order, and
	 * flushed at the end of the current batch of work.
	 * @param box the box
	 * @throws AmpTooLongException when the box breaks a length limit; nothing is written
	 * @throws AmpConnectionClosedException when the connection is closed
	 * @throws AmpProtocolSwitchedException when the connection has switched to another
	 * protocol or waits for the answer to a switch request
	 */
	public void write(AmpBox box) {
		checkSendable(box);
		this.gate.write(box);
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
		return this.gate.writeWithDescriptors(exchanger, encoder);
	}

	/**
	 * Return whether the connection has switched to another protocol.
	 * @return whether it has switched
	 */
	public boolean isSwitched() {
		return this.gate.state() == OutboundGate.State.SWITCHED;
	}

	// Operations of the session ---------------------------------------------------------

	/**
	 * Start telling the session about the channel. Called once, as the session starts.
	 * @param events what to tell
	 */
	public void listen(AmpConnectionEvents events) {
		this.events = events;
		AmpPipeline.addLastUnlessClosed(this.connection, AmpPipeline.EVENTS, new ConnectionEventsHandler(this));
	}

	void onWritabilityChanged() {
		AmpConnectionEvents events = this.events;
		if (events != null) {
			events.writabilityChanged();
		}
	}

	void onReadFailed() {
		this.readFailed = true;
	}

	void onInputShutdown() {
		if (this.inputShutdown) {
			return;
		}
		this.inputShutdown = true;
		SwitchedInbound switched = this.switchedInbound;
		AmpConnectionEvents events = this.events;
		if (switched != null) {
			switched.inputEnded();
		}
		else if (events != null) {
			events.inputShutdown(this.readFailed);
		}
	}

	/**
	 * Keep the connection open for writing when the peer shuts its output down.
	 */
	public void allowHalfClosure() {
		this.channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
	}

	/**
	 * Set whether the channel reads from the socket (its auto-read).
	 * @param reading whether to read
	 */
	public void reading(boolean reading) {
		this.channel.config().setAutoRead(reading);
	}

	/**
	 * Return whether the channel takes writes: its outbound buffer is under the high water
	 * mark.
	 * @return whether writable
	 */
	public boolean isWritable() {
		return this.channel.isWritable();
	}

	/**
	 * Return the operations that reshape this connection on box boundaries (StartTLS,
	 * protocol switching), for its session.
	 * @return the operations
	 */
	public AmpReshaping reshaping() {
		return this.reshaping;
	}

	void switchedTo(SwitchedInbound bytes) {
		this.switchedInbound = bytes;
		if (this.inputShutdown) {
			bytes.inputEnded();
		}
	}

	OutboundGate gate() {
		return this.gate;
	}

	Channel channel() {
		return this.channel;
	}

	/**
	 * Close once everything written has reached the socket: a plain close drops what the
	 * socket has not taken yet. Event loop only.
	 */
	public void closeOnceWritten() {
		this.gate.writePending();
		this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
	}

	/**
	 * Close after a delay unless closed meanwhile.
	 * @param delay the delay
	 * @param beforeClose runs before the close, on the event loop
	 */
	public void closeAfter(Duration delay, Runnable beforeClose) {
		ScheduledFuture<?> close = this.eventLoop.schedule(() -> {
			if (this.channel.isActive()) {
				beforeClose.run();
				dispose();
			}
		}, delay.toNanos(), TimeUnit.NANOSECONDS);
		this.channel.closeFuture().addListener((closed) -> close.cancel(false));
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
	 * The event loop this connection was registered on; unlike the channel's, still
	 * known once the connection is closed and deregistered.
	 * @return the connection's event loop
	 */
	public EventLoop eventLoop() {
		return this.eventLoop;
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
	 * Return whether the connection is secured by TLS (from the first byte or after
	 * StartTLS): its handshake has succeeded. While it runs, nothing received is
	 * protected yet.
	 * @return whether the TLS handshake has completed
	 */
	public boolean isSecure() {
		SslHandler handler = this.channel.pipeline().get(SslHandler.class);
		return handler != null && handler.handshakeFuture().isSuccess();
	}

	/**
	 * Return the TLS handler the connection had when it was opened (TLS from the first
	 * byte), even once a failed handshake has closed the connection.
	 * @return the handler, or {@code null} when the connection began in the clear
	 */
	public @Nullable SslHandler tlsFromTheFirstByte() {
		return this.tlsFromTheFirstByte;
	}

	/**
	 * Return whether the connection has a TLS layer, its handshake done or still running.
	 * @return whether TLS has started
	 */
	public boolean hasTls() {
		return this.channel.pipeline().get(SslHandler.class) != null;
	}

	/**
	 * Return the TLS session, once the handshake has succeeded.
	 * @return the session, or {@code null} without TLS or before the handshake is done
	 */
	public @Nullable SSLSession sslSession() {
		SslHandler handler = this.channel.pipeline().get(SslHandler.class);
		if (handler == null || !handler.handshakeFuture().isSuccess()) {
			return null;
		}
		return handler.engine().getSession();
	}

	/**
	 * Return the certificate chain the peer presented in the TLS handshake, its own
	 * certificate first, for authorization decisions.
	 * @return the peer's certificates; empty without TLS, before the handshake is done,
	 * or when the peer presented none
	 */
	public List<X509Certificate> peerCertificates() {
		return PeerCertificates.of(sslSession());
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
			this.gate.flushAll();
			this.connection.dispose();
		}
		else {
			this.eventLoop.execute(this::dispose);
		}
	}

	/**
	 * Close the connection without losing what was written: once the boxes sent so far
	 * have reached the socket, the output shuts down (the FIN follows the last box), and
	 * what the peer still sends is read and dropped until its end of stream or the
	 * linger ends. Closing with unread bytes would make the kernel reset the connection,
	 * and the peer would lose the boxes it had not read yet.
	 * @param linger the longest wait for the peer's end of stream
	 */
	public void closeGracefully(Duration linger) {
		if (this.eventLoop.inEventLoop()) {
			this.gate.writePending();
			GracefulClose.start(this.channel, linger);
		}
		else {
			this.eventLoop.execute(() -> closeGracefully(linger));
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
