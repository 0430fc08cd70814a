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

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Writes each {@link AmpBox} into one buffer of exactly its encoded size. A box that
 * breaks a limit fails its write promise with an {@link AmpTooLongException} and writes
 * nothing; other messages pass through.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@ChannelHandler.Sharable
public class AmpBoxEncoder extends ChannelOutboundHandlerAdapter {

	private static final int SCRATCH_LENGTH = 2048;

	/** Where small boxes are encoded first: each event loop has its own. */
	private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {

		@Override
		protected byte[] initialValue() {
			return new byte[SCRATCH_LENGTH];
		}

	};

	private final AmpLimitViolationListener violationListener;

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
		ByteBuf buffer = ctx.alloc().ioBuffer(length);
		if (length <= SCRATCH_LENGTH) {
			// One copy into the (direct) buffer rather than one per key and value.
			byte[] scratch = SCRATCH.get();
			AmpBoxCodec.encodeChecked(box, scratch);
			buffer.writeBytes(scratch, 0, length);
		}
		else {
			AmpBoxCodec.encode(box, buffer);
		}
		ctx.write(buffer, promise);
	}

}
