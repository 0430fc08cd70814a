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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpLimits;
import io.ampproto.unix.AmpUnixSockets;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * An AMP server on Reactor Netty's {@link TcpServer}. Immutable: every option returns a
 * new instance.
 * <p>
 * The handler is given each accepted connection; the connection closes when the
 * publisher it returns terminates.
 *
 * <pre class="code">
 * DisposableServer server = AmpServer.create()
 *     .port(0)
 *     .handle((connection) -&gt; connection.receive().doOnNext(System.out::println).then())
 *     .bindNow();
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpServer {

	private final TcpServer tcpServer;

	private final AmpLimits limits;

	private final AmpLimitViolationListener violationListener;

	private final Function<AmpConnection, Publisher<Void>> handler;

	private AmpServer(TcpServer tcpServer, AmpLimits limits, AmpLimitViolationListener violationListener,
			Function<AmpConnection, Publisher<Void>> handler) {
		this.tcpServer = tcpServer;
		this.limits = limits;
		this.violationListener = violationListener;
		this.handler = handler;
	}

	/**
	 * Create a server on 127.0.0.1 and an ephemeral port, whose connections receive boxes
	 * and drop them.
	 * @return a new server
	 */
	public static AmpServer create() {
		return new AmpServer(TcpServer.create(), AmpLimits.DEFAULT, AmpLimitViolationListener.NONE,
				(connection) -> connection.receive().then());
	}

	/**
	 * Set the host to bind to.
	 * @param host a host name or address
	 * @return a new server
	 */
	public AmpServer host(String host) {
		return new AmpServer(this.tcpServer.host(host), this.limits, this.violationListener, this.handler);
	}

	/**
	 * Set the port to bind to; 0 picks a free port.
	 * @param port the port
	 * @return a new server
	 */
	public AmpServer port(int port) {
		return new AmpServer(this.tcpServer.port(port), this.limits, this.violationListener, this.handler);
	}

	/**
	 * Set the address to bind to, replacing host and port.
	 * @param address supplies the address
	 * @return a new server
	 */
	public AmpServer bindAddress(Supplier<? extends SocketAddress> address) {
		return new AmpServer(this.tcpServer.bindAddress(address), this.limits, this.violationListener, this.handler);
	}

	/**
	 * Listen on a UNIX domain socket instead of TCP, with Twisted's {@code Descriptor}
	 * passing (needs junixsocket, see {@link AmpUnixSockets}). A socket file left by a
	 * server that is gone is replaced, and the file is deleted when the server stops.
	 * @param path the socket file
	 * @return a new server
	 * @throws IllegalStateException when junixsocket is missing or unsupported here
	 */
	public AmpServer unixSocket(Path path) {
		return new AmpServer(AmpUnixSockets.configure(this.tcpServer, path), this.limits, this.violationListener,
				this.handler);
	}

	/**
	 * Set the limits enforced on received boxes.
	 * @param limits the limits
	 * @return a new server
	 */
	public AmpServer limits(AmpLimits limits) {
		return new AmpServer(this.tcpServer, Objects.requireNonNull(limits, "limits"), this.violationListener,
				this.handler);
	}

	/**
	 * Set the listener told about every broken length limit.
	 * @param violationListener the listener
	 * @return a new server
	 */
	public AmpServer violationListener(AmpLimitViolationListener violationListener) {
		return new AmpServer(this.tcpServer, this.limits,
				Objects.requireNonNull(violationListener, "violationListener"), this.handler);
	}

	/**
	 * Set the handler of accepted connections.
	 * @param handler returns a publisher whose termination closes the connection
	 * @return a new server
	 */
	public AmpServer handle(Function<AmpConnection, ? extends Publisher<Void>> handler) {
		Objects.requireNonNull(handler, "handler");
		return new AmpServer(this.tcpServer, this.limits, this.violationListener, handler::apply);
	}

	/**
	 * Customize the underlying {@link TcpServer} (loop resources, socket options, TLS,
	 * metrics, wiretap...).
	 * @param customizer returns the customized server
	 * @return a new server
	 */
	public AmpServer tcpServer(UnaryOperator<TcpServer> customizer) {
		return new AmpServer(customizer.apply(this.tcpServer), this.limits, this.violationListener, this.handler);
	}

	/**
	 * Bind the server.
	 * @return the bound server
	 */
	public Mono<DisposableServer> bind() {
		return configured().bind().map((server) -> (DisposableServer) server);
	}

	/**
	 * Bind the server, waiting at most 45 seconds.
	 * @return the bound server
	 */
	public DisposableServer bindNow() {
		return bindNow(Duration.ofSeconds(45));
	}

	/**
	 * Bind the server, waiting at most the given time.
	 * @param timeout how long to wait
	 * @return the bound server
	 */
	public DisposableServer bindNow(Duration timeout) {
		return configured().bindNow(timeout);
	}

	private TcpServer configured() {
		AmpLimits limits = this.limits;
		AmpLimitViolationListener violationListener = this.violationListener;
		Function<AmpConnection, Publisher<Void>> handler = this.handler;
		return this.tcpServer
			.doOnConnection((connection) -> AmpPipeline.install(connection, limits, violationListener))
			.handle((inbound, outbound) -> {
				Connection connection = (Connection) inbound;
				return handler.apply(new AmpConnection(connection, violationListener));
			});
	}

}
