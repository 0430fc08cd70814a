/*
 * Copyright 2012-present the original author or authors.
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

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.jspecify.annotations.Nullable;

/**
 * Incremental decoder of the AMP box stream.
 * <p>
 * An explicit state machine that consumes each length prefix, key and value as soon as it
 * is complete, so no byte is scanned twice whatever the split of the stream. Each key and
 * value is copied once, from the read buffer into the box.
 * <p>
 * A broken limit (a key length prefix above 255, as Twisted checks it, or a box larger
 * than {@link AmpLimits#maxBoxSize()}) emits the {@link AmpTooLongException} as a message
 * after the boxes decoded before it and drops the rest of the input. Unless told that the
 * next handler closes the connection itself (so that it can first answer the boxes
 * before the violation, as Twisted does), the decoder then closes the channel.
 * <p>
 * The decoder can {@linkplain #pauseAfter(Predicate) pause after a box}: it stops on that
 * box boundary and keeps the bytes behind it, undecoded, until it is
 * {@linkplain #resume() resumed}, gives them up ({@link #takeBuffered()}), or is removed
 * from the pipeline (which hands them to the next handler). StartTLS and protocol
 * switching use it so that the bytes behind their answer never reach the AMP parser.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpBoxDecoder extends ByteToMessageDecoder {

	private enum State {

		KEY_LENGTH, KEY, VALUE_LENGTH, VALUE, PAUSED, FAILED

	}

	private final AmpLimits limits;

	private final AmpLimitViolationListener violationListener;

	private final boolean closeOnViolation;

	private State state = State.KEY_LENGTH;

	private int fieldLength;

	private long boxSize;

	private byte[] key = new byte[0];

	private byte[][] keys = new byte[8][];

	private byte[][] values = new byte[8][];

	private int pairs;

	private @Nullable Predicate<AmpBox> boundary;

	private @Nullable ChannelHandlerContext context;

	/**
	 * Create a decoder with the default limits.
	 */
	public AmpBoxDecoder() {
		this(AmpLimits.DEFAULT, AmpLimitViolationListener.NONE, true);
	}

	/**
	 * Create a decoder.
	 * @param limits the limits to enforce
	 * @param violationListener told about every violation received
	 * @param closeOnViolation whether the decoder closes the channel after a violation
	 * ({@code false} when the handler of the violation message closes it)
	 */
	public AmpBoxDecoder(AmpLimits limits, AmpLimitViolationListener violationListener, boolean closeOnViolation) {
		this.limits = limits;
		this.violationListener = violationListener;
		this.closeOnViolation = closeOnViolation;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (true) {
			switch (this.state) {
				case KEY_LENGTH -> {
					if (in.readableBytes() < 2) {
						return;
					}
					int length = in.readUnsignedShort();
					if (length == 0) {
						AmpBox box = finishBox();
						out.add(box);
						Predicate<AmpBox> boundary = this.boundary;
						if (boundary != null && boundary.test(box)) {
							this.state = State.PAUSED;
							checkPausedBytes(ctx, in);
							return;
						}
						continue;
					}
					if (length > AmpLimits.MAX_KEY_LENGTH) {
						fail(in, out, new AmpTooLongException(AmpTooLongException.Part.KEY, false, length,
								AmpLimits.MAX_KEY_LENGTH, null));
						return;
					}
					if (!account(in, out, 2 + length)) {
						return;
					}
					this.fieldLength = length;
					this.state = State.KEY;
				}
				case KEY -> {
					if (in.readableBytes() < this.fieldLength) {
						return;
					}
					this.key = new byte[this.fieldLength];
					in.readBytes(this.key);
					this.state = State.VALUE_LENGTH;
				}
				case VALUE_LENGTH -> {
					if (in.readableBytes() < 2) {
						return;
					}
					int length = in.readUnsignedShort();
					if (!account(in, out, 2 + length)) {
						return;
					}
					this.fieldLength = length;
					this.state = State.VALUE;
				}
				case VALUE -> {
					if (in.readableBytes() < this.fieldLength) {
						return;
					}
					byte[] value = new byte[this.fieldLength];
					in.readBytes(value);
					addPair(this.key, value);
					this.state = State.KEY_LENGTH;
				}
				case PAUSED -> {
					checkPausedBytes(ctx, in);
					return;
				}
				case FAILED -> {
					in.skipBytes(in.readableBytes());
					return;
				}
			}
		}
	}

	/**
	 * Count a field against the box size limit before buffering it.
	 */
	private boolean account(ByteBuf in, List<Object> out, int fieldSize) {
		this.boxSize += fieldSize;
		// +2 for the terminator that must still follow.
		if (this.boxSize + 2 > this.limits.maxBoxSize()) {
			fail(in, out, new AmpTooLongException(AmpTooLongException.Part.BOX, false, this.boxSize + 2,
					this.limits.maxBoxSize(), null));
			return false;
		}
		return true;
	}

	private void addPair(byte[] key, byte[] value) {
		if (this.pairs == this.keys.length) {
			this.keys = Arrays.copyOf(this.keys, this.pairs * 2);
			this.values = Arrays.copyOf(this.values, this.pairs * 2);
		}
		this.keys[this.pairs] = key;
		this.values[this.pairs] = value;
		this.pairs++;
	}

	private AmpBox finishBox() {
		AmpBox box = (this.pairs == 0) ? AmpBox.empty()
				: AmpBoxes.sortedBox(Arrays.copyOf(this.keys, this.pairs), Arrays.copyOf(this.values, this.pairs));
		Arrays.fill(this.keys, 0, this.pairs, null);
		Arrays.fill(this.values, 0, this.pairs, null);
		this.pairs = 0;
		this.boxSize = 0;
		return box;
	}

	private void fail(ByteBuf in, List<Object> out, AmpTooLongException violation) {
		this.state = State.FAILED;
		Arrays.fill(this.keys, 0, this.pairs, null);
		Arrays.fill(this.values, 0, this.pairs, null);
		this.pairs = 0;
		in.skipBytes(in.readableBytes());
		this.violationListener.onViolation(violation);
		out.add(violation);
	}

	/**
	 * A peer that keeps writing behind a box the decoder paused after is not waiting for
	 * the answer, as it must: the bytes it sends meanwhile are bounded by the box size
	 * limit.
	 */
	private void checkPausedBytes(ChannelHandlerContext ctx, ByteBuf in) {
		if (in.readableBytes() > this.limits.maxBoxSize()) {
			int length = in.readableBytes();
			this.state = State.FAILED;
			in.skipBytes(length);
			ctx.fireExceptionCaught(new AmpException("The peer sent " + length + " bytes (limit "
					+ this.limits.maxBoxSize() + ") behind a StartTLS or protocol switch box before its answer"));
			ctx.close();
		}
	}

	/**
	 * Pause after every box the given test accepts, from the next box decoded on.
	 * @param boundary the test, run on the event loop for each box; {@code null} to
	 * never pause
	 */
	public void pauseAfter(@Nullable Predicate<AmpBox> boundary) {
		this.boundary = boundary;
	}

	/**
	 * Return whether the decoder is paused after a boundary box.
	 * @return whether it is paused
	 */
	public boolean isPaused() {
		return this.state == State.PAUSED;
	}

	/**
	 * Go on decoding after a pause, with the bytes received meanwhile. Call on the event
	 * loop.
	 */
	public void resume() {
		if (this.state != State.PAUSED) {
			return;
		}
		this.state = State.KEY_LENGTH;
		ChannelHandlerContext ctx = this.context;
		if (ctx != null) {
			// Later, never inside a decode in progress; nothing is read meanwhile.
			ctx.executor().execute(() -> decodeBuffered(ctx));
		}
	}

	private void decodeBuffered(ChannelHandlerContext ctx) {
		if (!ctx.isRemoved() && this.state != State.PAUSED && internalBuffer().isReadable()) {
			try {
				channelRead(ctx, Unpooled.EMPTY_BUFFER);
			}
			catch (Exception ex) {
				ctx.fireExceptionCaught(ex);
			}
		}
	}

	/**
	 * Take the bytes received behind the box the decoder paused after, and resume with
	 * none. Call on the event loop.
	 * @return the bytes, which the caller must release
	 */
	public ByteBuf takeBuffered() {
		ByteBuf buffered = internalBuffer();
		// A copy: the decoder may compact its buffer later.
		ByteBuf taken = buffered.isReadable() ? buffered.readBytes(buffered.readableBytes()) : Unpooled.EMPTY_BUFFER;
		if (this.state == State.PAUSED) {
			this.state = State.KEY_LENGTH;
		}
		return taken;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
		this.context = ctx;
		super.handlerAdded(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		super.channelRead(ctx, msg);
		// Closed only after the boxes decoded before the violation have gone downstream.
		if (this.closeOnViolation && this.state == State.FAILED && ctx.channel().isOpen()) {
			ctx.close();
		}
	}

	/**
	 * Return whether the stream broke a limit; nothing more is decoded then.
	 * @return whether the decoder has failed
	 */
	public boolean isFailed() {
		return this.state == State.FAILED;
	}

}
