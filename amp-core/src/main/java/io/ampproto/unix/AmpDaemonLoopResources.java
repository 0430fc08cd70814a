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

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.netty.resources.LoopResources;

/**
 * The loops of a transport other than TCP: UNIX domain sockets here, the in-process
 * channels of amp-spring-boot-test. One group of daemon event loops serves its servers
 * and clients alike. Reactor Netty asks for TCP channels; a subclass hands out its own
 * channels in their place ({@link #onChannel}, {@link #onChannelClass}). The loops are
 * never disposed, as Reactor Netty's own default loops. In this package, the lowest
 * that knows Netty's loops, so that the transport and the test support can share it.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public abstract class AmpDaemonLoopResources implements LoopResources {

	private final EventLoopGroup group;

	/**
	 * Create loop resources on a group of loops.
	 * @param group the loops of every server and client
	 */
	protected AmpDaemonLoopResources(EventLoopGroup group) {
		this.group = group;
	}

	/**
	 * Return a new group of {@link LoopResources#DEFAULT_IO_WORKER_COUNT} daemon loops.
	 * @param threadPrefix what the threads' names start with
	 * @param ioHandler the loops' I/O handler
	 * @return the loops
	 */
	protected static EventLoopGroup daemonLoops(String threadPrefix, IoHandlerFactory ioHandler) {
		return new MultiThreadIoEventLoopGroup(LoopResources.DEFAULT_IO_WORKER_COUNT,
				new DefaultThreadFactory(threadPrefix, true), ioHandler);
	}

	@Override
	public final EventLoopGroup onServer(boolean useNative) {
		return this.group;
	}

	@Override
	public final EventLoopGroup onClient(boolean useNative) {
		return this.group;
	}

	@Override
	public final EventLoopGroup onServerSelect(boolean useNative) {
		return this.group;
	}

	@Override
	public final boolean daemon() {
		return true;
	}

}
