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

import java.io.FileDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ampproto.box.AmpBox;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpDescriptor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The descriptors of one connection, numbered as Twisted's
 * {@code _DescriptorExchanger} numbers them: a counter from 0 for those sent and one for
 * those received, each across every box of the connection, in both commands and
 * answers.
 * <ul>
 * <li>Received descriptors are numbered in arrival order, before the bytes that carried
 * them are decoded, and wait until a box claims them by ordinal. Those never claimed are
 * closed when the connection closes, and a peer that leaves more than
 * {@value #MAX_UNCLAIMED} unclaimed is disconnected.</li>
 * <li>Sent descriptors are numbered while their box is encoded ({@link #outgoing()}),
 * ride as {@code SCM_RIGHTS} on that box's first bytes, and are closed once the box is
 * written.</li>
 * </ul>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpDescriptorExchanger {

	private static final Logger logger = Loggers.getLogger(AmpDescriptorExchanger.class);

	/** Name of the exchanger's handler in the pipeline. */
	public static final String HANDLER_NAME = "amp.descriptors";

	/** Most received descriptors that may wait for a box to claim them. */
	public static final int MAX_UNCLAIMED = 1024;

	private final Channel channel;

	private final Handler handler = new Handler();

	/** Received descriptors by ordinal; guarded by this. */
	private final Map<Long, AmpDescriptor> received = new HashMap<>();

	private long receiveCounter;

	private boolean closed;

	/** Next ordinal to send; event loop only. */
	private long sendCounter;

	/** Whether the peer left too many unclaimed; event loop only. */
	private boolean violated;

	private final AmpArgumentContext receiving = new AmpArgumentContext() {

		@Override
		public long sendDescriptor(AmpDescriptor descriptor) {
			throw new AmpArgumentException("Descriptors are sent only with a box written by "
					+ "AmpConnection.write(encoder), which numbers them in write order");
		}

		@Override
		public AmpDescriptor receiveDescriptor(long ordinal) {
			return claim(ordinal);
		}

	};

	private AmpDescriptorExchanger(Channel channel) {
		this.channel = channel;
	}

	/**
	 * Install an exchanger on a connection whose channel passes descriptors: its handler
	 * goes after the AMP encoder, so it sees boxes before they are encoded.
	 * @param connection the connection
	 * @return the exchanger, or {@code null} when the channel (or the platform) cannot
	 * pass descriptors
	 */
	public static @Nullable AmpDescriptorExchanger install(Connection connection) {
		if (!(connection.channel() instanceof AmpDescriptorPassingChannel) || !AmpUnixSockets.canPassDescriptors()) {
			return null;
		}
		AmpDescriptorExchanger exchanger = new AmpDescriptorExchanger(connection.channel());
		connection.addHandlerLast(HANDLER_NAME, exchanger.handler);
		return exchanger;
	}

	/**
	 * Return the exchanger installed on a channel.
	 * @param channel the channel
	 * @return the exchanger, or {@code null}
	 */
	public static @Nullable AmpDescriptorExchanger find(Channel channel) {
		Handler handler = channel.pipeline().get(Handler.class);
		return (handler != null) ? handler.exchanger() : null;
	}

	/**
	 * Return the context for decoding boxes received on this connection: it claims
	 * received descriptors, and refuses to send.
	 * @return the receiving context
	 */
	public AmpArgumentContext receiving() {
		return this.receiving;
	}

	/**
	 * Start encoding one box: call on the event loop, then write its
	 * {@link Outgoing#message(AmpBox) message} and {@link Outgoing#commit() commit}, or
	 * {@link Outgoing#abort() abort}, before encoding another.
	 * @return the context of the box
	 */
	public Outgoing outgoing() {
		return new Outgoing();
	}

	/**
	 * Close the descriptors of a message that will not be written, as made by
	 * {@link Outgoing#message(AmpBox)}; a plain box is left alone.
	 * @param message the message dropped
	 */
	public static void discard(Object message) {
		if (message instanceof AmpDescribedBox described) {
			described.closeDescriptors();
		}
	}

	/**
	 * Return how many received descriptors wait for a box to claim them.
	 * @return the number of unclaimed descriptors
	 */
	public synchronized int unclaimed() {
		return this.received.size();
	}

	/**
	 * Return how many descriptors have been received on this connection.
	 * @return the number received
	 */
	public synchronized long receivedCount() {
		return this.receiveCounter;
	}

	/**
	 * Return how many descriptors have been sent on this connection.
	 * @return the number sent
	 */
	public long sentCount() {
		return this.sendCounter;
	}

	private AmpDescriptor claim(long ordinal) {
		synchronized (this) {
			if (this.closed) {
				throw new AmpArgumentException(
						"Cannot claim file descriptor #" + ordinal + ": the connection to " + peer() + " is closed");
			}
			AmpDescriptor descriptor = this.received.remove(ordinal);
			if (descriptor != null) {
				return descriptor;
			}
			String why = (ordinal < this.receiveCounter) ? "it was claimed by an earlier box"
					: "only " + this.receiveCounter + " arrived so far";
			throw new AmpArgumentException(
					"No file descriptor #" + ordinal + " is waiting on the connection to " + peer() + ": " + why);
		}
	}

	private void onReceived(ChannelHandlerContext ctx, List<FileDescriptor> descriptors) {
		int unclaimed;
		synchronized (this) {
			for (FileDescriptor fileDescriptor : descriptors) {
				AmpDescriptor descriptor = AmpDescriptor.of(fileDescriptor);
				long ordinal = this.receiveCounter++;
				if (this.closed) {
					descriptor.close();
				}
				else {
					this.received.put(ordinal, descriptor);
				}
			}
			unclaimed = this.received.size();
		}
		if (unclaimed > MAX_UNCLAIMED && !this.violated) {
			this.violated = true;
			logger.error("Closing the AMP connection to {}: it sent {} file descriptors that no box claimed "
					+ "(at most {} may wait)", peer(), unclaimed, MAX_UNCLAIMED);
			ctx.fireUserEventTriggered(new AmpDescriptorViolation(AmpDescriptorViolation.Reason.UNCLAIMED, unclaimed));
			ctx.close();
		}
	}

	private void closeUnclaimed() {
		List<AmpDescriptor> unclaimed;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			unclaimed = new ArrayList<>(this.received.values());
			this.received.clear();
		}
		if (!unclaimed.isEmpty()) {
			logger.debug("Closing {} file descriptor(s) from {} that no box claimed", unclaimed.size(), peer());
		}
		for (AmpDescriptor descriptor : unclaimed) {
			try {
				descriptor.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Cannot close an unclaimed file descriptor", ex);
			}
		}
	}

	private String peer() {
		return AmpUnixSockets.describePeer(this.channel);
	}

	@Override
	public String toString() {
		return "AmpDescriptorExchanger{peer=" + peer() + ", sent=" + this.sendCounter + ", received="
				+ receivedCount() + ", unclaimed=" + unclaimed() + "}";
	}

	/**
	 * The descriptors of one box being encoded.
	 */
	public final class Outgoing implements AmpArgumentContext {

		private final List<AmpDescriptor> descriptors = new ArrayList<>(2);

		private Outgoing() {
		}

		@Override
		public long sendDescriptor(AmpDescriptor descriptor) {
			this.descriptors.add(descriptor);
			return AmpDescriptorExchanger.this.sendCounter + this.descriptors.size() - 1;
		}

		@Override
		public AmpDescriptor receiveDescriptor(long ordinal) {
			return claim(ordinal);
		}

		/**
		 * Return what to write for the encoded box: the box itself, or the box with its
		 * descriptors.
		 * @param box the encoded box
		 * @return the message
		 */
		public Object message(AmpBox box) {
			return this.descriptors.isEmpty() ? box : new AmpDescribedBox(box, List.copyOf(this.descriptors));
		}

		/**
		 * The box was written: its ordinals are taken.
		 */
		public void commit() {
			AmpDescriptorExchanger.this.sendCounter += this.descriptors.size();
		}

		/**
		 * The box was not written: its ordinals are free again, and its descriptors are
		 * closed.
		 */
		public void abort() {
			new AmpDescribedBox(AmpBox.empty(), this.descriptors).closeDescriptors();
		}

	}

	/**
	 * Numbers received descriptors, writes descriptors before their boxes, and closes
	 * the unclaimed ones when the channel closes.
	 */
	private final class Handler extends ChannelDuplexHandler {

		AmpDescriptorExchanger exchanger() {
			return AmpDescriptorExchanger.this;
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event instanceof AmpReceivedDescriptors descriptors) {
				onReceived(ctx, descriptors.descriptors());
				return;
			}
			super.userEventTriggered(ctx, event);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
			if (!(message instanceof AmpDescribedBox described)) {
				ctx.write(message, promise);
				return;
			}
			List<FileDescriptor> fileDescriptors = new ArrayList<>(described.descriptors().size());
			described.descriptors().forEach((descriptor) -> fileDescriptors.add(descriptor.fileDescriptor()));
			// Open until the box's bytes, which carry them, have been written.
			ChannelPromise written = ctx.newPromise();
			written.addListener((future) -> {
				described.closeDescriptors();
				if (future.isSuccess()) {
					promise.trySuccess();
				}
				else {
					promise.tryFailure(future.cause());
				}
			});
			ctx.write(new AmpOutboundDescriptors(fileDescriptors), ctx.newPromise());
			ctx.write(described.box(), written);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			closeUnclaimed();
			super.channelInactive(ctx);
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext ctx) {
			closeUnclaimed();
		}

	}

}
