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
package io.ampproto.autoconfigure;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ampproto.box.AmpLimits;
import io.ampproto.command.type.AmpTypes;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.server.AmpServerLimits;
import io.ampproto.session.AmpBlockingExecutor;
import io.ampproto.session.AmpSessionOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of AMP servers and clients, under {@code amp}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("amp")
public class AmpProperties {

	private final Server server = new Server();

	/**
	 * Named clients, each connecting to one AMP server.
	 */
	private final Map<String, Client> client = new LinkedHashMap<>();

	private final Metrics metrics = new Metrics();

	/**
	 * Most digits of an integer received (Twisted's Integer), for the whole process as
	 * Python's sys.set_int_max_str_digits; more is a bad value. 4300 as in Python 3.11,
	 * which Twisted accepts; 0 for no limit.
	 */
	private int maxIntegerDigits = AmpTypes.DEFAULT_MAX_INTEGER_DIGITS;

	/**
	 * Whether an OutOfMemoryError seen by AMP (on an event loop, where Netty would go on)
	 * exits the process with status 3 after logging it, rather than leaving it half
	 * alive.
	 */
	private boolean exitOnOutOfMemory = true;

	public Server getServer() {
		return this.server;
	}

	public int getMaxIntegerDigits() {
		return this.maxIntegerDigits;
	}

	public void setMaxIntegerDigits(int maxIntegerDigits) {
		this.maxIntegerDigits = maxIntegerDigits;
	}

	public boolean isExitOnOutOfMemory() {
		return this.exitOnOutOfMemory;
	}

