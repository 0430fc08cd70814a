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

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random boxes, encoded, split at random points and decoded, are equal. Each round has a
 * seed of its own, named when it fails; {@code -Damp.test.seed=} replays a run.
 */
class AmpBoxCodecRandomSplitTests {

	private static final int ROUNDS = 300;

	@Test
	void randomBoxesSurviveRandomSplits() {
		long runSeed = Long.getLong("amp.test.seed", new SplittableRandom().nextLong());
		SplittableRandom seeds = new SplittableRandom(runSeed);
		for (int round = 0; round < ROUNDS; round++) {
			long seed = seeds.nextLong();
			Random random = new Random(seed);
			List<AmpBox> boxes = boxes(random);
			List<Integer> cuts = cuts(random);
			assertThat(decodeInPieces(boxes, cuts))
				.as("round %d (run seed %d, -Damp.test.seed=%d replays it), cuts %s", round, runSeed, runSeed, cuts)
				.containsExactlyElementsOf(boxes);
		}
	}

	private static List<AmpBox> decodeInPieces(List<AmpBox> boxes, List<Integer> cuts) {
		byte[] stream = new byte[0];
		for (AmpBox box : boxes) {
			stream = AmpBoxCodecTests.concat(stream, AmpBoxCodec.encode(box));
		}
		// Room for the largest box generated: this is about splits, not limits.
		AmpLimits limits = new AmpLimits(64 * 1024 * 1024);
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder(limits, AmpLimitViolationListener.NONE, true));
		int position = 0;
		for (int cut : cuts) {
			int end = Math.min(stream.length, position + cut);
			channel.writeInbound(Unpooled.wrappedBuffer(stream, position, end - position));
			position = end;
		}
		if (position < stream.length) {
			channel.writeInbound(Unpooled.wrappedBuffer(stream, position, stream.length - position));
		}
		List<AmpBox> decoded = new ArrayList<>();
		Object message;
		while ((message = channel.readInbound()) != null) {
			decoded.add((AmpBox) message);
		}
		assertThat(channel.finish()).as("nothing left in the decoder").isFalse();
		return decoded;
	}

	/** Up to 4 boxes. */
	private static List<AmpBox> boxes(Random random) {
		int count = random.nextInt(5);
		List<AmpBox> boxes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			boxes.add(box(random));
		}
		return boxes;
	}

	/**
	 * Up to 50 pairs with distinct keys of 1 to 255 bytes; values mostly short, one in
	 * eight up to the longest a value may be.
	 */
	private static AmpBox box(Random random) {
		int pairs = random.nextInt(51);
		Map<ByteBuffer, byte[]> values = new LinkedHashMap<>();
		for (int i = 0; i < pairs; i++) {
			byte[] key = bytes(random, 1 + random.nextInt(AmpLimits.MAX_KEY_LENGTH));
			int maxValue = (random.nextInt(8) == 0) ? AmpLimits.MAX_VALUE_LENGTH : 64;
			values.put(ByteBuffer.wrap(key), bytes(random, random.nextInt(maxValue + 1)));
		}
		AmpBox.Builder builder = AmpBox.builder();
		values.forEach((key, value) -> builder.put(key.array(), value));
		return builder.build();
	}

	/** Up to 40 pieces: half of 1 to 3 bytes, half of up to 70,000. */
	private static List<Integer> cuts(Random random) {
		int count = random.nextInt(41);
		List<Integer> cuts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			cuts.add(random.nextBoolean() ? 1 + random.nextInt(3) : 1 + random.nextInt(70_000));
		}
		return cuts;
	}

	private static byte[] bytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

}
