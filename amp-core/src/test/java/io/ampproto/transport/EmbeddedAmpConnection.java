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

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.channel.ChannelOperations;

/**
 * An {@link AmpConnection} over Netty's {@link EmbeddedChannel}, for tests of what a
 * session writes and when, without a socket or an event-loop thread. The pipeline is the
 * real transport's ({@link AmpPipeline#install}) behind Reactor Netty's own inbound
 * bridge; the test plays the peer: {@link #receive(byte[])} writes the peer's bytes in,
 * {@link #written()} takes the bytes this side wrote. Everything runs on the test's
 * thread when it calls these, so no test waits:
 *
 * <pre class="code">
 * EmbeddedAmpConnection peer = EmbeddedAmpConnection.accepted();
 * AmpSession session = AmpSession.start(peer.connection(), responders, AmpSessionOptions.DEFAULTS);
 * peer.receiveHex(V4_SUM_CALL);
 * assertThat(peer.writtenHex()).isEqualTo(V5_SUM_ANSWER);
 * </pre>
 *
 * Backpressure is not modelled: the peer's bytes arrive when the test writes them,
 * whatever the channel's auto-read. The channel's clock stands still unless
 * {@link #passTime(Duration)} moves it.
 *
 * @author AMP for Spring Boot contributors
 */
public final class EmbeddedAmpConnection implements AutoCloseable {

	private final EmbeddedChannel channel;

	private final AmpConnection connection;

	private EmbeddedAmpConnection(EmbeddedChannel channel, AmpLimits limits) {
		this.channel = channel;
		ConnectionObserver observer = ConnectionObserver.emptyListener();
		ChannelOperations.addReactiveBridge(channel,
				(connection, listener, message) -> new ChannelOperations<>(connection, listener), observer);
		try {
			// Fires channelActive: Reactor Netty binds its operations, as on a socket.
			channel.register();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		// Timers fire only when a test moves the clock.
		channel.freezeTime();
		Connection operations = Connection.from(channel);
		AmpPipeline.install(operations, limits, AmpLimitViolationListener.NONE);
		this.connection = new AmpConnection(operations, AmpLimitViolationListener.NONE);
	}

	/**
	 * A connection as a server accepts it, with the default limits.
	 * @return the connection
	 */
	public static EmbeddedAmpConnection accepted() {
		return accepted(AmpLimits.DEFAULT);
	}

	/**
	 * A connection as a server accepts it: its channel has a parent, the listening one.
	 * @param limits the limits on received boxes
	 * @return the connection
	 */
	public static EmbeddedAmpConnection accepted(AmpLimits limits) {
		EmbeddedChannel listening = new EmbeddedChannel();
		return new EmbeddedAmpConnection(
				new EmbeddedChannel(listening, DefaultChannelId.newInstance(), false, false), limits);
	}

	/**
	 * The AMP connection, to start a session on.
	 * @return the connection
	 */
	public AmpConnection connection() {
		return this.connection;
	}

	/**
	 * The channel, for what the other methods do not cover.
	 * @return the channel
	 */
	public EmbeddedChannel channel() {
		return this.channel;
	}

	/**
	 * Receive bytes from the peer, in one read, and run what they started.
	 * @param bytes the peer's bytes
	 */
	public void receive(byte[] bytes) {
		this.channel.writeInbound(Unpooled.wrappedBuffer(bytes));
		this.channel.runPendingTasks();
	}

	/**
	 * Receive bytes from the peer, written as hexadecimal.
	 * @param hex the peer's bytes in hexadecimal
	 */
	public void receiveHex(String hex) {
		receive(HexFormat.of().parseHex(hex));
	}

	/**
	 * Run pending tasks, then take every byte written to the peer since the last call.
	 * @return the bytes, empty when nothing was written
	 */
	public byte[] written() {
		this.channel.runPendingTasks();
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		for (Object message = this.channel.readOutbound(); message != null; message = this.channel.readOutbound()) {
			ByteBuf bytes = (ByteBuf) message;
			try {
				written.writeBytes(ByteBufUtil.getBytes(bytes));
			}
			finally {
				bytes.release();
			}
		}
		return written.toByteArray();
	}

	/**
	 * Take every byte written to the peer since the last call, as hexadecimal.
	 * @return the bytes in hexadecimal
	 */
	public String writtenHex() {
		return HexFormat.of().formatHex(written());
	}

	/**
	 * Move the channel's clock (its event loop's timers) and run the tasks now due.
	 * @param time how far
	 */
	public void passTime(Duration time) {
		this.channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
		this.channel.runPendingTasks();
	}

	/**
	 * Return whether the channel is still open.
	 * @return whether open
	 */
	public boolean isOpen() {
		this.channel.runPendingTasks();
		return this.channel.isOpen();
	}

	/**
	 * Close the channel (and its listening parent) and release what it still holds.
	 */
	@Override
	public void close() {
		this.channel.finishAndReleaseAll();
		this.channel.parent().close();
	}

}
