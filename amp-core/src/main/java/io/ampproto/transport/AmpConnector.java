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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpLimits;
import io.ampproto.unix.AmpUnixSockets;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;

/**
 * Opens AMP connections on Reactor Netty's {@link TcpClient}: the transport under
 * {@code AmpRequester}, the counterpart of {@link AmpServer}. Each {@link #connect()} opens
 * a new connection: AMP connections are long-lived and stateful, so they are never pooled.
 * Immutable: every option returns a new instance.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpConnector {

	private final TcpClient tcpClient;

	private final AmpLimits limits;

	private final AmpLimitViolationListener violationListener;

	private AmpConnector(TcpClient tcpClient, AmpLimits limits, AmpLimitViolationListener violationListener) {
		this.tcpClient = tcpClient;
		this.limits = limits;
		this.violationListener = violationListener;
	}

	/**
	 * Create a connector; set the host and port (AMP has no default port) before connecting.
	 * @return a new connector
	 */
	public static AmpConnector create() {
		return new AmpConnector(TcpClient.newConnection(), AmpLimits.DEFAULT, AmpLimitViolationListener.NONE);
	}

	/**
	 * Set the host to connect to.
	 * @param host a host name or address
	 * @return a new connector
	 */
	public AmpConnector host(String host) {
		return new AmpConnector(this.tcpClient.host(host), this.limits, this.violationListener);
	}

	/**
	 * Set the port to connect to.
	 * @param port the port
	 * @return a new connector
	 */
	public AmpConnector port(int port) {
		return new AmpConnector(this.tcpClient.port(port), this.limits, this.violationListener);
	}

	/**
	 * Set the address to connect to, replacing host and port.
	 * @param address supplies the address
	 * @return a new connector
	 */
	public AmpConnector remoteAddress(Supplier<? extends SocketAddress> address) {
		return new AmpConnector(this.tcpClient.remoteAddress(address), this.limits, this.violationListener);
	}

	/**
	 * Connect to a UNIX domain socket instead of TCP, with Twisted's {@code Descriptor}
	 * passing (needs junixsocket, see {@link AmpUnixSockets}).
	 * @param path the socket file
	 * @return a new connector
	 * @throws IllegalStateException when junixsocket is missing or unsupported here
	 */
	public AmpConnector unixSocket(Path path) {
		return new AmpConnector(AmpUnixSockets.configure(this.tcpClient, path), this.limits, this.violationListener);
	}

	/**
	 * Set the limits enforced on received boxes.
	 * @param limits the limits
	 * @return a new connector
	 */
	public AmpConnector limits(AmpLimits limits) {
		return new AmpConnector(this.tcpClient, Objects.requireNonNull(limits, "limits"), this.violationListener);
	}

	/**
	 * Set the listener told about every broken length limit.
	 * @param violationListener the listener
	 * @return a new connector
	 */
	public AmpConnector violationListener(AmpLimitViolationListener violationListener) {
		return new AmpConnector(this.tcpClient, this.limits,
				Objects.requireNonNull(violationListener, "violationListener"));
	}

	/**
	 * Customize the underlying {@link TcpClient}.
	 * @param customizer returns the customized client
	 * @return a new connector
	 */
	public AmpConnector tcpClient(UnaryOperator<TcpClient> customizer) {
		return new AmpConnector(customizer.apply(this.tcpClient), this.limits, this.violationListener);
	}

	/**
	 * Open a new connection.
	 * @return the connection, once connected
	 */
	public Mono<AmpConnection> connect() {
		AmpLimits limits = this.limits;
		AmpLimitViolationListener violationListener = this.violationListener;
		// Installed as the connection is handed over, not in doOnConnected: the connect
		// signal can come first, and nothing is read before receive() asks for it.
		return this.tcpClient.connect().map((connection) -> {
			AmpPipeline.install(connection, limits, violationListener);
			return new AmpConnection(connection, violationListener);
		});
	}

	/**
	 * Open a new connection, waiting at most 45 seconds.
	 * @return the connection
	 */
	public AmpConnection connectNow() {
		return connectNow(Duration.ofSeconds(45));
	}

	/**
	 * Open a new connection, waiting at most the given time.
	 * @param timeout how long to wait
	 * @return the connection
	 */
	public AmpConnection connectNow(Duration timeout) {
		AmpConnection connection = connect().block(timeout);
		if (connection == null) {
			throw new IllegalStateException("AMP client did not connect within " + timeout);
		}
		return connection;
	}

}
