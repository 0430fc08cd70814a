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

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import org.jspecify.annotations.Nullable;

/**
 * Encodes each {@link AmpBox} written, and gathers the small boxes written between two
 * flushes into one buffer: one allocation, one outbound entry and one slice of the
 * vectored write per flush rather than per box. A box written with a promise (not the
 * void promise), a large box and any other message first pass on what was gathered, so
 * the order of writes is kept. A box that breaks a limit fails its write promise with
 * an {@link AmpTooLongException} and writes nothing.
 * <p>
 * One encoder per channel. Code that changes the pipeline below the encoder (TLS, a
 * protocol switch) flushes first, so that what was written before the change is below
 * it too.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpBoxEncoder extends ChannelOutboundHandlerAdapter {

	/** Boxes up to this length are encoded into a scratch array and gathered. */
	private static final int SCRATCH_LENGTH = 2048;

	/** The room of a gathering buffer: at most this much is not yet counted as pending. */
	private static final int BATCH_CAPACITY = 8192;

	/** Where small boxes are encoded first: each event loop has its own. */
	private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {

		@Override
		protected byte[] initialValue() {
			return new byte[SCRATCH_LENGTH];
		}

	};

	private final AmpLimitViolationListener violationListener;

	/** The boxes gathered since the last flush, or {@code null}. Event loop only. */
	private @Nullable ByteBuf batch;

	/** The event loop's scratch array while a batch is open: one thread-local lookup per batch. */
	private byte @Nullable [] scratch;

	/**
	 * Create an encoder.
	 * @param violationListener told about every box refused for its length
	 */
	public AmpBoxEncoder(AmpLimitViolationListener violationListener) {
		this.violationListener = violationListener;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof AmpBox box)) {
			passBatch(ctx);
			ctx.write(msg, promise);
			return;
		}
		try {
			AmpBoxCodec.checkSendable(box);
		}
		catch (AmpTooLongException ex) {
			this.violationListener.onViolation(ex);
			promise.setFailure(ex);
			return;
		}
		int length = box.checkedLength();
		if (length > SCRATCH_LENGTH || !promise.isVoid()) {
			passBatch(ctx);
			ByteBuf buffer = ctx.alloc().ioBuffer(length);
			encode(box, length, buffer);
			ctx.write(buffer, promise);
			return;
		}
		ByteBuf batch = this.batch;
		byte[] scratch = this.scratch;
		if (batch == null || scratch == null || batch.writableBytes() < length) {
			passBatch(ctx);
			batch = ctx.alloc().ioBuffer(BATCH_CAPACITY, BATCH_CAPACITY);
			scratch = SCRATCH.get();
			this.batch = batch;
			this.scratch = scratch;
		}
		// One copy into the (direct) buffer rather than one per key and value.
		AmpBoxCodec.encodeChecked(box, scratch);
		batch.writeBytes(scratch, 0, length);
	}

	private static void encode(AmpBox box, int length, ByteBuf buffer) {
		if (length <= SCRATCH_LENGTH) {
			byte[] scratch = SCRATCH.get();
			AmpBoxCodec.encodeChecked(box, scratch);
			buffer.writeBytes(scratch, 0, length);
		}
		else {
			AmpBoxCodec.encode(box, buffer);
		}
	}

	/** Write the gathered boxes on, ahead of whatever comes next. */
	private void passBatch(ChannelHandlerContext ctx) {
		ByteBuf batch = takeBatch();
		if (batch != null) {
			ctx.write(batch, ctx.voidPromise());
		}
	}

	private @Nullable ByteBuf takeBatch() {
		ByteBuf batch = this.batch;
		this.batch = null;
		this.scratch = null;
		return batch;
	}

	@Override
	public void flush(ChannelHandlerContext ctx) {
		passBatch(ctx);
		ctx.flush();
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
		// Where a box written before the close would have been: written, not flushed.
		passBatch(ctx);
		ctx.close(promise);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		// Removed for a protocol switch (after a flush, so nothing is left), or as the
		// channel closes, when nothing can be written any more.
		if (ctx.channel().isActive()) {
			passBatch(ctx);
		}
		else {
			ByteBuf batch = takeBatch();
			if (batch != null) {
				batch.release();
			}
		}
	}

}
