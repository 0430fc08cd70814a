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

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Runs an action (typically, closing the connection) when a connection has had no
 * traffic either way for a given time and is not busy. A connection that is busy at that
 * moment (for example, a call of several minutes is in flight) is checked again a full
 * timeout later.
 * <p>
 * Install it on a connection with {@link #install(AmpConnection, Duration,
 * BooleanSupplier, Runnable)}. Twisted never closes idle connections.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpIdleTimeoutHandler extends IdleStateHandler {

	/** Name of the handler in a connection's pipeline. */
	public static final String HANDLER_NAME = AmpPipeline.IDLE_TIMEOUT;

	private final BooleanSupplier busy;

	private final Runnable onIdle;

	/**
	 * Create a handler.
	 * @param timeout how long a connection may go without traffic
	 * @param busy whether the connection must stay open although idle; called on its
	 * event loop
	 * @param onIdle run on the event loop when the connection is idle and not busy
	 */
	public AmpIdleTimeoutHandler(Duration timeout, BooleanSupplier busy, Runnable onIdle) {
		super(0, 0, checkPositive(timeout).toNanos(), TimeUnit.NANOSECONDS);
		this.busy = Objects.requireNonNull(busy, "busy");
		this.onIdle = Objects.requireNonNull(onIdle, "onIdle");
	}

	private static Duration checkPositive(Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
		}
		return timeout;
	}

	/**
	 * Install a handler first in a connection's pipeline, where it sees every byte read
	 * and written.
	 * @param connection the connection
	 * @param timeout how long the connection may go without traffic
	 * @param busy whether the connection must stay open although idle
	 * @param onIdle run when the connection is idle and not busy
	 */
	public static void install(AmpConnection connection, Duration timeout, BooleanSupplier busy, Runnable onIdle) {
		connection.nettyConnection().addHandlerFirst(HANDLER_NAME, new AmpIdleTimeoutHandler(timeout, busy, onIdle));
	}

	@Override
	protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
		if (!this.busy.getAsBoolean()) {
			this.onIdle.run();
		}
	}

}
