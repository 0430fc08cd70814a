/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.test.inprocess;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import io.netty.channel.ChannelOption;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.resolver.NoopAddressResolverGroup;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * An in-process AMP transport: a server and its clients in one JVM, joined by Netty's
 * {@link LocalChannel}s instead of TCP. Everything above the socket is the same as on
 * TCP: the {@link AmpServer} and {@link AmpConnector} pipelines (box codec and its limits),
 * sessions, responders and server limits, so a test exercises the real bytes without a
 * port.
 * <p>
 * What needs a real socket is refused with a clear error: TLS (StartTLS, or TLS from the
 * first byte) and Twisted's {@code Descriptor} arguments. Local channels queue what one
 * side writes until the other reads it, without the bound a TCP socket buffer gives:
 * test backpressure over TCP.
 *
 * <pre class="code">
 * AmpInProcessTransport transport = AmpInProcessTransport.create();
 * DisposableServer server = transport.server(AmpServer.create().handle(handler)).bindNow();
 * AmpConnection connection = transport.connector(AmpConnector.create()).connectNow();
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpInProcessTransport {

	/** What the in-process transport is called in logs and error messages. */
	public static final String DESCRIPTION = "the in-process AMP transport";

	private static final AtomicLong counter = new AtomicLong();

	private final LocalAddress address;

	private AmpInProcessTransport(LocalAddress address) {
		this.address = address;
	}

	/**
	 * Create a transport with a name of its own ({@code amp-in-process-N}).
	 * @return a new transport
	 */
	public static AmpInProcessTransport create() {
		return named("amp-in-process-" + counter.incrementAndGet());
	}

	/**
	 * Create a transport with the given name; a server and its clients meet by name.
	 * @param name the name, unique among the servers bound at the same time
	 * @return a new transport
	 */
	public static AmpInProcessTransport named(String name) {
		Objects.requireNonNull(name, "name");
		return new AmpInProcessTransport(new LocalAddress(name));
	}

	/**
	 * Return the address servers bind to and clients connect to.
	 * @return the address, {@code local:<name>}
	 */
	public LocalAddress address() {
		return this.address;
	}

	/**
	 * Make a server listen on this transport instead of TCP, keeping everything else
	 * (limits, handler, customizations of the {@link TcpServer}).
	 * @param server the server
	 * @return the in-process server
	 */
	public AmpServer server(AmpServer server) {
		return server.tcpServer(this::configure);
	}

	/**
	 * Make a connector connect to this transport instead of TCP, keeping everything else.
	 * @param connector the connector
	 * @return the in-process connector
	 */
	public AmpConnector connector(AmpConnector connector) {
		return connector.tcpClient(this::configure);
	}

	/**
	 * Make a Reactor Netty server listen on this transport.
	 * @param server the server
	 * @return the configured server
	 */
	public TcpServer configure(TcpServer server) {
		LocalAddress address = this.address;
		// TCP's socket options mean nothing to local channels: dropped rather than warned about.
		return server.runOn(InProcessLoopResources.shared(), false)
			.option(ChannelOption.SO_REUSEADDR, null)
			.childOption(ChannelOption.TCP_NODELAY, null)
			.bindAddress(() -> address);
	}

	/**
	 * Make a Reactor Netty client connect to this transport.
	 * @param connector the connector
	 * @return the configured client
	 */
	public TcpClient configure(TcpClient client) {
		LocalAddress address = this.address;
		// A local address is never resolved.
		return client.runOn(InProcessLoopResources.shared(), false)
			.option(ChannelOption.TCP_NODELAY, null)
			.resolver(NoopAddressResolverGroup.INSTANCE)
			.remoteAddress(() -> address);
	}

	@Override
	public String toString() {
		return "AmpInProcessTransport{" + this.address + "}";
	}

}
