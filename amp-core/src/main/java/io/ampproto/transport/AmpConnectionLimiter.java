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

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.tcp.TcpServer;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Caps how many connections a server holds open. A connection over the limit is closed
 * as soon as it is accepted, before anything is read from it or any AMP handler sees it.
 * Refusals are counted, and logged once per burst: a warning when refusing starts, and
 * how many were refused when a connection is accepted again.
 * <p>
 * Apply it to a server with {@link AmpServer#tcpServer(UnaryOperator)}; one limiter
 * counts the connections of every server it is applied to.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpConnectionLimiter implements UnaryOperator<TcpServer> {

	/** Name of the limiter's handler, first in each connection's pipeline. */
	public static final String HANDLER_NAME = AmpPipeline.CONNECTION_LIMIT;

	private static final Logger logger = Loggers.getLogger(AmpConnectionLimiter.class);

	private final int maxConnections;

	private final AtomicInteger open = new AtomicInteger();

	private final LongAdder refused = new LongAdder();

	private final AtomicBoolean refusing = new AtomicBoolean();

	private final AtomicLong refusedInBurst = new AtomicLong();

	/**
	 * Create a limiter.
	 * @param maxConnections how many connections may be open at once
	 */
	public AmpConnectionLimiter(int maxConnections) {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be positive, but was " + maxConnections);
		}
		this.maxConnections = maxConnections;
	}

	@Override
	public TcpServer apply(TcpServer server) {
		return server.doOnChannelInit(
				(observer, channel, remoteAddress) -> channel.pipeline().addFirst(HANDLER_NAME, new Gate()));
	}

	/**
	 * Return the limit.
	 * @return how many connections may be open at once
	 */
	public int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * Return how many connections are open.
	 * @return the number of accepted connections not yet closed
	 */
	public int openConnections() {
		return this.open.get();
	}

	/**
	 * Return how many connections were refused since the limiter was created.
	 * @return the number of refused connections
	 */
	public long refusedConnections() {
		return this.refused.sum();
	}

	private boolean admit() {
		if (this.open.incrementAndGet() > this.maxConnections) {
			this.open.decrementAndGet();
			this.refused.increment();
			this.refusedInBurst.incrementAndGet();
			if (this.refusing.compareAndSet(false, true)) {
				logger.warn("AMP server refusing connections: {} are open, the limit (amp.server.max-connections)",
						this.maxConnections);
			}
			return false;
		}
		if (this.refusing.get() && this.refusing.compareAndSet(true, false)) {
			logger.info("AMP server accepting connections again, after refusing {}", this.refusedInBurst.getAndSet(0));
		}
		return true;
	}

	/**
	 * Admits or closes one connection; one instance per channel.
	 */
	private final class Gate extends ChannelInboundHandlerAdapter {

		private boolean admitted;

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			if (admit()) {
				this.admitted = true;
				ctx.fireChannelActive();
			}
			else {
				// Not passed on: Reactor Netty never sees the connection.
				ctx.close();
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.admitted) {
				ctx.fireChannelRead(msg);
			}
			else {
				ReferenceCountUtil.release(msg);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			if (this.admitted) {
				this.admitted = false;
				AmpConnectionLimiter.this.open.decrementAndGet();
			}
			ctx.fireChannelInactive();
		}

	}

}
