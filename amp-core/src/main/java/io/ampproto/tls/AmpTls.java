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
package io.ampproto.tls;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpPipeline;
import io.ampproto.transport.AmpServer;
import io.netty.channel.Channel;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

/**
 * The TLS settings of one side of AMP connections: where its SSL contexts come from,
 * which host a client expects, and how long a handshake may take. Immutable.
 * <p>
 * Sessions given these settings answer StartTLS and can send it
 * ({@link io.ampproto.session.AmpSession#startTls()}); {@link #secure(AmpServer)} and
 * {@link #secure(AmpConnector)} start TLS from the first byte instead. Each handshake asks
 * the {@link AmpSslContextProvider} for the current context. As in Twisted, the side that
 * opened the TCP connection is the TLS client.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpTls {

	/** Default time a handshake may take: 10 seconds, as Netty's. */
	public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

	private final AmpSslContextProvider contexts;

	private final @Nullable String peerHost;

	private final int peerPort;

	private final boolean verifyHostname;

	private final Duration handshakeTimeout;

	private AmpTls(AmpSslContextProvider contexts, @Nullable String peerHost, int peerPort, boolean verifyHostname,
			Duration handshakeTimeout) {
		this.contexts = contexts;
		this.peerHost = peerHost;
		this.peerPort = peerPort;
		this.verifyHostname = verifyHostname;
		this.handshakeTimeout = handshakeTimeout;
	}

	/**
	 * Return settings that take their contexts from the given provider, verify the host
	 * name when a {@link #peer(String, int) peer} is set, and allow a handshake
	 * {@link #DEFAULT_HANDSHAKE_TIMEOUT 10 seconds}.
	 * @param contexts the provider of SSL contexts
	 * @return the settings
	 */
	public static AmpTls of(AmpSslContextProvider contexts) {
		return new AmpTls(Objects.requireNonNull(contexts, "contexts"), null, -1, true, DEFAULT_HANDSHAKE_TIMEOUT);
	}

	/**
	 * Name the server a client connects to: sent as SNI, and checked against the server's
	 * certificate unless {@link #verifyHostname(boolean) turned off}.
	 * @param host the host name or address
	 * @param port the port
	 * @return new settings
	 */
	public AmpTls peer(String host, int port) {
		return new AmpTls(this.contexts, Objects.requireNonNull(host, "host"), port, this.verifyHostname,
				this.handshakeTimeout);
	}

	/**
	 * Set whether a TLS client checks that the server's certificate names the
	 * {@link #peer(String, int) peer host}. On by default; a side that does not know the
	 * host (a server that is the TLS client after a StartTLS of its own) checks the
	 * certificate chain only.
	 * @param verifyHostname whether to verify the host name
	 * @return new settings
	 */
	public AmpTls verifyHostname(boolean verifyHostname) {
		return new AmpTls(this.contexts, this.peerHost, this.peerPort, verifyHostname, this.handshakeTimeout);
	}

	/**
	 * Set how long a handshake may take before the connection is closed.
	 * @param handshakeTimeout the timeout
	 * @return new settings
	 */
	public AmpTls handshakeTimeout(Duration handshakeTimeout) {
		if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
			throw new IllegalArgumentException("handshakeTimeout must be positive, but was " + handshakeTimeout);
		}
		return new AmpTls(this.contexts, this.peerHost, this.peerPort, this.verifyHostname, handshakeTimeout);
	}

	/**
	 * Return the provider of SSL contexts.
	 * @return the provider
	 */
	public AmpSslContextProvider contexts() {
		return this.contexts;
	}

	/**
	 * Return the handshake timeout.
	 * @return the timeout
	 */
	public Duration handshakeTimeout() {
		return this.handshakeTimeout;
	}

	/**
	 * Create the handler of one handshake on a channel, from the current context of this
	 * side's role.
	 * @param channel the channel
	 * @param startTls whether the first write goes out in the clear (the StartTLS answer
	 * of a TLS server)
	 * @return the handler, not yet in the pipeline
	 * @throws AmpTlsUnavailableException when no context is configured for the role
	 */
	public SslHandler newHandler(Channel channel, boolean startTls) {
		if (channel instanceof LocalChannel) {
			throw new AmpTlsUnavailableException("TLS not available on the in-process transport ("
					+ channel.localAddress() + "): local channels carry no TLS; test TLS over TCP", null);
		}
		boolean client = isTlsClient(channel);
		SslContext context;
		try {
			context = client ? this.contexts.clientContext() : this.contexts.serverContext();
		}
		catch (RuntimeException ex) {
			throw new AmpTlsUnavailableException("TLS not available: cannot build the SSL context (" + ex + ")", ex);
		}
		if (context == null) {
			throw new AmpTlsUnavailableException("TLS not available: no SSL context for the TLS "
					+ (client ? "client" : "server") + " role (the side that "
					+ (client ? "opened" : "accepted") + " the TCP connection)", null);
		}
		String host = client ? this.peerHost : null;
		SSLEngine engine = (host != null) ? context.newEngine(channel.alloc(), host, this.peerPort)
				: context.newEngine(channel.alloc());
		if (client) {
			SSLParameters parameters = engine.getSSLParameters();
			// Empty, not null: a null algorithm leaves the engine's own (Netty 4.2 clients default to HTTPS).
			parameters.setEndpointIdentificationAlgorithm((this.verifyHostname && host != null) ? "HTTPS" : "");
			engine.setSSLParameters(parameters);
		}
		SslHandler handler = new SslHandler(engine, startTls);
		handler.setHandshakeTimeout(this.handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
		return handler;
	}

	/**
	 * Create the handler of one StartTLS handshake on a connection, from the current
	 * context of this side's role. See {@link #newHandler(Channel, boolean)}.
	 * @param connection the connection
	 * @return the handler, not yet in the pipeline
	 * @throws AmpTlsUnavailableException when no context is configured for the role
	 */
	public SslHandler newHandler(AmpConnection connection) {
		return newHandler(connection.nettyConnection().channel(), false);
	}

	/**
	 * Return whether this side of a channel is the TLS client: the side that opened the
	 * TCP connection, as in Twisted.
	 * @param channel the channel
	 * @return whether this side is the TLS client
	 */
	public static boolean isTlsClient(Channel channel) {
		return channel.parent() == null;
	}

	/**
	 * Return the TLS handler of a channel.
	 * @param channel the channel
	 * @return the handler, or {@code null} when the channel has no TLS
	 */
	public static @Nullable SslHandler sslHandler(Channel channel) {
		return channel.pipeline().get(SslHandler.class);
	}

	/**
	 * Put a TLS handler at the front of a channel's pipeline (behind a proxy handler).
	 * A TLS server refuses renegotiation initiated by the client: the connection closes.
	 * @param channel the channel
	 * @param handler the handler
	 */
	public static void addHandler(Channel channel, SslHandler handler) {
		AmpPipeline.addTls(channel, handler);
	}

	/**
	 * Return a server that starts TLS on every connection from the first byte, with a
	 * context asked for per connection.
	 * @param server the server
	 * @return the secured server
	 */
	public AmpServer secure(AmpServer server) {
		return server.tcpServer((tcp) -> tcp.doOnChannelInit(
				(observer, channel, address) -> addHandler(channel, newHandler(channel, false))));
	}

	/**
	 * Return a connector that starts TLS on every connection from the first byte, with a
	 * context asked for per connection.
	 * @param connector the connector
	 * @return the secured connector
	 */
	public AmpConnector secure(AmpConnector connector) {
		return connector.tcpClient((tcp) -> tcp.doOnChannelInit(
				(observer, channel, address) -> addHandler(channel, newHandler(channel, false))));
	}

	@Override
	public String toString() {
		return "AmpTls{peer=" + this.peerHost + ":" + this.peerPort + ", verifyHostname=" + this.verifyHostname
				+ ", handshakeTimeout=" + this.handshakeTimeout + "}";
	}

}
