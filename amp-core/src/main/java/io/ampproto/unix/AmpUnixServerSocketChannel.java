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
package io.ampproto.unix;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFServerSocket;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * A Netty NIO server channel on a junixsocket UNIX domain socket, whose accepted
 * connections are {@link AmpUnixSocketChannel}s.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpUnixServerSocketChannel extends NioServerSocketChannel {

	private static final Logger logger = Loggers.getLogger(AmpUnixServerSocketChannel.class);

	private final @Nullable SocketAddress boundAddress;

	/**
	 * Create a server channel, bound when Netty binds it.
	 */
	public AmpUnixServerSocketChannel() {
		super(AFUNIXSelectorProvider.provider());
		this.boundAddress = null;
	}

	/**
	 * Create a server channel bound at once: junixsocket's selector drops a socket that
	 * is registered before it is bound, and Reactor Netty binds only after registering.
	 * The socket file is deleted when the channel closes.
	 * @param address the address to listen on
	 * @throws IOException when the address cannot be bound
	 */
	public AmpUnixServerSocketChannel(SocketAddress address) throws IOException {
		super(AFUNIXSelectorProvider.provider());
		if (javaChannel().socket() instanceof AFServerSocket<?> server) {
			server.setDeleteOnClose(true);
		}
		try {
			javaChannel().bind(address, NetUtil.SOMAXCONN);
		}
		catch (IOException ex) {
			javaChannel().close();
			throw new IOException("Cannot listen on " + AmpUnixSockets.describe(address) + ": " + ex.getMessage(), ex);
		}
		this.boundAddress = address;
	}

	@Override
	protected void doBind(SocketAddress localAddress) throws Exception {
		if (this.boundAddress == null) {
			super.doBind(localAddress);
		}
		else if (!this.boundAddress.equals(localAddress)) {
			throw new IOException("Already listening on " + AmpUnixSockets.describe(this.boundAddress)
					+ ", not on " + AmpUnixSockets.describe(localAddress));
		}
	}

	@Override
	protected int doReadMessages(List<Object> messages) throws Exception {
		SocketChannel accepted = javaChannel().accept();
		if (accepted == null) {
			return 0;
		}
		try {
			messages.add(new AmpUnixSocketChannel(this, (AFUNIXSocketChannel) accepted));
			return 1;
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to create a channel for an accepted UNIX domain socket connection", ex);
			accepted.close();
			return 0;
		}
	}

}
