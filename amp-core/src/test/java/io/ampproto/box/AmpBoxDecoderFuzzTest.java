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
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of {@link AmpBoxDecoder}: arbitrary bytes, fed in arbitrary splits, decode
 * to exactly what a one-shot reference parser of the wire format finds, every decoded box
 * re-encodes to bytes that decode to the same box, the decoder never holds more than one
 * unfinished field, and every buffer it was given is released.
 * <p>
 * Inputs are read as a list of chunk sizes followed by segments of literal bytes or long
 * runs of one byte, so that small inputs also reach the box size limit.
 */
class AmpBoxDecoderFuzzTest {

	/** The smallest limit allowed, so that the box size violation is within reach. */
	private static final AmpLimits TIGHT = new AmpLimits(2 + 4 + AmpLimits.MAX_KEY_LENGTH + AmpLimits.MAX_VALUE_LENGTH);

	/** A few times the tight limit. */
	private static final int MAX_STREAM = 256 * 1024;

	@FuzzTest
	void anySplitOfAnyBytesDecodesAsTheReferenceParserReadsIt(FuzzedDataProvider data) {
		// The smallest limit keeps inputs small and fast; the default one has unit tests.
		AmpLimits limits = TIGHT;
		boolean closeOnViolation = data.consumeBoolean();
		int[] chunks = new int[data.consumeInt(0, 8)];
		for (int i = 0; i < chunks.length; i++) {
			chunks[i] = data.consumeInt(0, 70_000);
		}
		byte[] stream = stream(data);

		List<Object> expected = ReferenceParser.parse(stream, limits.maxBoxSize());
		List<AmpTooLongException> heard = new ArrayList<>();
		ObservableDecoder decoder = new ObservableDecoder(limits, heard::add, closeOnViolation);
		EmbeddedChannel channel = new EmbeddedChannel(decoder);
		List<ByteBuf> given = new ArrayList<>();
		List<Object> decoded = new ArrayList<>();
		int position = 0;
		int chunk = 0;
		while (position < stream.length && channel.isOpen()) {
			int length = (chunk < chunks.length) ? Math.min(chunks[chunk++], stream.length - position)
					: stream.length - position;
			ByteBuf buffer = Unpooled.buffer(length).writeBytes(stream, position, length);
			given.add(buffer);
			channel.writeInbound(buffer);
			position += length;
			assertThat(decoder.retained()).as("bytes held back by the decoder").isLessThanOrEqualTo(AmpLimits.MAX_VALUE_LENGTH);
			drain(channel, decoded);
		}
		drain(channel, decoded);
		assertThat(decoded).hasSameSizeAs(expected);
		for (int i = 0; i < decoded.size(); i++) {
			assertThat(sameMessage(decoded.get(i), expected.get(i))).as("message %d: %s, expected %s", i, decoded.get(i),
					expected.get(i)).isTrue();
		}
		boolean violated = !decoded.isEmpty() && decoded.get(decoded.size() - 1) instanceof AmpTooLongException;
		assertThat(heard).hasSize(violated ? 1 : 0);
		assertThat(decoder.isFailed()).isEqualTo(violated);
		assertThat(channel.isOpen()).isEqualTo(!(violated && closeOnViolation));
		for (Object message : decoded) {
			if (message instanceof AmpBox box) {
				byte[] encoded = AmpBoxCodec.encode(box);
				assertThat(encoded).hasSize(box.encodedLength());
				assertThat(ReferenceParser.parse(encoded, Integer.MAX_VALUE)).containsExactly(box);
			}
		}
		channel.finishAndReleaseAll();
		assertThat(given).allSatisfy((buffer) -> assertThat(buffer.refCnt()).as("buffer released").isZero());
	}

