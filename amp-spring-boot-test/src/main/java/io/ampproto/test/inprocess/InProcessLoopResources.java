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

import io.ampproto.unix.AmpDaemonLoopResources;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * Event loops for Netty's local channels, shared by every in-process server and client.
 * Reactor Netty asks for TCP channels; local ones are handed out in their place (it only
 * uses them as {@link Channel}s).
 *
 * @author AMP for Spring Boot contributors
 */
final class InProcessLoopResources extends AmpDaemonLoopResources {

	private InProcessLoopResources() {
		super(daemonLoops("amp-in-process", LocalIoHandler.newFactory()));
	}

	static InProcessLoopResources shared() {
		return Shared.RESOURCES;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		if (channelType == ServerSocketChannel.class) {
			return (C) new LocalServerChannel();
		}
		if (channelType == SocketChannel.class) {
			return (C) new LocalChannel();
		}
		throw new IllegalArgumentException("The in-process AMP transport has no " + channelType.getName());
	}

	@Override
	@SuppressWarnings("unchecked")
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		if (channelType == ServerSocketChannel.class) {
			return (Class<? extends C>) (Class<?>) LocalServerChannel.class;
		}
		if (channelType == SocketChannel.class) {
			return (Class<? extends C>) (Class<?>) LocalChannel.class;
		}
		throw new IllegalArgumentException("The in-process AMP transport has no " + channelType.getName());
	}

	/** Created on first use, once: the JVM's class initialization is the lock. */
	private static final class Shared {

		static final InProcessLoopResources RESOURCES = new InProcessLoopResources();

	}

}
