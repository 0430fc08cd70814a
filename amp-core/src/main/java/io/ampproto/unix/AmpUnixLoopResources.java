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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSelectorProvider;

/**
 * Event loops for UNIX domain socket AMP connections: Netty's NIO transport on
 * junixsocket's selector (they cannot share the loops of TCP connections), creating
 * {@link AmpUnixSocketChannel}s and {@link AmpUnixServerSocketChannel}s. One shared
 * group of daemon loops serves every server and client.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpUnixLoopResources extends AmpDaemonLoopResources {

	/** Where server channels listen, or client channels connect. */
	private final @Nullable Path path;

	private final boolean server;

	private AmpUnixLoopResources(EventLoopGroup group, Path path, boolean server) {
		super(group);
		this.path = path;
		this.server = server;
	}

	/**
	 * Return the shared loops, creating server channels that listen on the given path
	 * (junixsocket's selector closes sockets registered before they are bound).
	 */
	static AmpUnixLoopResources forServer(Path path) {
		return new AmpUnixLoopResources(SharedLoops.GROUP, path, true);
	}

	/**
	 * Return the shared loops, creating client channels connected to the given path
	 * (junixsocket's selector closes sockets registered before they are connected).
	 */
	static AmpUnixLoopResources forClient(Path path) {
		return new AmpUnixLoopResources(SharedLoops.GROUP, path, false);
	}

	@Override
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		Path path = this.path;
		try {
			if (channelType == SocketChannel.class && !this.server) {
				return channelType.cast(
						(path != null) ? new AmpUnixSocketChannel(Junix.address(path)) : new AmpUnixSocketChannel());
			}
			if (channelType == ServerSocketChannel.class && this.server && path != null) {
				return channelType.cast(new AmpUnixServerSocketChannel(Junix.bindAddress(path)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex.getMessage(), ex);
		}
		throw new IllegalArgumentException("AMP over UNIX domain sockets has no " + channelType.getName());
	}

	@Override
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		if (channelType.isAssignableFrom(AmpUnixSocketChannel.class)) {
			return AmpUnixSocketChannel.class.asSubclass(channelType);
		}
		if (channelType.isAssignableFrom(AmpUnixServerSocketChannel.class)) {
			return AmpUnixServerSocketChannel.class.asSubclass(channelType);
		}
		throw new IllegalArgumentException("AMP over UNIX domain sockets has no " + channelType.getName());
	}

	/** Created on first use, once: the JVM's class initialization is the lock. */
	private static final class SharedLoops {

		static final EventLoopGroup GROUP = daemonLoops("amp-unix",
				NioIoHandler.newFactory(AFUNIXSelectorProvider.provider()));

	}

}
