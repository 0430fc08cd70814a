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
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import org.jspecify.annotations.Nullable;

/**
 * Incremental decoder of the AMP box stream.
 * <p>
 * An explicit state machine that consumes every byte as it arrives, so no byte is scanned
 * twice whatever the split of the stream. Boxes that lie whole in a read are decoded from
 * one copy of them; a box that spans reads is kept as its wire bytes in one array until
 * it ends, so an unfinished box costs about its size, whatever its shape (one array per
 * key and value cost 35 bytes per pair of one-byte key and empty value). That array is
 * reserved from the {@linkplain AmpLimits#unfinishedBoxes() memory budget} shared by
 * every connection, and a box must end within {@link AmpLimits#boxTimeout()}; beyond
 * either, the decoder emits an {@link AmpLimitExceededException} as it does a violation.
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

	/** Bytes of the current key or value still to come. */
	private int fieldRemaining;

	/** The first byte of a length prefix split between reads, when {@link #prefixRead} is 1. */
	private int prefixHigh;

	private int prefixRead;

	private long boxSize;

	/**
	 * The wire bytes of the box being received across reads (its pairs, and the field
	 * arriving), reserved from the budget by its length.
	 */
	private byte[] partial = NO_BYTES;

	private int partialLength;

	/** Boxes finished, to tell whether the unfinished box is still the one timed. */
	private long boxesFinished;

	/** Times the arrival of an unfinished box; {@code null} without a box timeout. */
	private final @Nullable UnfinishedBoxTimer boxTimer;

	private byte[][] keys = new byte[8][];

	private byte[][] values = new byte[8][];

	private int pairs;

	private @Nullable Predicate<AmpBox> boundary;

	private @Nullable ChannelHandlerContext context;

	/** The keys and box shapes this connection repeats. */
	private final RepeatedKeys repeated = new RepeatedKeys();

	private static final byte[] NO_BYTES = new byte[0];

	/** The smallest array for an unfinished box, kept between boxes. */
	private static final int MIN_PARTIAL = 256;

	/** Bytes copied at once by {@link #decodeWholeBoxes}: many small boxes, or a few. */
	private static final int SCRATCH_SIZE = 4096;

	/** Below this, decoding field by field costs no more. */
	private static final int MIN_WHOLE_BOXES = 16;

	/** One scratch array per event loop thread, not per connection. */
	private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
		@Override
		protected byte[] initialValue() {
			return new byte[SCRATCH_SIZE];
		}
	};

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
		Duration timeout = limits.boxTimeout();
		this.boxTimer = (timeout != null) ? new UnfinishedBoxTimer(timeout, this::boxUnfinished,
				() -> this.boxesFinished, this::boxTimedOut) : null;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		try {
			decodeFields(ctx, in, out);
		}
		catch (AmpLimitExceededException ex) {
			failLimit(ctx, in, out, ex);
		}
	}

	private void decodeFields(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (true) {
			switch (this.state) {
				case KEY_LENGTH -> {
					if (this.partialLength == 0 && this.prefixRead == 0 && in.readableBytes() >= MIN_WHOLE_BOXES
							&& decodeWholeBoxes(in, out)) {
						continue;
					}
					int length = readPrefix(in);
					if (length < 0) {
						return;
					}
					if (length == 0) {
						AmpBox box = finishPartialBox();
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
					appendPrefix(length);
					this.fieldRemaining = length;
					this.state = State.KEY;
				}
				case VALUE_LENGTH -> {
					int length = readPrefix(in);
					if (length < 0) {
						return;
					}
					if (!account(in, out, 2 + length)) {
						return;
					}
					appendPrefix(length);
					this.fieldRemaining = length;
					this.state = State.VALUE;
				}
				case KEY, VALUE -> {
					int length = Math.min(this.fieldRemaining, in.readableBytes());
					in.readBytes(this.partial, this.partialLength, length);
					this.partialLength += length;
					this.fieldRemaining -= length;
					if (this.fieldRemaining > 0) {
						return;
					}
					this.state = (this.state == State.KEY) ? State.VALUE_LENGTH : State.KEY_LENGTH;
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
	 * Read a length prefix, which may be split between reads.
	 * @return the length, or -1 when the rest has not arrived
	 */
	private int readPrefix(ByteBuf in) {
		if (this.prefixRead == 0) {
			if (in.readableBytes() >= 2) {
				return in.readUnsignedShort();
			}
			if (in.isReadable()) {
				this.prefixHigh = in.readUnsignedByte();
				this.prefixRead = 1;
			}
			return -1;
		}
		if (!in.isReadable()) {
			return -1;
		}
		this.prefixRead = 0;
		return (this.prefixHigh << 8) | in.readUnsignedByte();
	}

	/**
	 * Append a length prefix to the unfinished box, with room for the field it announces
	 * (whose size {@link #account} has checked).
	 */
	private void appendPrefix(int length) {
		ensureCapacity(this.partialLength + 2 + length);
		this.partial[this.partialLength++] = (byte) (length >>> 8);
		this.partial[this.partialLength++] = (byte) length;
	}

	private void ensureCapacity(int needed) {
		byte[] partial = this.partial;
		if (needed <= partial.length) {
			return;
		}
		// Half again as large: growing costs a copy, unused room at most a third of the array.
		long grown = Math.max(needed, Math.max(MIN_PARTIAL, partial.length + (partial.length >> 1)));
		int capacity = (int) Math.min(grown, Math.max(needed, this.limits.maxBoxSize()));
		AmpMemoryBudget budget = this.limits.unfinishedBoxes();
		if (!budget.tryReserve(capacity - partial.length)) {
			throw new AmpLimitExceededException(AmpLimitExceededException.Limit.MEMORY,
					"AMP box refused: the unfinished boxes of all connections would hold more than their budget of "
							+ budget.limit() + " bytes with the " + (this.boxSize + 2)
							+ " bytes of this one so far; closing the connection");
		}
		this.partial = Arrays.copyOf(partial, capacity);
	}

	/**
	 * The terminator of a box arrived: build it from the pairs received.
	 */
	private AmpBox finishPartialBox() {
		byte[] bytes = this.partial;
		int end = this.partialLength;
		int position = 0;
		while (position < end) {
			int keyLength = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
			int valueStart = position + 4 + keyLength;
			int valueLength = ((bytes[valueStart - 2] & 0xFF) << 8) | (bytes[valueStart - 1] & 0xFF);
			addPair(this.repeated.key(bytes, position + 2, keyLength, this.pairs), value(bytes, valueStart, valueLength));
			position = valueStart + valueLength;
		}
		this.partialLength = 0;
		if (bytes.length > MIN_PARTIAL) {
			// Kept small between boxes: an idle connection holds next to nothing.
			releasePartial();
		}
		return finishBox();
	}

	private static byte[] value(byte[] bytes, int start, int length) {
		// Boxes never hand out or change their arrays: empty values share one.
		return (length == 0) ? NO_BYTES : Arrays.copyOfRange(bytes, start, start + length);
	}

	private void releasePartial() {
		this.limits.unfinishedBoxes().release(this.partial.length);
		this.partial = NO_BYTES;
		this.partialLength = 0;
	}

	/**
	 * Whether a box has started and not ended.
	 */
	private boolean boxUnfinished() {
		return (this.partialLength > 0 || this.prefixRead > 0)
				&& (this.state != State.PAUSED && this.state != State.FAILED);
	}

	/**
	 * Decode the boxes that lie whole in the next {@value #SCRATCH_SIZE} bytes from one
	 * copy of them, rather than field by field from the buffer (each read of a direct
	 * buffer checks its bounds and its reference count, and each small copy out of it
	 * costs a native call). Stops before a box that is incomplete or breaks a limit:
	 * the field-by-field path then takes it, and reports the violation as it does.
	 * @return whether any box was decoded
	 */
	private boolean decodeWholeBoxes(ByteBuf in, List<Object> out) {
		int readable = Math.min(in.readableBytes(), SCRATCH_SIZE);
		byte[] bytes = SCRATCH.get();
		in.getBytes(in.readerIndex(), bytes, 0, readable);
		long maxBoxSize = this.limits.maxBoxSize();
		int start = 0;
		int position = 0;
		while (true) {
			if (position + 2 > readable) {
				break;
			}
			int keyLength = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
			if (keyLength == 0) {
				position += 2;
				AmpBox box = finishBox();
				out.add(box);
				start = position;
				Predicate<AmpBox> boundary = this.boundary;
				if (boundary != null && boundary.test(box)) {
					// What follows belongs to TLS or to the inner protocol: decode no further.
					this.state = State.PAUSED;
					break;
				}
				continue;
			}
			int valueStart = position + 4 + keyLength;
			if (keyLength > AmpLimits.MAX_KEY_LENGTH || valueStart > readable) {
				break;
			}
			int valueLength = ((bytes[valueStart - 2] & 0xFF) << 8) | (bytes[valueStart - 1] & 0xFF);
			int end = valueStart + valueLength;
			// +2 for the terminator that must still follow, as account() counts.
			if (end > readable || (long) end - start + 2 > maxBoxSize) {
				break;
			}
			addPair(this.repeated.key(bytes, position + 2, keyLength, this.pairs), value(bytes, valueStart, valueLength));
			position = end;
		}
		// The pairs of an incomplete box are read again by the field-by-field path.
		Arrays.fill(this.keys, 0, this.pairs, null);
		Arrays.fill(this.values, 0, this.pairs, null);
		this.pairs = 0;
		in.skipBytes(start);
		return start > 0;
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
		int pairs = this.pairs;
		AmpBox box;
		if (pairs == 0) {
			box = AmpBox.empty();
		}
		else {
			AmpBox known = this.repeated.knownBox(this.keys, this.values, pairs);
			if (known != null) {
				box = known;
			}
			else {
				box = AmpBoxes.sortedBox(Arrays.copyOf(this.keys, pairs), Arrays.copyOf(this.values, pairs));
				this.repeated.learnShape(this.keys, pairs, box);
			}
		}
		Arrays.fill(this.keys, 0, pairs, null);
		Arrays.fill(this.values, 0, pairs, null);
		this.pairs = 0;
		this.boxSize = 0;
		this.boxesFinished++;
		return box;
	}

	private void fail(ByteBuf in, List<Object> out, AmpTooLongException violation) {
		stop(in);
		this.violationListener.onViolation(violation);
		out.add(violation);
	}

	private void failLimit(ChannelHandlerContext ctx, ByteBuf in, List<Object> out,
			AmpLimitExceededException exceeded) {
		stop(in);
		this.violationListener.onLimitExceeded(exceeded);
		out.add(exceeded);
	}

	/**
	 * Decode nothing more, and give up what the unfinished box holds.
	 */
	private void stop(ByteBuf in) {
		this.state = State.FAILED;
		Arrays.fill(this.keys, 0, this.pairs, null);
		Arrays.fill(this.values, 0, this.pairs, null);
		this.pairs = 0;
		in.skipBytes(in.readableBytes());
		releasePartial();
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
		else if (this.boxTimer != null) {
			this.boxTimer.afterRead(ctx);
		}
	}

	/**
	 * The box timer expired: the box unfinished still is the one timed, too late.
	 */
	private void boxTimedOut(ChannelHandlerContext ctx, Duration timeout) {
		AmpLimitExceededException late = new AmpLimitExceededException(AmpLimitExceededException.Limit.TIMEOUT,
				"AMP box unfinished " + timeout.toMillis() + " ms after its first bytes (limit " + timeout.toMillis()
						+ " ms), " + this.partialLength + " bytes of it received; closing the connection");
		stop(internalBuffer());
		this.violationListener.onLimitExceeded(late);
		ctx.fireChannelRead(late);
		ctx.fireChannelReadComplete();
		if (this.closeOnViolation && ctx.channel().isOpen()) {
			ctx.close();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		try {
			super.channelInactive(ctx);
		}
		finally {
			giveUp();
		}
	}

	@Override
	protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
		giveUp();
	}

	/**
	 * The connection is gone, or AMP with it: give back what the unfinished box holds.
	 */
	private void giveUp() {
		if (this.boxTimer != null) {
			this.boxTimer.cancel();
		}
		releasePartial();
		this.prefixRead = 0;
	}

	/**
	 * Return whether the stream broke a limit; nothing more is decoded then.
	 * @return whether the decoder has failed
	 */
	public boolean isFailed() {
		return this.state == State.FAILED;
	}

}
