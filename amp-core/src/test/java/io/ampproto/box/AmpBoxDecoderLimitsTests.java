/*
 * Copyright 2026 the AMP for Spring Boot authors
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

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what {@link AmpBoxDecoder} holds for unfinished boxes: the memory budget all
 * connections share, and the time a box may take.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpBoxDecoderLimitsTests {

	/** A box of 209,000 one-byte keys with empty values, without its terminator: 1,045,000 bytes. */
	private static byte[] oneByteKeys(int pairs) {
		byte[] bytes = new byte[pairs * 5];
		for (int i = 0; i < pairs; i++) {
			bytes[i * 5 + 1] = 1;
			bytes[i * 5 + 2] = (byte) ('a' + (i % 26));
		}
		return bytes;
	}

	private static void writeInChunks(EmbeddedChannel channel, byte[] bytes, int chunk) {
		for (int offset = 0; offset < bytes.length && channel.isOpen(); offset += chunk) {
			int length = Math.min(chunk, bytes.length - offset);
			channel.writeInbound(Unpooled.copiedBuffer(bytes, offset, length));
		}
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	@Test
	void unfinishedBoxOfOneByteKeysCostsAboutItsWireBytes() {
		AmpMemoryBudget budget = AmpMemoryBudget.of(64 * 1024 * 1024);
		AmpLimits limits = new AmpLimits(AmpLimits.DEFAULT_MAX_BOX_SIZE, budget, null);
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder(limits, AmpLimitViolationListener.NONE, true));
		byte[] pairs = oneByteKeys(209_000);
		writeInChunks(channel, pairs, 1000);
		// Reserved: the wire bytes and at most half again as much room to grow.
		assertThat(budget.used()).isBetween((long) pairs.length, pairs.length * 3L / 2);
		assertThat((Object) channel.readInbound()).as("nothing decoded yet").isNull();
		assertThat(channel.isOpen()).isTrue();
		channel.finishAndReleaseAll();
		assertThat(budget.used()).as("given back when the connection closes").isZero();

		// Retained while waiting for the rest: one array per key and value took 7 MiB.
		List<EmbeddedChannel> channels = new ArrayList<>();
		long heapBefore = usedHeapAfterGc();
		for (int i = 0; i < 16; i++) {
			EmbeddedChannel waiting = new EmbeddedChannel(new AmpBoxDecoder(limits, AmpLimitViolationListener.NONE, true));
			writeInChunks(waiting, pairs, 64 * 1024);
			channels.add(waiting);
		}
		long retained = (usedHeapAfterGc() - heapBefore) / channels.size();
		// G1 gives an array of 1 MiB two regions of 1 MiB; main retained 5 to 7 MiB.
		assertThat(retained).isLessThan(5L * pairs.length / 2);
		EmbeddedChannel again = channels.get(0);
		long reserved = budget.used();
		again.writeInbound(Unpooled.wrappedBuffer(new byte[2]));
		AmpBox box = again.readInbound();
		assertThat(box.size()).as("the last value of each of 26 keys").isEqualTo(26);
		assertThat(budget.used()).as("given back when the box ends").isLessThanOrEqualTo(reserved - pairs.length);
		channels.forEach(EmbeddedChannel::finishAndReleaseAll);
		assertThat(budget.used()).isZero();
	}

	@Test
	void unfinishedBoxesOfAllConnectionsShareTheBudgetAndTheConnectionBeyondItIsClosed() {
		AmpMemoryBudget budget = AmpMemoryBudget.of(600_000);
		AmpLimits limits = new AmpLimits(AmpLimits.DEFAULT_MAX_BOX_SIZE, budget, null);
		List<AmpLimitExceededException> heard = new ArrayList<>();
		AmpLimitViolationListener listener = new AmpLimitViolationListener() {

			@Override
			public void onViolation(AmpTooLongException violation) {
			}

			@Override
			public void onLimitExceeded(AmpLimitExceededException exceeded) {
				heard.add(exceeded);
			}

		};
		byte[] box = AmpBoxCodec.encode(AmpBox.builder().put("a", new byte[60_000]).put("b", new byte[60_000])
			.put("c", new byte[60_000]).put("d", new byte[60_000]).put("e", new byte[60_000]).build());
		byte[] unfinished = java.util.Arrays.copyOf(box, box.length - 2);
		EmbeddedChannel first = new EmbeddedChannel(new AmpBoxDecoder(limits, listener, true));
		EmbeddedChannel second = new EmbeddedChannel(new AmpBoxDecoder(limits, listener, true));
		writeInChunks(first, unfinished, 8192);
		long held = budget.used();
		assertThat(held).isGreaterThanOrEqualTo(unfinished.length);
		writeInChunks(second, unfinished, 8192);
		assertThat(first.isOpen()).isTrue();
		assertThat(second.isOpen()).as("closed: its box went beyond the budget").isFalse();
		AmpLimitExceededException refused = second.readInbound();
		assertThat(refused.getLimit()).isEqualTo(AmpLimitExceededException.Limit.MEMORY);
		assertThat(refused).hasMessageContaining("budget of 600000 bytes").hasMessageContaining("closing the connection");
		assertThat(heard).containsExactly(refused);
		assertThat(budget.used()).as("what the refused box held is given back").isEqualTo(held);
		// The first box ends: decoded whole, and what it held is given back.
		first.writeInbound(Unpooled.wrappedBuffer(new byte[2]));
		assertThat((AmpBox) first.readInbound()).isEqualTo(AmpBoxCodec.decodeConcatenated(java.nio.ByteBuffer.wrap(box)).get(0));
		assertThat(budget.used()).isLessThanOrEqualTo(256);
		EmbeddedChannel third = new EmbeddedChannel(new AmpBoxDecoder(limits, listener, true));
		third.writeInbound(Unpooled.wrappedBuffer(box));
		assertThat((AmpBox) third.readInbound()).as("room again for a whole box").isNotNull();
		first.finishAndReleaseAll();
		third.finishAndReleaseAll();
		assertThat(budget.used()).isZero();
		assertThat(budget.refusals()).isEqualTo(1);
	}

	@Test
	void boxNotFinishedInTimeClosesTheConnection() {
		AmpLimits limits = new AmpLimits(AmpLimits.DEFAULT_MAX_BOX_SIZE, AmpMemoryBudget.of(1 << 20),
				Duration.ofSeconds(30));
		List<AmpLimitExceededException> heard = new ArrayList<>();
		AmpLimitViolationListener listener = new AmpLimitViolationListener() {

			@Override
			public void onViolation(AmpTooLongException violation) {
			}

			@Override
			public void onLimitExceeded(AmpLimitExceededException exceeded) {
				heard.add(exceeded);
			}

		};
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder(limits, listener, true));
		byte[] box = AmpBoxCodec.encode(AmpBox.of("key", "value"));
		// A whole box, then the first byte of the next.
		ByteBuf first = Unpooled.buffer().writeBytes(box).writeByte(0);
		channel.writeInbound(first);
		assertThat((AmpBox) channel.readInbound()).isNotNull();
		channel.advanceTimeBy(20, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		// The rest of it comes in time; the next box starts 25 s later and gets its own 30 s.
		channel.writeInbound(Unpooled.wrappedBuffer(box, 1, box.length - 1));
		assertThat((AmpBox) channel.readInbound()).isNotNull();
		channel.advanceTimeBy(5, TimeUnit.SECONDS);
		channel.writeInbound(Unpooled.wrappedBuffer(box, 0, 7));
		channel.advanceTimeBy(20, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();
		assertThat(heard).isEmpty();
		channel.advanceTimeBy(11, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		AmpLimitExceededException late = channel.readInbound();
		assertThat(late.getLimit()).isEqualTo(AmpLimitExceededException.Limit.TIMEOUT);
		assertThat(late).hasMessage("AMP box unfinished 30000 ms after its first bytes (limit 30000 ms), 7 bytes of "
				+ "it received; closing the connection");
		assertThat(heard).containsExactly(late);
		assertThat(limits.unfinishedBoxes().used()).isZero();
	}

	@Test
	void idleConnectionBetweenBoxesIsNotTimed() {
		AmpLimits limits = new AmpLimits(AmpLimits.DEFAULT_MAX_BOX_SIZE, AmpMemoryBudget.of(1 << 20),
				Duration.ofSeconds(30));
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder(limits, AmpLimitViolationListener.NONE, true));
		channel.writeInbound(Unpooled.wrappedBuffer(AmpBoxCodec.encode(AmpBox.of("key", "value"))));
		channel.advanceTimeBy(1, TimeUnit.HOURS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();
		assertThat((AmpBox) channel.readInbound()).isNotNull();
		channel.finishAndReleaseAll();
	}

}
