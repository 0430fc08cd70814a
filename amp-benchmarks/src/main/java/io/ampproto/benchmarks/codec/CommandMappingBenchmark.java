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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.ampproto.benchmarks.load.Sum;
import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.type.AmpArgumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The typed mapping of one call of the load run's {@code Sum(a, b)} answering
 * {@code total}, as the call engine does it on each side: the requester turns the
 * command record into its box and adds {@code _command} and {@code _ask}; the responder
 * turns that box back into the record, and its result into an answer box with
 * {@code _answer}; the requester turns the answer box into the result record. No bytes
 * are written: that is {@link BoxCodecBenchmark}. Run with {@code -prof gc}.
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
public class CommandMappingBenchmark {

	private static final AmpArgumentContext CONTEXT = AmpArgumentContext.NONE;

	private final AmpCommandSchema<Sum, Sum.Result> schema = AmpCommandSchema.of(Sum.class);

	// Beyond the Integer cache, as most terms are.
	private final Sum command = new Sum(1234, 5678);

	private final Sum.Result result = new Sum.Result(6912);

	private final String tag = "1f";

	private final byte[] tagBytes = this.tag.getBytes(StandardCharsets.ISO_8859_1);

	private final AmpBox commandBox = encodeCommand();

	private final AmpBox answerBox = encodeAnswer();

	/**
	 * Requester: the command record to the box it sends.
	 * @return the box
	 */
	@Benchmark
	public AmpBox encodeCommand() {
		return encodeCommand(this.command);
	}

	private AmpBox encodeCommand(Sum command) {
		// As AmpSession.send does.
		return this.schema.arguments()
			.toBox(command, CONTEXT)
			.toBuilder()
			.put("_command", this.schema.name())
			.put("_ask", this.tag)
			.build();
	}

	/**
	 * Responder: the received box to the command record.
	 * @return the record
	 */
	@Benchmark
	public Sum decodeCommand() {
		return this.schema.arguments().fromBox(this.commandBox, CONTEXT);
	}

	/**
	 * Responder: the result record to the answer box it sends.
	 * @return the box
	 */
	@Benchmark
	public AmpBox encodeAnswer() {
		return encodeAnswer(this.result);
	}

	private AmpBox encodeAnswer(Sum.Result result) {
		// As AmpSession.writeAnswer does.
		return this.schema.response().toBox(result, CONTEXT).toBuilder().put("_answer", this.tagBytes).build();
	}

	/**
	 * Requester: the received answer box to the result record.
	 * @return the record
	 */
	@Benchmark
	public Sum.Result decodeAnswer() {
		return this.schema.response().fromBox(this.answerBox, CONTEXT);
	}

	/**
	 * All four steps of one call, each on the output of the one before.
	 * @return the result the requester sees
	 */
	@Benchmark
	public Sum.Result call() {
		Sum received = this.schema.arguments().fromBox(encodeCommand(this.command), CONTEXT);
		Sum.Result answer = new Sum.Result(received.a() + received.b());
		return this.schema.response().fromBox(encodeAnswer(answer), CONTEXT);
	}

}
