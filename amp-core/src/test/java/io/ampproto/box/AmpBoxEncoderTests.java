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

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link AmpBoxEncoder} gathers the boxes written between two flushes.
 */
class AmpBoxEncoderTests {

	private final List<ByteBuf> written = new ArrayList<>();

	/** Records what passes below the encoder, and when flushes reach it. */
	private final List<String> events = new ArrayList<>();

	private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			ByteBuf buffer = (ByteBuf) msg;
			AmpBoxEncoderTests.this.written.add(buffer);
			AmpBoxEncoderTests.this.events.add("write " + buffer.readableBytes());
			promise.trySuccess();
		}

		@Override
		public void flush(ChannelHandlerContext ctx) {
			AmpBoxEncoderTests.this.events.add("flush");
			ctx.flush();
		}

	}, new AmpBoxEncoder(AmpLimitViolationListener.NONE));

	@AfterEach
	void release() {
		this.written.forEach(ByteBuf::release);
		this.channel.finishAndReleaseAll();
	}

	@Test
	void boxesWrittenBeforeAFlushGoOutAsOneBufferInOrder() {
		List<AmpBox> boxes = TwistedBoxVectors.ALL.stream().map(TwistedBoxVectors.Vector::box).toList();
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		for (AmpBox box : boxes) {
			this.channel.write(box, this.channel.voidPromise());
			expected.writeBytes(AmpBoxCodec.encode(box));
		}
		assertThat(this.events).as("nothing passes on before the flush").isEmpty();
		this.channel.flush();
		assertThat(this.events).containsExactly("write " + expected.size(), "flush");
		assertThat(ByteBufUtil.getBytes(this.written.get(0))).isEqualTo(expected.toByteArray());
	}

	@Test
	void boxesBeyondTheRoomOfOneBufferGoOnInSeveralInOrder() {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		for (int i = 0; i < 1000; i++) {
			AmpBox box = AmpBox.of("_command", "Sum", "_ask", Integer.toHexString(i), "a", Integer.toString(i));
			this.channel.write(box, this.channel.voidPromise());
			expected.writeBytes(AmpBoxCodec.encode(box));
		}
		this.channel.flush();
		assertThat(this.written).hasSizeGreaterThan(1);
		assertThat(this.events).last().isEqualTo("flush");
		assertThat(concatenated()).isEqualTo(expected.toByteArray());
	}

	@Test
	void aBoxWrittenWithAPromiseGoesOnAtOnceAfterTheGatheredOnes() {
		AmpBox gathered = AmpBox.of("_answer", "1", "total", "3");
		AmpBox promised = AmpBox.of("_command", "StartTLS", "_ask", "2");
		this.channel.write(gathered, this.channel.voidPromise());
		ChannelPromise promise = this.channel.newPromise();
		this.channel.write(promised, promise);
		assertThat(promise.isSuccess()).isTrue();
		assertThat(this.events).containsExactly("write " + gathered.encodedLength(),
				"write " + promised.encodedLength());
		assertThat(this.written.get(1).capacity()).as("exactly sized").isEqualTo(promised.encodedLength());
		assertThat(concatenated()).isEqualTo(AmpBoxCodecTests.concat(AmpBoxCodec.encode(gathered), AmpBoxCodec.encode(promised)));
	}

	@Test
	void otherMessagesKeepTheirPlaceAmongBoxes() {
		AmpBox before = AmpBox.of("_command", "Ping", "_ask", "1");
		AmpBox after = AmpBox.of("_command", "Ping", "_ask", "2");
		byte[] raw = { 1, 2, 3 };
		this.channel.write(before, this.channel.voidPromise());
		this.channel.write(Unpooled.wrappedBuffer(raw), this.channel.voidPromise());
		this.channel.write(after, this.channel.voidPromise());
		this.channel.flush();
		assertThat(this.events).containsExactly("write " + before.encodedLength(), "write 3",
				"write " + after.encodedLength(), "flush");
		assertThat(concatenated()).isEqualTo(AmpBoxCodecTests.concat(AmpBoxCodec.encode(before), raw, AmpBoxCodec.encode(after)));
	}

	@Test
	void aLargeBoxGoesOnInItsOwnBufferAfterTheGatheredOnes() {
		AmpBox small = AmpBox.of("_answer", "1");
		AmpBox large = AmpBox.builder().put("_answer", "2").put("blob", new byte[60 * 1024]).build();
		this.channel.write(small, this.channel.voidPromise());
		this.channel.write(large, this.channel.voidPromise());
		assertThat(this.events).containsExactly("write " + small.encodedLength(), "write " + large.encodedLength());
		this.channel.flush();
		assertThat(concatenated()).isEqualTo(AmpBoxCodecTests.concat(AmpBoxCodec.encode(small), AmpBoxCodec.encode(large)));
	}

	@Test
	void aCloseWritesTheGatheredBoxesFirstAsAnyWrittenBoxWouldBe() {
		AmpBox box = AmpBox.of("_error", "1", "_error_code", "UNKNOWN", "_error_description", "Unknown Error");
		this.channel.write(box, this.channel.voidPromise());
		this.channel.close();
		assertThat(this.events).containsExactly("write " + box.encodedLength());
	}

	@Test
	void boxesGatheredWhenTheChannelIsGoneAreReleased() {
		List<ByteBuf> allocated = new ArrayList<>();
		EmbeddedChannel gone = new EmbeddedChannel(new AmpBoxEncoder(AmpLimitViolationListener.NONE));
		gone.config().setAllocator(new AbstractByteBufAllocator(false) {

			@Override
			protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
				ByteBuf buffer = Unpooled.buffer(initialCapacity, maxCapacity);
				allocated.add(buffer);
				return buffer;
			}

			@Override
			protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
				return newHeapBuffer(initialCapacity, maxCapacity);
			}

			@Override
			public boolean isDirectBufferPooled() {
				return false;
			}

		});
		gone.write(AmpBox.of("_answer", "1"), gone.voidPromise());
		assertThat(allocated).singleElement().satisfies((batch) -> assertThat(batch.refCnt()).isOne());
		// Closed without a close passing through the encoder, as when the peer resets.
		gone.unsafe().closeForcibly();
		gone.pipeline().remove(AmpBoxEncoder.class);
		assertThat(allocated).singleElement().satisfies((batch) -> assertThat(batch.refCnt()).isZero());
		assertThat((Object) gone.readOutbound()).isNull();
	}

	private byte[] concatenated() {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (ByteBuf buffer : this.written) {
			all.writeBytes(ByteBufUtil.getBytes(buffer));
		}
		return all.toByteArray();
	}

}
