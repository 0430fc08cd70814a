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

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AmpBoxCodec}, {@link AmpBoxDecoder} and {@link AmpBoxEncoder} against
 * Twisted's own bytes.
 */
class AmpBoxCodecTests {

	static final List<TwistedBoxVectors.Vector> VECTORS = TwistedBoxVectors.ALL;

	@ParameterizedTest(name = "{0}")
	@FieldSource("VECTORS")
	void encodesEveryTwistedVectorToTwistedsBytes(TwistedBoxVectors.Vector vector) {
		assertThat(HexFormat.of().formatHex(AmpBoxCodec.encode(vector.box()))).isEqualTo(vector.hex());
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VECTORS")
	void decodesEveryTwistedVectorInOneRead(TwistedBoxVectors.Vector vector) {
		assertThat(decode(vector.bytes().length, vector.bytes())).containsExactly(vector.box());
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VECTORS")
	void decodesEveryTwistedVectorOneByteAtATime(TwistedBoxVectors.Vector vector) {
		assertThat(decode(1, vector.bytes())).containsExactly(vector.box());
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VECTORS")
	void nettyEncoderWritesTwistedsBytes(TwistedBoxVectors.Vector vector) {
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxEncoder(AmpLimitViolationListener.NONE));
		channel.writeOutbound(vector.box());
		ByteBuf written = channel.readOutbound();
		try {
			assertThat(ByteBufUtilHex.hex(written)).isEqualTo(vector.hex());
			assertThat(written.capacity()).as("one exactly sized buffer per box").isEqualTo(vector.bytes().length);
		}
		finally {
			written.release();
		}
	}

	@Test
	void pausesAfterABoundaryBoxEvenWhenManyBoxesArriveInOneRead() {
		// Whole boxes in one read take the decoder's fast path: it must stop at the
		// boundary too, since what follows belongs to TLS or to an inner protocol.
		AmpBoxDecoder decoder = new AmpBoxDecoder();
		decoder.pauseAfter((box) -> box.containsKey("_answer"));
		EmbeddedChannel channel = new EmbeddedChannel(decoder);
		byte[] before = AmpBoxCodec.encode(AmpBox.of("_command", "Ping", "n", "1"));
		byte[] boundary = AmpBoxCodec.encode(AmpBox.of("_answer", "1"));
		byte[] after = AmpBoxCodec.encode(AmpBox.of("looks", "like AMP"));
		channel.writeInbound(Unpooled.wrappedBuffer(concat(concat(before, boundary), after)));
		assertThat((Object) channel.readInbound()).isEqualTo(AmpBox.of("_command", "Ping", "n", "1"));
		assertThat((Object) channel.readInbound()).isEqualTo(AmpBox.of("_answer", "1"));
		assertThat((Object) channel.readInbound()).isNull();
		assertThat(decoder.isPaused()).isTrue();
		ByteBuf rest = decoder.takeBuffered();
		try {
			assertThat(ByteBufUtilHex.hex(rest)).isEqualTo(HexFormat.of().formatHex(after));
		}
		finally {
			rest.release();
		}
		channel.finishAndReleaseAll();
	}

	@Test
	void decodesManyBoxesFromOneRead() {
		byte[] all = new byte[0];
		for (TwistedBoxVectors.Vector vector : VECTORS) {
			all = concat(all, vector.bytes());
		}
		assertThat(decode(all.length, all)).containsExactlyElementsOf(VECTORS.stream().map(TwistedBoxVectors.Vector::box).toList());
	}

	@Test
	void laterValueOfARepeatedKeyWins() {
		// a=1, a=100, b=1 as Twisted's dict sees it: total 101 on a Sum.
		byte[] bytes = HexFormat.of().parseHex("000161000131" + "00016100033130300001620001310000");
		assertThat(decode(bytes.length, bytes)).containsExactly(AmpBox.of("a", "100", "b", "1"));
	}

	@Test
	void decodesUnsortedBoxes() {
		byte[] bytes = HexFormat.of().parseHex("0001620001320001610001310000");
		assertThat(decode(bytes.length, bytes)).containsExactly(AmpBox.of("a", "1", "b", "2"));
	}

	@Test
	void decodesAnEmptyBox() {
		assertThat(decode(2, new byte[] { 0, 0 })).containsExactly(AmpBox.empty());
	}

	@Test
	void valueOfExactly65535BytesRoundTrips() {
		AmpBox box = AmpBox.builder().put("k", new byte[65535]).build();
		byte[] bytes = AmpBoxCodec.encode(box);
		assertThat(bytes).hasSize(2 + 1 + 2 + 65535 + 2);
		assertThat(decode(4096, bytes)).containsExactly(box);
	}

	@Test
	void keyLengthAbove255ClosesAfterDeliveringEarlierBoxes() {
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder());
		byte[] bytes = concat(VECTORS.get(3).bytes(), new byte[] { 0x01, 0x00, 'x', 'y' });
		channel.writeInbound(Unpooled.wrappedBuffer(bytes));
		assertThat((Object) channel.readInbound()).isEqualTo(VECTORS.get(3).box());
		Object violation = channel.readInbound();
		assertThat(violation).isInstanceOfSatisfying(AmpTooLongException.class, (ex) -> {
			assertThat(ex.isKey()).isTrue();
			assertThat(ex.isLocal()).isFalse();
			assertThat(ex.getLength()).isEqualTo(256);
			assertThat(ex.getKeyName()).isNull();
			assertThat(ex).hasMessageContaining("key too long: 256 bytes (limit 255)");
		});
		assertThat(channel.isOpen()).isFalse();
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void httpRequestIsRejectedByItsFirstTwoBytes() {
		List<AmpTooLongException> violations = new ArrayList<>();
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder(AmpLimits.DEFAULT, violations::add, true));
		channel.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.0\r\n\r\n".getBytes()));
		assertThat((Object) channel.readInbound()).isInstanceOf(AmpTooLongException.class);
		assertThat(violations).singleElement().satisfies((ex) -> assertThat(ex.getLength()).isEqualTo(0x4745));
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void nothingIsRejectedBeforeTheBadPrefixArrives() {
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder());
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 0x01 }));
		assertThat(channel.isOpen()).isTrue();
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 0x00 }));
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void endlessBoxIsCutOffAtTheMaximumBoxSize() {
		AmpLimits limits = new AmpLimits(100_000);
		List<AmpTooLongException> violations = new ArrayList<>();
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder(limits, violations::add, true));
		byte[] pair = AmpBoxCodec.encode(AmpBox.builder().put("k", new byte[1000]).build());
		byte[] pairWithoutTerminator = java.util.Arrays.copyOf(pair, pair.length - 2);
		int sent = 0;
		while (channel.isOpen() && sent < 10_000_000) {
			channel.writeInbound(Unpooled.wrappedBuffer(pairWithoutTerminator));
			sent += pairWithoutTerminator.length;
		}
		assertThat(sent).isLessThanOrEqualTo(100_000 + pairWithoutTerminator.length);
		assertThat(violations).singleElement().satisfies((ex) -> {
			assertThat(ex.getPart()).isEqualTo(AmpTooLongException.Part.BOX);
			assertThat(ex.getLimit()).isEqualTo(100_000);
		});
		assertThat((Object) channel.readInbound()).isInstanceOf(AmpTooLongException.class);
	}

	@Test
	void sendingAKeyOver255BytesFailsBeforeWriting() {
		AmpBox box = AmpBox.builder().put("k".repeat(256), "v").build();
		assertThatExceptionOfType(AmpTooLongException.class).isThrownBy(() -> AmpBoxCodec.encode(box))
			.satisfies((ex) -> {
				assertThat(ex.isKey()).isTrue();
				assertThat(ex.isLocal()).isTrue();
				assertThat(ex.getLength()).isEqualTo(256);
			});
	}

	@Test
	void sendingAValueOver65535BytesFailsNamingTheKey() {
		AmpBox box = AmpBox.builder().put("hello", new byte[65536]).build();
		assertThatExceptionOfType(AmpTooLongException.class).isThrownBy(() -> AmpBoxCodec.encode(box))
			.satisfies((ex) -> {
				assertThat(ex.isKey()).isFalse();
				assertThat(ex.isLocal()).isTrue();
				assertThat(ex.getKeyName()).isEqualTo("hello");
				assertThat(ex).hasMessage(
						"AMP value of key 'hello' too long: 65536 bytes (limit 65535), refused before sending");
			});
	}

	@Test
	void nettyEncoderFailsTheWriteAndWritesNothing() {
		List<AmpTooLongException> violations = new ArrayList<>();
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxEncoder(violations::add));
		var future = channel.writeAndFlush(AmpBox.builder().put("k".repeat(300), "").build());
		assertThat(future.cause()).isInstanceOf(AmpTooLongException.class);
		assertThat((Object) channel.readOutbound()).isNull();
		assertThat(violations).hasSize(1);
		channel.writeOutbound(AmpBox.of("still", "usable"));
		ByteBuf written = channel.readOutbound();
		assertThat(written.readableBytes()).isEqualTo(AmpBox.of("still", "usable").encodedLength());
		written.release();
	}

	@Test
	void emptyKeyCannotBeBuilt() {
		assertThatIllegalArgumentException().isThrownBy(() -> AmpBox.builder().put("", "v"))
			.withMessageContaining("must not be empty");
	}

	@Test
	void decodesConcatenatedBoxesLikeTwistedsAmpList() {
		byte[] rows = HexFormat.of()
			.parseHex("000161000137000162000568656c6c6f00000001610001390001620007676f6f646279650000" + "0000" + "000161");
		assertThat(AmpBoxCodec.decodeConcatenated(ByteBuffer.wrap(rows))).containsExactly(
				AmpBox.of("a", "7", "b", "hello"), AmpBox.of("a", "9", "b", "goodbye"), AmpBox.empty());
	}

	@Test
	void toStringShowsTextAsTextAndBinaryAsShortHex() {
		AmpBox box = AmpBox.builder().put("text", "héllo").put("raw", new byte[] { 0, (byte) 0xff }).build();
		assertThat(box).hasToString("AmpBox{raw=0x00ff, text=héllo}");
		AmpBox big = AmpBox.builder().put("raw", new byte[100]).build();
		assertThat(big.toString()).contains("...(100 bytes)");
	}

	@Test
	void toStringIsBoundedWhateverTheBox() {
		AmpBox.Builder builder = AmpBox.builder();
		for (int i = 0; i < 1000; i++) {
			builder.put(String.format("k%04d", i), "v".repeat(60_000));
		}
		String text = builder.build().toString();
		assertThat(text).hasSizeLessThan(32 * 260)
			.startsWith("AmpBox{k0000=vvv")
			.contains("...(60000 bytes)")
			.endsWith(", ...(968 more pairs)}");
	}

	@Test
	void largeUnsortedBoxIsSortedAndKeepsTheLastValueOfARepeatedKey() {
		java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
		for (int i = 999; i >= 0; i--) {
			stream.writeBytes(pair(String.format("%03d", i), "first"));
		}
		for (int i = 999; i >= 0; i--) {
			stream.writeBytes(pair(String.format("%03d", (i * 7) % 1000), "second" + i));
		}
		stream.writeBytes(new byte[2]);
		byte[] bytes = stream.toByteArray();
		AmpBox box = decode(bytes.length, bytes).get(0);
		assertThat(box.keys()).hasSize(1000).isSorted();
		for (int i = 0; i < 1000; i++) {
			assertThat(box.getText(String.format("%03d", (i * 7) % 1000))).isEqualTo("second" + i);
		}
	}

	/**
	 * A maximum-size box of 174,000 pairs in descending order took minutes of event-loop
	 * time with an insertion sort (found writing the fuzz tests). The timeout only guards
	 * against that regression: it is far above the time taken.
	 */
	@Test
	@org.junit.jupiter.api.Timeout(60)
	void maximumSizeBoxInDescendingOrderDecodes() {
		int pairs = (AmpLimits.DEFAULT_MAX_BOX_SIZE - 2) / 6;
		byte[] bytes = new byte[pairs * 6 + 2];
		for (int i = 0; i < pairs; i++) {
			int key = 0xFFFF - i % 0x10000;
			bytes[i * 6 + 1] = 2;
			bytes[i * 6 + 2] = (byte) (key >> 8);
			bytes[i * 6 + 3] = (byte) key;
		}
		assertThat(decode(bytes.length, bytes)).singleElement().satisfies((box) -> assertThat(box.size()).isEqualTo(0x10000));
	}

	private static byte[] pair(String key, String value) {
		return java.util.Arrays.copyOf(AmpBoxCodec.encode(AmpBox.of(key, value)), 4 + key.length() + value.length());
	}

	@Test
	void boxesWithTheSamePairsAreEqualWhateverTheInsertionOrder() {
		AmpBox one = AmpBox.of("a", "1", "b", "2");
		AmpBox two = AmpBox.of("b", "2", "a", "1");
		assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
		assertThat(one).isNotEqualTo(AmpBox.of("a", "1", "b", "3"));
	}

	@Test
	void accessorsDoNotExposeInternalArrays() {
		AmpBox box = AmpBox.of("k", "v");
		box.getBytes("k")[0] = 'x';
		assertThat(box.getText("k")).isEqualTo("v");
		assertThat(box.getBuffer("k").isReadOnly()).isTrue();
		assertThat(box.getBytes("missing")).isNull();
		assertThat(box.valueLength("k")).isEqualTo(1);
	}

	@Test
	void withAddsOrReplacesAPairAsTheBuilderDoes() {
		AmpBox box = AmpBox.of("b", "2", "d", "4", "é", "x");
		for (String key : List.of("a", "b", "c", "d", "e", "_ask", "_command", "é", "z", "\u00ff")) {
			AmpBox expected = box.toBuilder().put(key, "v").build();
			assertThat(box.with(key, "v")).isEqualTo(expected);
			assertThat(box.with(key, "v").keys()).isEqualTo(expected.keys());
		}
		assertThat(AmpBox.empty().with("_answer", "1f")).isEqualTo(AmpBox.of("_answer", "1f"));
		assertThat(box).isEqualTo(AmpBox.of("b", "2", "d", "4", "é", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> box.with("", "v"));
	}

	@Test
	void textKeysAreFoundWhateverTheirCharacters() {
		AmpBox box = AmpBox.of("a", "1", "ab", "2", "é", "3", "\u00ff", "4", "\ud83d\ude00", "5");
		assertThat(box.getText("a")).isEqualTo("1");
		assertThat(box.getText("ab")).isEqualTo("2");
		assertThat(box.getText("é")).isEqualTo("3");
		assertThat(box.getText("\u00ff")).isEqualTo("4");
		assertThat(box.getText("\ud83d\ude00")).isEqualTo("5");
		assertThat(box.getText("abc")).isNull();
		assertThat(box.getText("")).isNull();
		assertThat(box.containsKey("\u00e8")).isFalse();
	}

	@Test
	void boxesDecodedWithRepeatedKeysKeepTheirOwnValues() {
		byte[] all = new byte[0];
		List<AmpBox> expected = new ArrayList<>();
		// More distinct keys than the decoder caches, so cache slots are taken over.
		for (int i = 0; i < 200; i++) {
			AmpBox box = AmpBox.of("_ask", Integer.toHexString(i), "key" + (i % 70), "v" + i, "_command", "Sum");
			expected.add(box);
			all = concat(all, AmpBoxCodec.encode(box));
		}
		assertThat(decode(7, all)).containsExactlyElementsOf(expected);
		assertThat(decode(all.length, all)).containsExactlyElementsOf(expected);
	}

	@Test
	void boxesOfOneShapeInAnyArrivalOrderDecodeAndAnswerLookups() {
		// The decoder remembers the shapes it saw (keys in arrival order) to skip the sort;
		// every order of the same keys, repeats and a repeated key must decode as sorted.
		String[][] orders = { { "b", "a", "_command" }, { "_command", "a", "b" }, { "a", "_command", "b" },
				{ "b", "a", "_command" }, { "a", "a", "b" }, { "a", "b" }, { "b", "a", "_command", "c" } };
		byte[] all = new byte[0];
		List<AmpBox> expected = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < orders.length; i++) {
				StringBuilder hex = new StringBuilder();
				AmpBox.Builder box = AmpBox.builder();
				for (String key : orders[i]) {
					String value = key + round + i;
					hex.append(HexFormat.of().formatHex(AmpBoxCodec.encode(AmpBox.of(key, value))), 0,
							(4 + key.length() + value.length()) * 2);
					box.put(key, value);
				}
				all = concat(all, HexFormat.of().parseHex(hex + "0000"));
				expected.add(box.build());
			}
		}
		assertThat(decode(1, all)).containsExactlyElementsOf(expected);
		List<AmpBox> decoded = decode(all.length, all);
		assertThat(decoded).containsExactlyElementsOf(expected);
		for (int i = 0; i < decoded.size(); i++) {
			AmpBox box = decoded.get(i);
			for (int lookup = 0; lookup < 2; lookup++) {
				for (String key : List.of("a", "b", "c", "_command", "_ask", "")) {
					assertThat(box.getText(key)).isEqualTo(expected.get(i).getText(key));
					// An equal key that is another String object is found too.
					assertThat(box.getText(new String(key))).isEqualTo(expected.get(i).getText(key));
				}
			}
		}
	}

	@Test
	void valueEqualsComparesWithoutCopying() {
		AmpBox box = AmpBox.of("_command", "Sum", "a", "");
		assertThat(box.valueEquals("_command", "Sum".getBytes())).isTrue();
		assertThat(box.valueEquals("_command", "Su".getBytes())).isFalse();
		assertThat(box.valueEquals("a", new byte[0])).isTrue();
		assertThat(box.valueEquals("b", new byte[0])).isFalse();
	}

	@Test
	void boxesAcrossTheDecodersCopyWindowDecodeAsInOneByteReads() {
		byte[] all = new byte[0];
		List<AmpBox> expected = new ArrayList<>();
		java.util.Random random = new java.util.Random(7);
		for (int i = 0; i < 120; i++) {
			byte[] value = new byte[(i % 9 == 0) ? 1000 + random.nextInt(5000) : random.nextInt(40)];
			random.nextBytes(value);
			AmpBox box = AmpBox.builder().put("_ask", Integer.toHexString(i)).put("v", value).put("z" + (i % 3), "").build();
			expected.add(box);
			all = concat(all, AmpBoxCodec.encode(box));
		}
		assertThat(decode(all.length, all)).containsExactlyElementsOf(expected);
		assertThat(decode(4095, all)).containsExactlyElementsOf(expected);
		assertThat(decode(1, all)).containsExactlyElementsOf(expected);
	}

	static List<AmpBox> decode(int chunkSize, byte[] bytes) {
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder());
		for (int i = 0; i < bytes.length; i += chunkSize) {
			channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunkSize, bytes.length - i)));
		}
		List<AmpBox> boxes = new ArrayList<>();
		Object message;
		while ((message = channel.readInbound()) != null) {
			boxes.add((AmpBox) message);
		}
		assertThat(channel.finish()).isFalse();
		return boxes;
	}

	static byte[] concat(byte[]... parts) {
		java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	static final class ByteBufUtilHex {

		static String hex(ByteBuf buf) {
			return io.netty.buffer.ByteBufUtil.hexDump(buf);
		}

	}

}
