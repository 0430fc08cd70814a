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

import java.util.NoSuchElementException;

import io.ampproto.box.AmpBoxDecoder;
import io.ampproto.box.AmpBoxEncoder;
import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpLimits;
import io.ampproto.unix.AmpDescriptorExchanger;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;

/**
 * Names of the AMP handlers in a connection's pipeline, and their installation: the one
 * place that knows the pipeline's layout.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpPipeline {

	/** Name of the {@link AmpBoxDecoder}. */
	public static final String DECODER = "amp.decoder";

	/** Name of the {@link AmpBoxEncoder}. */
	public static final String ENCODER = "amp.encoder";

	/** Name of the {@link AmpDescriptorExchanger}'s handler, on UNIX domain sockets. */
	public static final String DESCRIPTORS = AmpDescriptorExchanger.HANDLER_NAME;

	/** Name of the handler that tells a connection about writability and the end of input. */
	public static final String EVENTS = "amp.writability";

	/** Name of the {@link AmpIdleTimeoutHandler}. */
	public static final String IDLE_TIMEOUT = "amp.idleTimeout";

	/** Name of the {@link AmpConnectionLimiter}'s handler. */
	public static final String CONNECTION_LIMIT = "amp.connectionLimit";

	/** Name of the {@link AmpOutOfMemoryGuard}. */
	public static final String OUT_OF_MEMORY = "amp.outOfMemory";

	/** Name of the TLS handler, as Reactor Netty's. */
	public static final String TLS = NettyPipeline.SslHandler;

	/** Name of the guard that refuses renegotiation initiated by a TLS client. */
	public static final String TLS_RENEGOTIATION_GUARD = "amp.tlsRenegotiationGuard";

	private AmpPipeline() {
	}

	static void install(Connection connection, AmpLimits limits, AmpLimitViolationListener violationListener) {
		connection.addHandlerLast(DECODER, new AmpBoxDecoder(limits, violationListener, false));
		connection.addHandlerLast(ENCODER, new AmpBoxEncoder(violationListener));
		// On UNIX domain sockets: Twisted's Descriptor passing, after the encoder.
		AmpDescriptorExchanger.install(connection);
		AmpOutOfMemoryGuard.install(connection);
	}

	/**
	 * Add a handler last (before Reactor Netty's own last handlers), unless the channel has
	 * closed meanwhile. Reactor Netty looks its last handlers up and then adds before them:
	 * from a thread other than the event loop, a channel that just closed may lose them in
	 * between, as its pipeline is taken apart. A closed channel has no events left to handle.
	 * @param connection the connection
	 * @param name the handler's name
	 * @param handler the handler
	 */
	static void addLastUnlessClosed(Connection connection, String name, ChannelHandler handler) {
		try {
			connection.addHandlerLast(name, handler);
		}
		catch (NoSuchElementException ex) {
			if (connection.channel().isActive()) {
				throw ex;
			}
		}
	}

	/**
	 * Put a TLS handler at the front of a channel's pipeline (behind a proxy handler).
	 * A TLS server refuses renegotiation initiated by the client: the connection closes.
	 * @param channel the channel
	 * @param handler the handler
	 */
	public static void addTls(Channel channel, SslHandler handler) {
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(NettyPipeline.ProxyHandler) != null) {
			pipeline.addAfter(NettyPipeline.ProxyHandler, TLS, handler);
		}
		else {
			pipeline.addFirst(TLS, handler);
		}
		if (!handler.engine().getUseClientMode()) {
			pipeline.addBefore(TLS, TLS_RENEGOTIATION_GUARD, new RenegotiationGuard());
		}
	}

}
