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

package io.ampproto.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.command.AmpCommand;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Calls an AMP server: connects on first use, shares one connection between all callers
 * and reconnects when it is lost.
 * <p>
 * Nothing happens until the first call (or {@link #connect()}); concurrent callers share
 * one connection attempt. When the connection closes, or an attempt fails, the next call
 * connects again, waiting first for an exponential backoff that grows with each
 * consecutive failure. A connection resets the backoff only once it has answered a call
 * or stayed open for {@link Builder#stableAfter(Duration)}; one that the server closes
 * sooner is one more failure, so that a server that accepts and drops every connection
 * is not hammered. A call never makes more than one attempt: when it fails, the call
 * fails with an {@link AmpConnectException}.
 * Calls waiting for an answer when the connection drops fail with an
 * {@link AmpConnectionClosedException}, as it is unknown whether the server ran them.
 * <p>
 * AMP is symmetric: the server may call the {@link Builder#responders(AmpResponders)
 * responders} of the requester on the same connection.
 *
 * <pre class="code">
 * AmpRequester requester = AmpRequester.builder().host("localhost").port(7001).build();
 * Mono&lt;Sum.Result&gt; result = requester.call(new Sum(13, 81));
 * </pre>
 *
 * Thread-safe.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpRequester implements Disposable {

	private static final Logger logger = Loggers.getLogger(AmpRequester.class);

	/** How long a connection must stay open, without an answer, to reset the backoff. */
	public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(5);

	private final String name;

	private final String address;

	private final AmpConnector connector;

	private final AmpResponders responders;

	private final AmpSessionOptions options;

	private final ReconnectBackoff backoff;

	private final boolean startTls;

	/** Guards the fields below; never held while connecting or signalling callers. */
	private final Object lock = new Object();

	private volatile @Nullable AmpSession session;

	private @Nullable Attempt attempt;

	private volatile boolean disposed;

	private AmpRequester(Builder builder) {
		Path unixSocket = builder.unixSocket;
		this.address = (unixSocket != null) ? "unix:" + unixSocket : formatAddress(builder.host, builder.port);
		this.name = (builder.name != null) ? builder.name : this.address;
		this.connector = builder.connector.apply((unixSocket != null) ? AmpConnector.create().unixSocket(unixSocket)
				: AmpConnector.create().host(builder.host).port(builder.port));
		this.responders = builder.responders;
		this.backoff = new ReconnectBackoff(builder.minBackoff, builder.maxBackoff, builder.stableAfter);
		this.options = builder.options.withObserver(
				AmpSessionObserver.of(List.of(builder.options.observer(), builder.observer, this.backoff)));
		this.startTls = builder.startTls;
	}

	/**
	 * Return a new builder.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Call a command, connecting first if needed.
	 * @param <R> the response type
	 * @param command the command record
	 * @return the response (empty for {@link Void}); fails as {@link AmpSession#call}
	 * does, or with an {@link AmpConnectException} when the server cannot be reached
	 */
	public <R> Mono<R> call(AmpCommand<R> command) {
		Objects.requireNonNull(command, "command");
		return Mono.defer(() -> {
			// Connected: straight to the session, without the connecting machinery.
			AmpSession current = this.session;
			if (current != null && !this.disposed && isOpen(current)) {
				return current.call(command);
			}
			return session().flatMap((session) -> session.call(command));
		});
	}

	/**
	 * Call a command with a timeout for its answer, connecting first if needed. The
	 * timeout does not include connecting, which is bounded by the backoff and the
	 * transport's connect timeout.
	 * @param <R> the response type
	 * @param command the command record
	 * @param timeout how long to wait for the answer
	 * @return the response
	 */
	public <R> Mono<R> call(AmpCommand<R> command, Duration timeout) {
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(timeout, "timeout");
		return Mono.defer(() -> {
			AmpSession current = this.session;
			if (current != null && !this.disposed && isOpen(current)) {
				return current.call(command, timeout);
			}
			return session().flatMap((session) -> session.call(command, timeout));
		});
	}

	/**
	 * Call a command by name with raw arguments, connecting first if needed.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return the whole answer box, {@code _answer} included
	 */
	public Mono<AmpBox> callRaw(String command, AmpBox arguments) {
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(arguments, "arguments");
		return session().flatMap((session) -> session.callRaw(command, arguments));
	}

	/**
	 * Switch the current connection (connecting first if needed) to another protocol;
	 * later calls open a new connection. See
	 * {@link AmpSession#switchProtocol(AmpSwitchCommand, AmpInnerProtocol)}.
	 * @param command the switch command
	 * @param protocol the protocol to run on the connection after the answer
	 * @return completes once switched
	 */
	public Mono<Void> switchProtocol(AmpSwitchCommand command, AmpInnerProtocol protocol) {
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(protocol, "protocol");
		return session().flatMap((session) -> session.switchProtocol(command, protocol));
	}

	/**
	 * Connect, unless connected already.
	 * @return completes once connected
	 */
	public Mono<Void> connect() {
		return session().then();
	}

	/**
	 * Return the session of the current connection, connecting first if needed.
	 * @return the session; fails with an {@link AmpConnectException} when the server
	 * cannot be reached
	 */
	public Mono<AmpSession> session() {
		return Mono.defer(() -> {
			Attempt started;
			Duration delay;
			AmpSession lost = null;
			int failed = 0;
			synchronized (this.lock) {
				if (this.disposed) {
					return Mono.error(disposedException());
				}
				AmpSession current = this.session;
				if (current != null && isOpen(current)) {
					return Mono.just(current);
				}
				if (this.attempt != null) {
					return this.attempt.result.asMono();
				}
				if (current != null) {
					// Closed, but not told yet: count it before computing the backoff.
					lost = current;
					failed = forget(current);
				}
				started = new Attempt();
				this.attempt = started;
				delay = this.backoff.remaining();
			}
			if (lost != null) {
				logClosed(failed);
			}
			// Subscribed outside the lock: the connection may complete on this thread.
			Mono<AmpConnection> connection = this.connector.connect();
			if (!delay.isZero()) {
				logger.debug("[{}] Reconnecting to {} in {} ms", this.name, this.address, delay.toMillis());
				connection = Mono.delay(delay).then(connection);
			}
			connection.subscribe(started);
			return started.result.asMono();
		});
	}

	/**
	 * Return whether a connection is open.
	 * @return whether connected
	 */
	public boolean isConnected() {
		AmpSession current = this.session;
		return current != null && isOpen(current);
	}

	/**
	 * Close the connection and stop connecting. Calls waiting for an answer fail with an
	 * {@link AmpConnectionClosedException}; later calls fail with an
	 * {@link IllegalStateException}.
	 */
	@Override
	public void dispose() {
		Attempt pending;
		AmpSession current;
		synchronized (this.lock) {
			if (this.disposed) {
				return;
			}
			this.disposed = true;
			pending = this.attempt;
			current = this.session;
			this.attempt = null;
			this.session = null;
		}
		if (pending != null) {
			pending.dispose();
			pending.result.tryEmitError(disposedException());
		}
		if (current != null) {
			current.dispose();
		}
		logger.debug("[{}] Disposed", this.name);
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	@Override
	public String toString() {
		return "AmpRequester{name=" + this.name + ", remote=" + this.address + ", connected=" + isConnected()
				+ ", disposed=" + this.disposed + "}";
	}

	private void connected(Attempt attempt, AmpConnection connection) {
		// Started outside the lock: responders may run at once and call back into us.
		AmpSession started = AmpSession.start(connection, this.responders, this.options);
		if (this.startTls) {
			// Callers get the session once TLS runs; a failed StartTLS fails the attempt.
			started.startTls().subscribe((tls) -> accept(attempt, started), (error) -> {
				started.dispose();
				failed(attempt, error);
			});
			return;
		}
		accept(attempt, started);
	}

	private void accept(Attempt attempt, AmpSession started) {
		boolean accepted;
		synchronized (this.lock) {
			accepted = !this.disposed;
			if (accepted) {
				this.session = started;
				this.attempt = null;
				this.backoff.connected(started);
			}
		}
		if (!accepted) {
			started.dispose();
			attempt.result.tryEmitError(disposedException());
			return;
		}
		logger.debug("[{}] Connected to {}", this.name, this.address);
		started.onClose().subscribe(null, null, () -> closed(started));
		attempt.result.tryEmitValue(started);
	}

	private void failed(Attempt attempt, Throwable error) {
		int failed;
		synchronized (this.lock) {
			if (this.attempt == attempt) {
				this.attempt = null;
			}
			failed = this.backoff.attemptFailed();
		}
		logger.warn("[{}] Cannot connect to {} (attempt {}): {}", this.name, this.address, failed, error.toString());
		attempt.result.tryEmitError(new AmpConnectException(
				"Cannot connect to AMP server " + this.address + ": " + error.getMessage(), error));
	}

	private void closed(AmpSession closed) {
		int failed;
		synchronized (this.lock) {
			if (this.session != closed) {
				return;
			}
			failed = forget(closed);
		}
		logClosed(failed);
	}

	/** Call with the lock held; return the consecutive failures, 0 after a good connection. */
	private int forget(AmpSession closed) {
		this.session = null;
		return this.backoff.closed(closed);
	}

	private void logClosed(int failed) {
		if (failed == 0) {
			logger.debug("[{}] Connection to {} closed", this.name, this.address);
		}
		else {
			logger.info("[{}] Connection to {} closed before it answered a call (failure {}): next attempt in {} ms",
					this.name, this.address, failed, this.backoff.after(failed).toMillis());
		}
	}

	private static boolean isOpen(AmpSession session) {
		return !session.isDisposed() && session.connection().isActive() && !session.isSwitched();
	}

	private IllegalStateException disposedException() {
		return new IllegalStateException("AmpRequester " + this.name + " to " + this.address + " is disposed");
	}

	private static String formatAddress(String host, int port) {
		return (host.indexOf(':') >= 0) ? "[" + host + "]:" + port : host + ":" + port;
	}

	/**
	 * One connection attempt, shared by every caller that waits for it. It runs to the
	 * end even when they cancel, so a connection is never opened and then lost.
	 */
	private final class Attempt extends BaseSubscriber<AmpConnection> {

		final Sinks.One<AmpSession> result = Sinks.one();

		@Override
		protected void hookOnNext(AmpConnection connection) {
			start(connection);
		}

		private void start(AmpConnection connection) {
			try {
				connected(this, connection);
			}
			catch (RuntimeException ex) {
				connection.dispose();
				failed(this, ex);
			}
		}

		@Override
		protected void hookOnError(Throwable error) {
			failed(this, error);
		}

	}

	/**
	 * Builds an {@link AmpRequester}.
	 */
	public static final class Builder {

		private String host = "localhost";

		private int port = -1;

		private UnaryOperator<AmpConnector> connector = UnaryOperator.identity();

		private AmpResponders responders = AmpResponders.none();

		private AmpSessionOptions options = AmpSessionOptions.DEFAULTS;

		private AmpSessionObserver observer = AmpSessionObserver.NONE;

		private Duration minBackoff = Duration.ofMillis(100);

		private Duration maxBackoff = Duration.ofSeconds(10);

		private Duration stableAfter = DEFAULT_STABLE_AFTER;

		private @Nullable String name;

		private boolean startTls;

		private @Nullable Path unixSocket;

		private Builder() {
		}

		/**
		 * Connect to a UNIX domain socket instead of a host and port, with Twisted's
		 * {@code Descriptor} passing (needs junixsocket).
		 * @param path the socket file
		 * @return this builder
		 */
		public Builder unixSocket(Path path) {
			this.unixSocket = Objects.requireNonNull(path, "path");
			return this;
		}

		/**
		 * Set the host of the server; {@code localhost} by default.
		 * @param host a host name or address
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = Objects.requireNonNull(host, "host");
			return this;
		}

		/**
		 * Set the port of the server (required: AMP has no default port).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Customize the transport (TCP options, TLS, limits...). Customizers are applied
		 * in order, after the host and port are set.
		 * @param customizer returns the customized connector
		 * @return this builder
		 */
		public Builder connector(UnaryOperator<AmpConnector> customizer) {
			Objects.requireNonNull(customizer, "customizer");
			UnaryOperator<AmpConnector> previous = this.connector;
			this.connector = (connector) -> customizer.apply(previous.apply(connector));
			return this;
		}

		/**
		 * Set the responders of commands that the server calls on the requester; none by
		 * default (every command is answered {@code UNHANDLED}).
		 * @param responders the responders
		 * @return this builder
		 */
		public Builder responders(AmpResponders responders) {
			this.responders = Objects.requireNonNull(responders, "responders");
			return this;
		}

		/**
		 * Set the options of each connection's session.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(AmpSessionOptions options) {
			this.options = Objects.requireNonNull(options, "options");
			return this;
		}

		/**
		 * Set an observer of each connection's session (metrics, tracing), kept apart
		 * from {@link #options(AmpSessionOptions)}: setting options later does not drop
		 * it, and an observer in the options is told as well.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(AmpSessionObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/**
		 * Set the backoff before reconnecting: {@code minBackoff} after a lost
		 * connection or a first failed attempt, doubling after each further failure up
		 * to {@code maxBackoff} (a connection closed before it proved itself is a
		 * failure: see {@link #stableAfter(Duration)}). 100 ms and 10 s by default.
		 * @param minBackoff the first backoff
		 * @param maxBackoff the longest backoff
		 * @return this builder
		 */
		public Builder reconnect(Duration minBackoff, Duration maxBackoff) {
			Objects.requireNonNull(minBackoff, "minBackoff");
			Objects.requireNonNull(maxBackoff, "maxBackoff");
			if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
				throw new IllegalArgumentException("Backoff must be positive with min <= max, but was min="
						+ minBackoff + ", max=" + maxBackoff);
			}
			this.minBackoff = minBackoff;
			this.maxBackoff = maxBackoff;
			return this;
		}

		/**
		 * Set how long a connection must stay open to reset the backoff, unless a call is
		 * answered on it first; 5 s by default. A connection closed sooner without an
		 * answer counts as a failed attempt.
		 * @param stableAfter how long a connection must live
		 * @return this builder
		 */
		public Builder stableAfter(Duration stableAfter) {
			Objects.requireNonNull(stableAfter, "stableAfter");
			if (stableAfter.isNegative()) {
				throw new IllegalArgumentException("stableAfter must not be negative, but was " + stableAfter);
			}
			this.stableAfter = stableAfter;
			return this;
		}

		/**
		 * Set whether each connection starts TLS with Twisted's StartTLS command before
		 * it is used; off by default. The session {@link #options(AmpSessionOptions)
		 * options} must have TLS settings.
		 * @param startTls whether to send StartTLS on connecting
		 * @return this builder
		 */
		public Builder startTls(boolean startTls) {
			this.startTls = startTls;
			return this;
		}

		/**
		 * Set the name used in logs; the server's address by default.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = Objects.requireNonNull(name, "name");
			return this;
		}

		/**
		 * Build the requester. It does not connect until first used.
		 * @return the requester
		 */
		public AmpRequester build() {
			if (this.port == -1 && this.unixSocket == null) {
				throw new IllegalStateException("The port (or the UNIX domain socket) of the AMP server must be set");
			}
			if (this.startTls && this.options.tls() == null) {
				throw new IllegalStateException("StartTLS needs TLS settings in the session options");
			}
			return new AmpRequester(this);
		}

	}

}