	public void setExitOnOutOfMemory(boolean exitOnOutOfMemory) {
		this.exitOnOutOfMemory = exitOnOutOfMemory;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Map<String, Client> getClient() {
		return this.client;
	}

	/**
	 * Server properties.
	 */
	public static class Server {

		/**
		 * Whether to start the AMP server when a port is set.
		 */
		private boolean enabled = true;

		/**
		 * Port to listen on; the server starts only when it is set; 0 picks a free port.
		 */
		private @Nullable Integer port;

		/**
		 * Network address to bind to; all interfaces when not set.
		 */
		private @Nullable InetAddress address;

		/**
		 * UNIX domain socket file to listen on as well as (or, without a port, instead
		 * of) TCP; Twisted's Descriptor arguments pass file descriptors there. Needs
		 * com.kohlschutter.junixsocket:junixsocket-core.
		 */
		private @Nullable Path unixSocket;

		/**
		 * Largest box accepted from a client; a client that sends a larger one is
		 * disconnected. Keys and values have fixed limits of 255 and 65535 bytes.
		 */
		private DataSize maxBoxSize = DataSize.ofBytes(AmpLimits.DEFAULT_MAX_BOX_SIZE);

		/**
		 * Bytes that the unfinished boxes of all connections may hold together; a client
		 * whose box would go beyond it is disconnected. By default an eighth of the
		 * maximum heap, shared with the AMP clients of the application.
		 */
		private @Nullable DataSize maxUnfinishedBoxesSize;

		/**
		 * How long a client may take to send a box, from its first byte to its last; a
		 * client that takes longer is disconnected.
		 */
		private Duration boxTimeout = AmpLimits.DEFAULT_BOX_TIMEOUT;

		/**
		 * Bytes of answers waiting to be written to a client that does not read them (the
		 * high water mark of its connection); beyond it none of its commands start, and
		 * once 64 KiB of them wait it is not read, until it reads.
		 */
		private DataSize maxUnreadAnswersSize = DataSize.ofKilobytes(64);

		/**
		 * Commands from one connection answered at once; beyond it the connection is not
		 * read until answers are written.
		 */
		private int maxCallsInFlight = AmpSessionOptions.DEFAULT_MAX_INBOUND_CALLS_IN_FLIGHT;

		/**
		 * Where @AmpResponder methods whose mapping leaves dispatch at AUTO run: 'auto'
		 * runs methods returning a Mono, Publisher or CompletionStage on the event loop and
		 * others on the blocking executor; 'event-loop' runs them all on the event loop
		 * (for responders that never block); 'blocking' runs them all on the blocking
		 * executor. A method's own dispatch wins.
		 */
		private AmpCommandMapping.Dispatch dispatch = AmpCommandMapping.Dispatch.AUTO;

		/**
		 * Blocking responder methods that may run at once, on all connections together
		 * (platform threads, or virtual threads with spring.threads.virtual.enabled on Java
		 * 21+); at the bound the server starts no more commands, and then reads no more,
		 * until one returns.
		 */
		private int maxBlockingCalls = AmpBlockingExecutor.DEFAULT_MAX_CONCURRENCY;

		/**
		 * Connections open at once (10000 by default); one more is closed as soon as it is
		 * accepted.
		 */
		private int maxConnections = AmpServerLimits.DEFAULT_MAX_CONNECTIONS;

		/**
		 * How long a connection may go without traffic and without a call in flight
		 * before the server closes it; never when not set, as in Twisted.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * How long calls from the server to its clients (such as a responder's call back
		 * to its caller) wait for an answer; 0 to wait until the connection closes, as
		 * Twisted does.
		 */
		private @Nullable Duration callTimeout = Duration.ofSeconds(30);

		/**
		 * How long binding may take at startup.
		 */
		private Duration startTimeout = Duration.ofSeconds(30);

		private final Shutdown shutdown = new Shutdown();

		@NestedConfigurationProperty
		private final AmpServerSslProperties ssl = new AmpServerSslProperties();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable InetAddress getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable InetAddress address) {
			this.address = address;
		}

		public @Nullable Path getUnixSocket() {
			return this.unixSocket;
		}

		public void setUnixSocket(@Nullable Path unixSocket) {
			this.unixSocket = unixSocket;
		}

		public DataSize getMaxBoxSize() {
			return this.maxBoxSize;
		}

		public void setMaxBoxSize(DataSize maxBoxSize) {
			this.maxBoxSize = maxBoxSize;
		}

		public DataSize getMaxUnreadAnswersSize() {
			return this.maxUnreadAnswersSize;
		}

		public void setMaxUnreadAnswersSize(DataSize maxUnreadAnswersSize) {
			this.maxUnreadAnswersSize = maxUnreadAnswersSize;
		}

		public @Nullable DataSize getMaxUnfinishedBoxesSize() {
			return this.maxUnfinishedBoxesSize;
		}

		public void setMaxUnfinishedBoxesSize(@Nullable DataSize maxUnfinishedBoxesSize) {
			this.maxUnfinishedBoxesSize = maxUnfinishedBoxesSize;
		}

		public Duration getBoxTimeout() {
			return this.boxTimeout;
		}

		public void setBoxTimeout(Duration boxTimeout) {
			this.boxTimeout = boxTimeout;
		}

		public int getMaxCallsInFlight() {
			return this.maxCallsInFlight;
		}

		public void setMaxCallsInFlight(int maxCallsInFlight) {
			this.maxCallsInFlight = maxCallsInFlight;
		}

		public AmpCommandMapping.Dispatch getDispatch() {
			return this.dispatch;
		}

		public void setDispatch(AmpCommandMapping.Dispatch dispatch) {
			this.dispatch = dispatch;
		}

		public int getMaxBlockingCalls() {
			return this.maxBlockingCalls;
		}

		public void setMaxBlockingCalls(int maxBlockingCalls) {
			this.maxBlockingCalls = maxBlockingCalls;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Duration getCallTimeout() {
			return this.callTimeout;
		}

		public void setCallTimeout(@Nullable Duration callTimeout) {
			this.callTimeout = (callTimeout != null && callTimeout.isZero()) ? null : callTimeout;
		}

		public Duration getStartTimeout() {
			return this.startTimeout;
		}

		public void setStartTimeout(Duration startTimeout) {
			this.startTimeout = startTimeout;
		}

		public Shutdown getShutdown() {
			return this.shutdown;
		}

		public AmpServerSslProperties getSsl() {
			return this.ssl;
		}

	}

	/**
	 * Graceful shutdown properties.
	 */
	public static class Shutdown {

		/**
		 * How long commands accepted before shutdown may take to be answered; bounded by
		 * spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration gracePeriod = Duration.ofSeconds(30);

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

	/**
	 * Properties of a named client.
	 */
	public static class Client {

		/**
		 * Host of the AMP server.
		 */
		private String host = "localhost";

		/**
		 * Port of the AMP server.
		 */
		private @Nullable Integer port;

		/**
		 * UNIX domain socket file of the AMP server, instead of host and port; needs
		 * com.kohlschutter.junixsocket:junixsocket-core.
		 */
		private @Nullable Path unixSocket;

		/**
		 * Service id whose instances the calls are spread over, instead of host and port;
		 * needs Spring Cloud LoadBalancer and a discovery client.
		 */
		private @Nullable String serviceId;

		/**
		 * How long calls wait for an answer; forever when not set.
		 */
		private @Nullable Duration callTimeout = Duration.ofSeconds(30);

		/**
		 * Largest box accepted from the server.
		 */
		private DataSize maxBoxSize = DataSize.ofBytes(AmpLimits.DEFAULT_MAX_BOX_SIZE);

		/**
		 * Commands from the server answered at once on this connection.
		 */
		private int maxCallsInFlight = AmpSessionOptions.DEFAULT_MAX_INBOUND_CALLS_IN_FLIGHT;

		private final Reconnect reconnect = new Reconnect();

		@NestedConfigurationProperty
		private final AmpClientSslProperties ssl = new AmpClientSslProperties();

		@NestedConfigurationProperty
		private final AmpClientLoadBalancerProperties loadBalancer = new AmpClientLoadBalancerProperties();

		@NestedConfigurationProperty
		private final AmpClientAuthProperties auth = new AmpClientAuthProperties();

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable Path getUnixSocket() {
			return this.unixSocket;
		}

		public void setUnixSocket(@Nullable Path unixSocket) {
			this.unixSocket = unixSocket;
		}

		public @Nullable Duration getCallTimeout() {
			return this.callTimeout;
		}

		public void setCallTimeout(@Nullable Duration callTimeout) {
			this.callTimeout = callTimeout;
		}

		public DataSize getMaxBoxSize() {
			return this.maxBoxSize;
		}

		public void setMaxBoxSize(DataSize maxBoxSize) {
			this.maxBoxSize = maxBoxSize;
		}

		public int getMaxCallsInFlight() {
			return this.maxCallsInFlight;
		}

		public void setMaxCallsInFlight(int maxCallsInFlight) {
			this.maxCallsInFlight = maxCallsInFlight;
		}

		public Reconnect getReconnect() {
			return this.reconnect;
		}

		public AmpClientSslProperties getSsl() {
			return this.ssl;
		}

		public @Nullable String getServiceId() {
			return this.serviceId;
		}

		public void setServiceId(@Nullable String serviceId) {
			this.serviceId = serviceId;
		}

		public AmpClientLoadBalancerProperties getLoadBalancer() {
			return this.loadBalancer;
		}

		public AmpClientAuthProperties getAuth() {
			return this.auth;
		}

	}

	/**
	 * Metrics and observation properties.
	 */
	public static class Metrics {

		/**
		 * Whether to record AMP metrics (boxes, bytes, connections, calls in flight, length
		 * violations) and observations of calls (amp.server, amp.client) when Micrometer
		 * is present.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Reconnection properties of a client.
	 */
	public static class Reconnect {

		/**
		 * Wait before the first reconnection attempt after a failure; doubled after each
		 * failed attempt.
		 */
		private Duration minBackoff = Duration.ofMillis(100);

		/**
		 * Longest wait between reconnection attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(10);

		/**
		 * How long a connection must stay open, unless it answers a call first, to count
		 * as a success that resets the backoff; one closed sooner is a failed attempt.
		 */
		private Duration stableAfter = Duration.ofSeconds(5);

		public Duration getMinBackoff() {
			return this.minBackoff;
		}

		public void setMinBackoff(Duration minBackoff) {
			this.minBackoff = minBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getStableAfter() {
			return this.stableAfter;
		}

		public void setStableAfter(Duration stableAfter) {
			this.stableAfter = stableAfter;
		}

	}

}