	private static void drain(EmbeddedChannel channel, List<Object> decoded) {
		Object message;
		while ((message = channel.readInbound()) != null) {
			if (!(message instanceof AmpBox) && !(message instanceof AmpTooLongException)) {
				throw new AssertionError("Unexpected message " + message);
			}
			if (!decoded.isEmpty() && decoded.get(decoded.size() - 1) instanceof AmpTooLongException) {
				throw new AssertionError("Message after a violation: " + message);
			}
			decoded.add(message);
		}
	}

	private static boolean sameMessage(Object a, Object b) {
		if (a instanceof AmpBox boxA && b instanceof AmpBox boxB) {
			return boxA.equals(boxB);
		}
		if (a instanceof AmpTooLongException x && b instanceof AmpTooLongException y) {
			return x.getPart() == y.getPart() && x.isLocal() == y.isLocal() && x.getLength() == y.getLength()
					&& x.getLimit() == y.getLimit();
		}
		return false;
	}

	/**
	 * Segments of literal bytes, or runs of one byte up to 70000 long.
	 */
	static byte[] stream(FuzzedDataProvider data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while (data.remainingBytes() > 0 && out.size() < MAX_STREAM) {
			if (data.consumeBoolean()) {
				int run = data.consumeInt(0, 70_000);
				byte[] bytes = new byte[run];
				Arrays.fill(bytes, data.consumeByte());
				out.writeBytes(bytes);
			}
			else {
				out.writeBytes(data.consumeBytes(data.consumeInt(0, 512)));
			}
		}
		return out.toByteArray();
	}

	/**
	 * Exposes how many bytes the decoder keeps between reads.
	 */
	static final class ObservableDecoder extends AmpBoxDecoder {

		private int retained;

		ObservableDecoder(AmpLimits limits, AmpLimitViolationListener listener, boolean closeOnViolation) {
			super(limits, listener, closeOnViolation);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			super.channelRead(ctx, msg);
			this.retained = actualReadableBytes();
		}

		int retained() {
			return this.retained;
		}

	}

	/**
	 * The wire format read in one pass over the whole stream, independently of the
	 * decoder's state machine and of the box's own sorting.
	 */
	static final class ReferenceParser {

		static List<Object> parse(byte[] stream, int maxBoxSize) {
			List<Object> out = new ArrayList<>();
			TreeMap<byte[], byte[]> pairs = new TreeMap<>(Arrays::compareUnsigned);
			long boxSize = 0;
			int i = 0;
			while (stream.length - i >= 2) {
				int keyLength = u16(stream, i);
				i += 2;
				if (keyLength == 0) {
					AmpBox.Builder builder = AmpBox.builder();
					pairs.forEach(builder::put);
					out.add(builder.build());
					pairs.clear();
					boxSize = 0;
					continue;
				}
				if (keyLength > AmpLimits.MAX_KEY_LENGTH) {
					out.add(new AmpTooLongException(AmpTooLongException.Part.KEY, false, keyLength,
							AmpLimits.MAX_KEY_LENGTH, null));
					return out;
				}
				boxSize += 2 + keyLength;
				if (boxSize + 2 > maxBoxSize) {
					out.add(new AmpTooLongException(AmpTooLongException.Part.BOX, false, boxSize + 2, maxBoxSize, null));
					return out;
				}
				if (stream.length - i < keyLength + 2) {
					return out;
				}
				byte[] key = Arrays.copyOfRange(stream, i, i + keyLength);
				i += keyLength;
				int valueLength = u16(stream, i);
				i += 2;
				boxSize += 2 + valueLength;
				if (boxSize + 2 > maxBoxSize) {
					out.add(new AmpTooLongException(AmpTooLongException.Part.BOX, false, boxSize + 2, maxBoxSize, null));
					return out;
				}
				if (stream.length - i < valueLength) {
					return out;
				}
				pairs.put(key, Arrays.copyOfRange(stream, i, i + valueLength));
				i += valueLength;
			}
			return out;
		}

		private static int u16(byte[] bytes, int i) {
			return ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
		}

	}

}
