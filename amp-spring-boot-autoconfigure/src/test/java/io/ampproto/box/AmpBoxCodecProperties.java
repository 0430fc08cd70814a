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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests: random boxes, encoded, split at random points and decoded, are equal.
 */
class AmpBoxCodecProperties {

	@Property(tries = 300)
	void randomBoxesSurviveRandomSplits(@ForAll("boxLists") List<AmpBox> boxes,
			@ForAll("cuts") List<Integer> cuts) {
		byte[] stream = new byte[0];
		for (AmpBox box : boxes) {
			stream = AmpBoxCodecTests.concat(stream, AmpBoxCodec.encode(box));
		}
		EmbeddedChannel channel = new EmbeddedChannel(new AmpBoxDecoder());
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
		assertThat(decoded).containsExactlyElementsOf(boxes);
		assertThat(channel.finish()).isFalse();
	}

	@Provide
	Arbitrary<List<AmpBox>> boxLists() {
		return boxes().list().ofMaxSize(4);
	}

	Arbitrary<AmpBox> boxes() {
		Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(255);
		Arbitrary<byte[]> values = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
				Arbitraries.bytes().array(byte[].class).ofMaxSize(65535));
		return Arbitraries.maps(keys.map(KeyBytes::new), values).ofMaxSize(50).map(AmpBoxCodecProperties::toBox);
	}

	@Provide
	Arbitrary<List<Integer>> cuts() {
		return Arbitraries.oneOf(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 70_000))
			.list()
			.ofMaxSize(40);
	}

	private static AmpBox toBox(Map<KeyBytes, byte[]> pairs) {
		AmpBox.Builder builder = AmpBox.builder();
		pairs.forEach((key, value) -> builder.put(key.bytes(), value));
		return builder.build();
	}

	/**
	 * Keys with value equality, so that the generated map has distinct keys.
	 */
	record KeyBytes(byte[] bytes) {

		@Override
		public boolean equals(Object other) {
			return other instanceof KeyBytes k && java.util.Arrays.equals(this.bytes, k.bytes);
		}

		@Override
		public int hashCode() {
			return java.util.Arrays.hashCode(this.bytes);
		}

	}

}
