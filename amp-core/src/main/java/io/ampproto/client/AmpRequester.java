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

package io.ampproto.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.ampproto.auth.AmpLogin;
import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpClientInterceptor;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.tls.AmpTls;
import io.ampproto.transport.AmpConnector;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
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
 * <p>
 * A requester built with a {@link Builder#loadBalancer(AmpLoadBalancer) load balancer}
 * spreads its calls over the instances of a service instead, one connection per instance
 * (see {@link Builder#loadBalancer(AmpLoadBalancer)}).
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

	/** Where calls go: one server, or the instances of a load-balanced service. */
	private final RequesterCalls calls;

	/** How long calls wait for an answer by default; forever when {@code null}. */
	private final @Nullable Duration callTimeout;

	private volatile boolean disposed;

	private AmpRequester(Builder builder) {
		RequesterAssembly assembly = RequesterAssembly.of(builder);
		this.name = assembly.name();
		this.address = assembly.address();
		this.callTimeout = assembly.callTimeout();
		this.calls = assembly.calls();
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
		return this.calls.call(command);
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
		return this.calls.call(command, timeout);
	}

	/**
	 * Call a command described by a schema (such as one declared by a method's signature),
	 * connecting first if needed, with the requester's call timeout.
	 * @param <C> the command type
	 * @param <R> the response type
	 * @param schema the schema
	 * @param command the command
	 * @return the response; fails as {@link #call(AmpCommand)} does
	 */
	public <C, R> Mono<R> call(AmpCommandSchema<C, R> schema, C command) {
		Objects.requireNonNull(schema, "schema");
		Objects.requireNonNull(command, "command");
		Duration timeout = this.callTimeout;
		return this.calls.call(schema, (session) -> session.call(schema, command, timeout));
	}

	/**
	 * Call a command described by a schema with a timeout for its answer, connecting
	 * first if needed.
	 * @param <C> the command type
	 * @param <R> the response type
	 * @param schema the schema
	 * @param command the command
	 * @param timeout how long to wait for the answer
	 * @return the response
	 */
	public <C, R> Mono<R> call(AmpCommandSchema<C, R> schema, C command, Duration timeout) {
		Objects.requireNonNull(schema, "schema");
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(timeout, "timeout");
		return this.calls.call(schema, (session) -> session.call(schema, command, timeout));
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
		return this.calls.callRaw(command, arguments);
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
	 * Return the session of the current connection, connecting first if needed. For a
	 * load-balanced requester, the session of one chosen instance: what must stay on one
	 * connection (StartTLS, a protocol switch, callbacks to this side) uses it.
	 * @return the session; fails with an {@link AmpConnectException} when the server
	 * cannot be reached
	 */
	public Mono<AmpSession> session() {
		return this.calls.session();
	}

	/**
	 * Return whether a connection is open.
	 * @return whether connected
	 */
	public boolean isConnected() {
		return this.calls.isConnected();
	}

	/**
	 * Return the service id of a load-balanced requester.
	 * @return the service id, or {@code null} for a requester of one server
	 */
	public @Nullable String serviceId() {
		return this.calls.serviceId();
	}

	/**
	 * Return how many servers have an open connection: 0 or 1 for a requester of one
	 * server, the number of connected instances for a load-balanced one.
	 * @return the number of open connections
	 */
	public int connectedInstances() {
		return this.calls.connectedInstances();
	}

	/**
	 * Return the instances a load-balanced requester has a connection to (open, being
	 * made, or waiting for an unreachable instance).
	 * @return the instances; empty for a requester of one server
	 */
	public List<AmpServiceInstance> knownInstances() {
		return this.calls.knownInstances();
	}

	/**
	 * Return the open session, without connecting.
	 */
	@Nullable AmpSession openSession() {
		return this.calls.openSession();
	}

	/**
	 * Close the connection and stop connecting. Calls waiting for an answer fail with an
	 * {@link AmpConnectionClosedException}; later calls fail with an
	 * {@link IllegalStateException}.
	 */
	@Override
	public void dispose() {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		this.calls.dispose();
		logger.debug("[{}] Disposed", this.name);
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	@Override
	public String toString() {
		return "AmpRequester{name=" + this.name + ", remote=" + this.address + ", connected=" + connectedInstances()
				+ ", disposed=" + this.disposed + "}";
	}

	/**
	 * How a load-balanced requester refreshes, drains, fails over and reconnects.
	 */
	record LoadBalancing(Duration refreshInterval, Duration drainTimeout, int maxAttempts, Duration minBackoff,
			Duration maxBackoff) {
	}

	/**
	 * Builds an {@link AmpRequester}.
	 */
	public static final class Builder {

		String host = "localhost";

		int port = -1;

		UnaryOperator<AmpConnector> connector = UnaryOperator.identity();

		AmpResponders responders = AmpResponders.none();

		AmpSessionOptions options = AmpSessionOptions.DEFAULTS;

		AmpSessionObserver observer = AmpSessionObserver.NONE;

		List<AmpClientInterceptor> interceptors = List.of();

		Duration minBackoff = Duration.ofMillis(100);

		Duration maxBackoff = Duration.ofSeconds(10);

		Duration stableAfter = DEFAULT_STABLE_AFTER;

		@Nullable String name;

		boolean startTls;

		@Nullable AmpLogin login;

		@Nullable Path unixSocket;

		@Nullable AmpTls tls;

		@Nullable AmpLoadBalancer loadBalancer;

		Duration refreshInterval = Duration.ofSeconds(5);

		Duration drainTimeout = Duration.ofSeconds(30);

		int maxAttempts = 3;

		Builder() {
		}

		/**
		 * Spread calls over the instances of a service, chosen by a load balancer, instead
		 * of calling one host and port. Each instance gets one connection, made on first
		 * use and kept; an instance that cannot be reached is skipped while a jittered,
		 * capped backoff ({@link #reconnect(Duration, Duration)}) connects again; an
		 * instance that leaves the service is drained and closed. A call that sent nothing
		 * goes to another instance; a call whose connection dropped before the answer is
		 * sent again elsewhere only when its command is
		 * {@link io.ampproto.command.AmpCommandSpec#idempotent() idempotent}.
		 * @param loadBalancer the load balancer
		 * @return this builder
		 */
		public Builder loadBalancer(AmpLoadBalancer loadBalancer) {
			this.loadBalancer = Objects.requireNonNull(loadBalancer, "loadBalancer");
			return this;
		}

		/**
		 * Tune a load-balanced requester.
		 * @param refreshInterval how often the instances are listed to drain those that
		 * left (5 s by default)
		 * @param drainTimeout how long the calls waiting on an instance that left may take
		 * before its connection closes (30 s by default)
		 * @param maxAttempts how many times in all an idempotent call is sent when
		 * connections drop (3 by default)
		 * @return this builder
		 */
		public Builder loadBalancing(Duration refreshInterval, Duration drainTimeout, int maxAttempts) {
			if (refreshInterval.isNegative() || refreshInterval.isZero() || drainTimeout.isNegative()
					|| maxAttempts < 1) {
				throw new IllegalArgumentException("Load balancing needs a positive refresh interval, a drain timeout"
						+ " of 0 or more and at least 1 attempt, but was " + refreshInterval + ", " + drainTimeout
						+ ", " + maxAttempts);
			}
			this.refreshInterval = refreshInterval;
			this.drainTimeout = drainTimeout;
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Secure each connection with TLS: from the first byte, or with StartTLS when
		 * {@link #startTls(boolean)} is set. The peer (sent as SNI, and the host name
		 * verified) is the host and port connected to: each instance's for a load-balanced
		 * requester. Replaces TLS settings of the {@link #options(AmpSessionOptions)
		 * options}.
		 * @param tls the TLS settings
		 * @return this builder
		 */
		public Builder tls(AmpTls tls) {
			this.tls = Objects.requireNonNull(tls, "tls");
			return this;
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
		 * Set the interceptors of each call made over this requester's connections,
		 * kept apart from {@link #options(AmpSessionOptions)} as the observer is: they
		 * run after those of the options.
		 * @param interceptors the interceptors, in order
		 * @return this builder
		 */
		public Builder interceptors(List<? extends AmpClientInterceptor> interceptors) {
			this.interceptors = List.copyOf(interceptors);
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
		 * Log in on every connection (after StartTLS, when set) before any call goes out on
		 * it; calls wait for the login, and a refused login fails them and counts as a
		 * failed connection attempt.
		 * @param login the login, such as {@link AmpLogin#password(String, String)}
		 * @return this builder
		 */
		public Builder login(@Nullable AmpLogin login) {
			this.login = login;
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
			if (this.loadBalancer != null && (this.port != -1 || this.unixSocket != null)) {
				throw new IllegalStateException("A load-balanced AMP requester takes its servers from the load balancer"
						+ ", not a port or a UNIX domain socket");
			}
			if (this.port == -1 && this.unixSocket == null && this.loadBalancer == null) {
				throw new IllegalStateException("The port (or the UNIX domain socket) of the AMP server must be set");
			}
			if (this.startTls && this.options.tls() == null && this.tls == null) {
				throw new IllegalStateException("StartTLS needs TLS settings in the session options");
			}
			return new AmpRequester(this);
		}

	}

}
