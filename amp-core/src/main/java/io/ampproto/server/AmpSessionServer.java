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
package io.ampproto.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.session.AmpBackpressureListener;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnectionLimiter;
import io.ampproto.transport.AmpIdleTimeoutHandler;
import io.ampproto.transport.AmpServer;
import io.ampproto.unix.AmpUnixSockets;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * An AMP server that runs an {@link AmpSession} on every accepted connection, keeps track
 * of them, and shuts down gracefully.
 * <p>
 * A graceful shutdown first closes the listening socket, then lets each session answer the
 * commands it has accepted (new ones get a {@value AmpSession#SHUTTING_DOWN_CODE} error)
 * within a grace period, and then closes every connection.
 * <p>
 * Its {@link AmpServerLimits} cap the connections (one over the limit is closed at once)
 * and may close idle ones; how often each limit acted is counted
 * ({@link #refusedConnections()}, {@link #idleTimeouts()}, {@link #callLimitPauses()},
 * {@link #writabilityPauses()}).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSessionServer {

	private static final Logger logger = Loggers.getLogger(AmpSessionServer.class);

	private final List<AmpServer> transports;

	private final AmpResponders responders;

	private final AmpSessionOptions options;

	private final Duration startTimeout;

	private final AmpServerLimits limits;

	private final AmpConnectionLimiter connectionLimiter;

	private final LongAdder idleTimeouts = new LongAdder();

	private final LongAdder callLimitPauses = new LongAdder();

	private final LongAdder writabilityPauses = new LongAdder();

	private final LongAdder blockingLimitPauses = new LongAdder();

	private final AmpBackpressureListener backpressureListener = new AmpBackpressureListener() {

		@Override
		public void onCallLimitReached(AmpSession session) {
			AmpSessionServer.this.callLimitPauses.increment();
		}

		@Override
		public void onWritabilityPause(AmpSession session) {
			AmpSessionServer.this.writabilityPauses.increment();
		}

		@Override
		public void onBlockingLimitReached(AmpSession session) {
			AmpSessionServer.this.blockingLimitPauses.increment();
		}

	};

	private final Set<AmpSession> sessions = ConcurrentHashMap.newKeySet();

	private final List<Consumer<AmpSession>> sessionListeners = new ArrayList<>();

	/** The bound listeners, one per transport, or {@code null} when stopped. */
	private final AtomicReference<@Nullable List<DisposableServer>> server = new AtomicReference<>();

	private final AtomicLong connectionsAccepted = new AtomicLong();

	private volatile boolean shuttingDown;

	private volatile @Nullable Throwable startFailure;

	/**
	 * Create a server.
	 * @param transport the configured transport (address, limits, TCP options)
	 * @param responders the responders of commands from clients
	 * @param options the session options
	 * @param startTimeout how long binding may take
	 */
	public AmpSessionServer(AmpServer transport, AmpResponders responders, AmpSessionOptions options,
			Duration startTimeout) {
		this(List.of(transport), responders, options, AmpServerLimits.DEFAULTS, startTimeout);
	}

	/**
	 * Create a server with limits on its connections.
	 * @param transport the configured transport (address, limits, TCP options)
	 * @param responders the responders of commands from clients
	 * @param options the session options
	 * @param limits the limits on connections
	 * @param startTimeout how long binding may take
	 */
	public AmpSessionServer(AmpServer transport, AmpResponders responders, AmpSessionOptions options,
			AmpServerLimits limits, Duration startTimeout) {
		this(List.of(transport), responders, options, limits, startTimeout);
	}

	/**
	 * Create a server listening on several transports at once (for example TCP and a
	 * UNIX domain socket), with the same responders, sessions and limits.
	 * @param transports the configured transports, at least one
	 * @param responders the responders of commands from clients
	 * @param options the session options
	 * @param limits the limits on connections, shared by every transport
	 * @param startTimeout how long binding may take
	 */
	public AmpSessionServer(List<AmpServer> transports, AmpResponders responders, AmpSessionOptions options,
			AmpServerLimits limits, Duration startTimeout) {
		if (transports.isEmpty()) {
			throw new IllegalArgumentException("An AMP server needs at least one transport");
		}
		this.transports = List.copyOf(transports);
		this.responders = responders;
		this.options = options;
		this.limits = limits;
		this.connectionLimiter = new AmpConnectionLimiter(limits.maxConnections());
		this.startTimeout = startTimeout;
	}

	/**
	 * Return the options of the server's sessions (their TLS settings among them).
	 * @return the session options
	 */
	public AmpSessionOptions options() {
		return this.options;
	}

	/**
	 * Add a listener told about every new session (before its first box is read).
	 * @param listener the listener
	 */
	public void addSessionListener(Consumer<AmpSession> listener) {
		this.sessionListeners.add(listener);
	}

	/**
	 * Bind the server. Does nothing when it is already started.
	 */
	public synchronized void start() {
		if (this.server.get() != null) {
			return;
		}
		this.shuttingDown = false;
		List<DisposableServer> listeners = new ArrayList<>();
		try {
			for (AmpServer transport : this.transports) {
				listeners.add(transport.tcpServer(this.connectionLimiter).handle(this::handle).bindNow(this.startTimeout));
			}
		}
		catch (RuntimeException ex) {
			listeners.forEach(DisposableServer::disposeNow);
			this.startFailure = ex;
			throw ex;
		}
		this.startFailure = null;
		this.server.set(listeners);
		for (DisposableServer bound : listeners) {
			if (port(bound) >= 0) {
				logger.info("AMP server started on port {} ({})", port(bound), address(bound));
			}
			else {
				logger.info("AMP server started on {}", AmpUnixSockets.describe(address(bound)));
			}
		}
		startAwaitThread(listeners.get(0));
	}

	private Mono<Void> handle(AmpConnection connection) {
		if (this.shuttingDown) {
			connection.dispose();
			return Mono.empty();
		}
		this.connectionsAccepted.incrementAndGet();
		AmpSession session = AmpSession.start(connection, this.responders, this.options, this.backpressureListener);
		Duration idleTimeout = this.limits.idleTimeout();
		if (idleTimeout != null) {
			AmpIdleTimeoutHandler.install(connection, idleTimeout, session::hasCallsInFlight,
					() -> closeIdle(connection, idleTimeout));
		}
		this.sessions.add(session);
		this.sessionListeners.forEach((listener) -> listener.accept(session));
		return session.onClose().doFinally((signal) -> this.sessions.remove(session));
	}

	private void closeIdle(AmpConnection connection, Duration idleTimeout) {
		this.idleTimeouts.increment();
		logger.debug("Closing the AMP connection to {}: no traffic for {}", connection.remoteAddress(), idleTimeout);
		connection.closeReason(new AmpConnectionClosedException(
				"AMP connection closed by the server after " + idleTimeout + " without traffic", null));
		connection.dispose();
	}

	/**
	 * Reactor Netty's threads are daemons: keep the JVM alive while the server runs, as
	 * Boot's RSocket and web servers do.
	 */
	private void startAwaitThread(DisposableServer bound) {
		Thread awaitThread = new Thread(() -> bound.onDispose().block(), "amp-server");
		awaitThread.setContextClassLoader(getClass().getClassLoader());
		awaitThread.setDaemon(false);
		awaitThread.start();
	}

	/**
	 * Return whether the server is bound.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		List<DisposableServer> bound = this.server.get();
		return bound != null && bound.stream().anyMatch((listener) -> !listener.isDisposed());
	}

	/**
	 * Return whether a graceful shutdown is under way.
	 * @return whether the server is shutting down
	 */
	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/**
	 * Return why the last start failed (the port was taken, for example).
	 * @return the failure, or {@code null} when the last start succeeded or none was tried
	 */
	public @Nullable Throwable startFailure() {
		return this.startFailure;
	}

	/**
	 * Return how many connections were accepted since the server was created.
	 * @return the number of accepted connections
	 */
	public long connectionsAccepted() {
		return this.connectionsAccepted.get();
	}

	/**
	 * Return the bound address.
	 * @return the address, or {@code null} when not started
	 */
	public @Nullable SocketAddress address() {
		List<DisposableServer> bound = this.server.get();
		return (bound != null) ? address(bound.get(0)) : null;
	}

	/**
	 * Return the bound addresses, one per transport.
	 * @return the addresses, empty when not started
	 */
	public List<SocketAddress> addresses() {
		List<DisposableServer> bound = this.server.get();
		return (bound != null) ? bound.stream().map(AmpSessionServer::address).toList() : List.of();
	}

	/**
	 * Return the bound TCP port.
	 * @return the port of the first TCP transport, or -1 when not started or not on TCP
	 */
	public int port() {
		List<DisposableServer> bound = this.server.get();
		if (bound != null) {
			for (DisposableServer listener : bound) {
				if (port(listener) >= 0) {
					return port(listener);
				}
			}
		}
		return -1;
	}

	private static int port(DisposableServer bound) {
		// junixsocket's UNIX addresses are unresolved InetSocketAddresses.
		return (address(bound) instanceof InetSocketAddress inet && !inet.isUnresolved()) ? inet.getPort() : -1;
	}

	/**
	 * The channel's address: Reactor Netty's {@code address()} casts it to an
	 * InetSocketAddress, which a server on other channels (Netty's local ones) has not.
	 */
	private static SocketAddress address(DisposableServer bound) {
		return bound.channel().localAddress();
	}

	/**
	 * Return how many connections are open.
	 * @return the number of open sessions
	 */
	public int openConnections() {
		return this.sessions.size();
	}

	/**
	 * Return the open sessions.
	 * @return a snapshot of the sessions
	 */
	public Collection<AmpSession> sessions() {
		return Collections.unmodifiableList(new ArrayList<>(this.sessions));
	}

	/**
	 * Return the limits on connections.
	 * @return the limits
	 */
	public AmpServerLimits limits() {
		return this.limits;
	}

	/**
	 * Return how many connections were refused, since the server was created, because
	 * {@link AmpServerLimits#maxConnections()} were open.
	 * @return the number of refused connections
	 */
	public long refusedConnections() {
		return this.connectionLimiter.refusedConnections();
	}

	/**
	 * Return how many connections were closed for having no traffic for
	 * {@link AmpServerLimits#idleTimeout()}.
	 * @return the number of idle connections closed
	 */
	public long idleTimeouts() {
		return this.idleTimeouts.sum();
	}

	/**
	 * Return how many times a connection stopped being read because
	 * {@link AmpSessionOptions#maxInboundCallsInFlight()} of its commands were being
	 * answered.
	 * @return the number of pauses
	 */
	public long callLimitPauses() {
		return this.callLimitPauses.sum();
	}

	/**
	 * Return how many times a connection stopped being read because its client did not
	 * read its answers.
	 * @return the number of pauses
	 */
	public long writabilityPauses() {
		return this.writabilityPauses.sum();
	}

	/**
	 * Return how many times a connection stopped starting commands because the executor
	 * of blocking responders was at its bound.
	 * @return the number of pauses
	 */
	public long blockingLimitPauses() {
		return this.blockingLimitPauses.sum();
	}

	/**
	 * Return the responders.
	 * @return the responders
	 */
	public AmpResponders responders() {
		return this.responders;
	}

	/**
	 * Stop accepting connections and commands, wait for accepted commands to be answered
	 * (at most the grace period), then close every connection.
	 * @param gracePeriod how long to wait for accepted commands
	 * @return whether every accepted command was answered in time
	 */
	public boolean shutDownGracefully(Duration gracePeriod) {
		List<DisposableServer> bound = this.server.get();
		if (bound == null) {
			return true;
		}
		this.shuttingDown = true;
		long deadline = System.nanoTime() + gracePeriod.toNanos();
		bound.forEach((listener) -> listener.disposeNow(gracePeriod));
		List<AmpSession> open = new ArrayList<>(this.sessions);
		logger.info("AMP server shutting down gracefully: {} connection(s), waiting up to {}", open.size(),
				gracePeriod);
		boolean drained = Boolean.TRUE.equals(Flux.fromIterable(open)
			.flatMap(AmpSession::drain)
			.then(Mono.just(true))
			.timeout(gracePeriod, Mono.just(false))
			.block());
		if (!drained) {
			logger.warn("AMP server grace period of {} ended with commands still unanswered", gracePeriod);
		}
		// The answers written reach clients that keep sending: no reset (see AmpConnection.closeGracefully).
		Duration linger = closeLinger(Duration.ofNanos(deadline - System.nanoTime()));
		open.forEach((session) -> session.connection().closeGracefully(linger));
		Flux.fromIterable(open).flatMap(AmpSession::onClose).then().block(linger.plusSeconds(5));
		stop();
		return drained;
	}

	/**
	 * How long a graceful close waits for a client's end of stream: what is left of the
	 * grace period, at most {@link AmpConnection#CLOSE_LINGER}, at least enough to write
	 * the last answers.
	 */
	static Duration closeLinger(Duration left) {
		Duration least = Duration.ofMillis(200);
		return (left.compareTo(least) < 0) ? least
				: (left.compareTo(AmpConnection.CLOSE_LINGER) > 0) ? AmpConnection.CLOSE_LINGER : left;
	}

	/**
	 * Close the listening socket and every connection now.
	 */
	public void stop() {
		this.shuttingDown = true;
		List<DisposableServer> bound = this.server.getAndSet(null);
		if (bound != null) {
			bound.forEach(DisposableServer::dispose);
		}
		List<AmpSession> open = new ArrayList<>(this.sessions);
		open.forEach(AmpSession::dispose);
		Flux.fromIterable(open).flatMap(AmpSession::onClose).then().block(Duration.ofSeconds(10));
		if (bound != null) {
			bound.forEach((listener) -> listener.onDispose().block(Duration.ofSeconds(10)));
		}
	}

}
