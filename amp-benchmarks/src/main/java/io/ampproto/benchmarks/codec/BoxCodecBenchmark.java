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
package io.ampproto.benchmarks.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpBoxDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding of one box, as the connection does it: the streaming decoder on a
 * pooled direct read buffer, and the encoder into a pooled direct write buffer.
 * <ul>
 * <li>{@code typical}: a command box of 5 keys with short values ({@code _ask},
 * {@code _command}, two integers and a name), 58 bytes on the wire;</li>
 * <li>{@code large}: a box with one 60 KiB value.</li>
 * </ul>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per box.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class BoxCodecBenchmark {

	/** The shape of the box. */
	@Param({ "typical", "large" })
	public String shape = "typical";

	private AmpBox box = AmpBox.empty();

	private ByteBuf encoded = PooledByteBufAllocator.DEFAULT.directBuffer(0);

	private ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(0);

	private final Decoder decoder = new Decoder();

	private final List<Object> decoded = new ArrayList<>(4);

	/**
	 * Build the box and its wire bytes.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.box = box(this.shape);
		byte[] bytes = AmpBoxCodec.encode(this.box);
		this.encoded = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
		this.out = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
	}

	/**
	 * Release the buffers.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.encoded.release();
		this.out.release();
	}

	static AmpBox box(String shape) {
		return switch (shape) {
			case "typical" -> AmpBox.of("_ask", "1f", "_command", "Sum", "a", "13", "b", "81", "name", "benchmark");
			case "large" -> AmpBox.builder()
				.put("_ask", "2a")
				.put("_command", "Upload")
				.put("data", new byte[60 * 1024])
				.build();
			default -> throw new IllegalArgumentException("Unknown shape " + shape);
		};
	}

	/**
	 * Decode one box from its wire bytes.
	 * @return the box
	 */
	@Benchmark
	public Object decode() {
		this.encoded.readerIndex(0);
		this.decoder.decodeAll(this.encoded, this.decoded);
		Object result = this.decoded.get(0);
		this.decoded.clear();
		return result;
	}

	/**
	 * Encode one box into a write buffer.
	 * @return the buffer
	 */
	@Benchmark
	public ByteBuf encode() {
		this.out.clear();
		AmpBoxCodec.encode(this.box, this.out);
		return this.out;
	}

	/**
	 * Gives the benchmark the decoder's own decoding step, without a channel around it
	 * (the step does not use its context).
	 */
	static final class Decoder extends AmpBoxDecoder {

		@SuppressWarnings("NullAway")
		void decodeAll(ByteBuf in, List<Object> out) {
			decode((ChannelHandlerContext) null, in, out);
		}

	}

}
