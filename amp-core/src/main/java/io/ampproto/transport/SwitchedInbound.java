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

import java.util.ArrayDeque;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;

/**
 * The inbound of a connection after a protocol switch: relays the bytes the session
 * receives to the inner protocol, one subscriber, on the event loop.
 * <p>
 * The session asks the connection for everything it reads; this relay paces reading
 * instead, by turning the channel's auto-read off while it holds bytes the inner protocol
 * has not asked for. So it holds at most what one read brings.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class SwitchedInbound extends Flux<Object> implements NettyInbound, Subscription {

	private final Connection connection;

	private final Channel channel;

	private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();

	private @Nullable CoreSubscriber<? super Object> subscriber;

	private long demand;

	private boolean done;

	private @Nullable Throwable error;

	private boolean cancelled;

	private boolean subscribed;

	private boolean draining;

	SwitchedInbound(Connection connection) {
		this.connection = connection;
		this.channel = connection.channel();
	}

	/**
	 * Relay bytes; the caller releases them after this call. Event loop only.
	 */
	void next(ByteBuf buffer) {
		if (this.cancelled || this.done) {
			return;
		}
		CoreSubscriber<? super Object> subscriber = this.subscriber;
		if (subscriber != null && this.demand > 0 && this.held.isEmpty()) {
			this.demand--;
			subscriber.onNext(buffer);
			return;
		}
		this.held.add(buffer.retain());
		ChannelConfig config = this.channel.config();
		if (config.isAutoRead()) {
			config.setAutoRead(false);
		}
	}

	/**
	 * The peer shut its output down: the bytes held still go to the protocol, which may
	 * subscribe later, then the end. Event loop only.
	 */
	void inputEnded() {
		if (!this.done) {
			this.done = true;
			drain();
		}
	}

	/**
	 * No more bytes: the connection closed or failed. Event loop only.
	 */
	void complete(@Nullable Throwable error) {
		if (this.done) {
			if (!this.subscribed) {
				// Ended by inputEnded(), and nobody will read what is held now.
				this.cancelled = true;
				releaseHeld();
			}
			return;
		}
		this.done = true;
		this.error = error;
		if (this.subscriber == null) {
			// Nobody will read them now.
			this.cancelled = true;
			releaseHeld();
		}
		drain();
	}

	@Override
	public void subscribe(CoreSubscriber<? super Object> actual) {
		runOnLoop(() -> {
			if (this.subscribed) {
				Operators.error(actual, new IllegalStateException(
						"The inbound of a switched AMP connection allows only one subscriber"));
				return;
			}
			this.subscribed = true;
			this.subscriber = actual;
			actual.onSubscribe(this);
			drain();
		});
	}

	@Override
	public void request(long n) {
		if (Operators.validate(n)) {
			runOnLoop(() -> {
				this.demand = Operators.addCap(this.demand, n);
				drain();
			});
		}
	}

	@Override
	public void cancel() {
		runOnLoop(() -> {
			this.cancelled = true;
			this.subscriber = null;
			releaseHeld();
			// Bytes are dropped from now on; keep reading so that the connection's end is seen.
			readAgain();
		});
	}

	private void drain() {
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			CoreSubscriber<? super Object> subscriber;
			while ((subscriber = this.subscriber) != null && this.demand > 0 && !this.held.isEmpty()) {
				ByteBuf buffer = this.held.poll();
				this.demand--;
				try {
					subscriber.onNext(buffer);
				}
				finally {
					buffer.release();
				}
			}
			subscriber = this.subscriber;
			if (subscriber != null && this.done && this.held.isEmpty()) {
				this.subscriber = null;
				this.cancelled = true;
				Throwable error = this.error;
				if (error != null) {
					subscriber.onError(error);
				}
				else {
					subscriber.onComplete();
				}
			}
			else if (subscriber != null && this.demand > 0 && this.held.isEmpty()) {
				readAgain();
			}
		}
		finally {
			this.draining = false;
		}
	}

	private void readAgain() {
		ChannelConfig config = this.channel.config();
		if (!config.isAutoRead()) {
			// Reads at once, and from then on.
			config.setAutoRead(true);
		}
	}

	private void releaseHeld() {
		ByteBuf buffer;
		while ((buffer = this.held.poll()) != null) {
			buffer.release();
		}
	}

	private void runOnLoop(Runnable task) {
		if (this.channel.eventLoop().inEventLoop()) {
			task.run();
		}
		else {
			this.channel.eventLoop().execute(task);
		}
	}

	@Override
	public ByteBufFlux receive() {
		return ByteBufFlux.fromInbound(this, this.channel.alloc());
	}

	@Override
	public Flux<?> receiveObject() {
		return this;
	}

	@Override
	public NettyInbound withConnection(Consumer<? super Connection> withConnection) {
		withConnection.accept(this.connection);
		return this;
	}

}
