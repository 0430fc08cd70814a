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
package io.ampproto.box;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.netty.channel.ChannelHandlerContext;
import org.jspecify.annotations.Nullable;

/**
 * Times the arrival of a decoder's unfinished box, from the first read of it. One timer
 * at most per connection, never cancelled while the connection lives: when it fires it
 * looks at the box unfinished then. Used on the connection's event loop.
 *
 * @author AMP for Spring Boot contributors
 */
final class UnfinishedBoxTimer {

	private final Duration timeout;

	private final BooleanSupplier boxUnfinished;

	/** Boxes finished so far: tells whether the unfinished box is still the one timed. */
	private final LongSupplier boxesFinished;

	private final BiConsumer<ChannelHandlerContext, Duration> timedOut;

	/** The box whose arrival is timed: its number, and when its first read came. */
	private long timedBox = -1;

	private long timedSince;

	private @Nullable ScheduledFuture<?> timer;

	UnfinishedBoxTimer(Duration timeout, BooleanSupplier boxUnfinished, LongSupplier boxesFinished,
			BiConsumer<ChannelHandlerContext, Duration> timedOut) {
		this.timeout = timeout;
		this.boxUnfinished = boxUnfinished;
		this.boxesFinished = boxesFinished;
		this.timedOut = timedOut;
	}

	/**
	 * After a read: time the unfinished box from now if it is a new one.
	 */
	void afterRead(ChannelHandlerContext ctx) {
		if (!this.boxUnfinished.getAsBoolean()) {
			return;
		}
		long finished = this.boxesFinished.getAsLong();
		if (this.timedBox != finished) {
			this.timedBox = finished;
			this.timedSince = ctx.executor().ticker().nanoTime();
		}
		if (this.timer == null) {
			this.timer = ctx.executor().schedule(() -> fired(ctx), this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void fired(ChannelHandlerContext ctx) {
		this.timer = null;
		if (ctx.isRemoved() || !this.boxUnfinished.getAsBoolean() || this.timedBox != this.boxesFinished.getAsLong()) {
			return;
		}
		long remaining = this.timedSince + this.timeout.toNanos() - ctx.executor().ticker().nanoTime();
		if (remaining > 0) {
			this.timer = ctx.executor().schedule(() -> fired(ctx), remaining, TimeUnit.NANOSECONDS);
			return;
		}
		this.timedOut.accept(ctx, this.timeout);
	}

	/**
	 * The connection is gone: stop timing.
	 */
	void cancel() {
		ScheduledFuture<?> timer = this.timer;
		if (timer != null) {
			this.timer = null;
			timer.cancel(false);
		}
	}

}
