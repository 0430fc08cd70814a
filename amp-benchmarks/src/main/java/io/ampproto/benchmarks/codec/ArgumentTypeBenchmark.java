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

import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ampproto.command.type.AmpArgumentType;
import io.ampproto.command.type.AmpTypes;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding of one typed argument value, Twisted's types:
 * {@code Integer} (as a Java {@code int}), {@code Float}, {@code Unicode},
 * {@code DateTime} and {@code ListOf(Integer)} of 8 elements.
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
public class ArgumentTypeBenchmark {

	/** The argument type. */
	@Param({ "Integer", "Float", "Unicode", "DateTime", "ListOf" })
	public String type = "Integer";

	private AmpArgumentType<Object> argumentType = cast(AmpTypes.INT);

	private Object value = 0;

	private ByteBuffer wire = ByteBuffer.allocate(0);

	/**
	 * Pick the type and its value.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		switch (this.type) {
			case "Integer" -> use(AmpTypes.INT, 1234567);
			case "Float" -> use(AmpTypes.FLOAT, 3.14159);
			case "Unicode" -> use(AmpTypes.UNICODE, "héllo wörld");
			case "DateTime" -> use(AmpTypes.DATETIME,
					OffsetDateTime.of(2024, 5, 17, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(2)));
			case "ListOf" -> use(AmpTypes.listOf(AmpTypes.INT), List.of(1, 22, 333, 4444, 55555, 666666, 7, 8));
			default -> throw new IllegalArgumentException("Unknown type " + this.type);
		}
		// A read-only view, as the command layer hands values to the types.
		this.wire = ByteBuffer.wrap(this.argumentType.encode(this.value)).asReadOnlyBuffer();
	}

	private <T> void use(AmpArgumentType<T> type, T value) {
		this.argumentType = cast(type);
		this.value = value;
	}

	Object value() {
		return this.value;
	}

	@SuppressWarnings("unchecked")
	private static AmpArgumentType<Object> cast(AmpArgumentType<?> type) {
		return (AmpArgumentType<Object>) type;
	}

	/**
	 * Encode the value.
	 * @return the wire bytes
	 */
	@Benchmark
	public byte[] encode() {
		return this.argumentType.encode(this.value);
	}

	/**
	 * Decode the value.
	 * @return the value
	 */
	@Benchmark
	public Object decode() {
		return this.argumentType.decode(this.wire);
	}

}
