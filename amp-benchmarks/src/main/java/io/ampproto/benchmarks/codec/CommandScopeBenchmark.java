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

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.observation.ObservationAmpSessionObserver;
import io.ampproto.session.AmpCallContext;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.util.context.Context;

/**
 * What #17 adds to each received command when no interceptor is registered: the
 * {@link AmpCallContext}, and the command's observation opened around the responder (in
 * scope, and in the Reactor context of the answer). {@code addedWhenObserved} is that
 * work for an observed command (an observation registry with Boot's meter handler);
 * {@code addedWhenUnobserved} without observations; {@code observedCommand} is, for
 * scale, what observing a command cost before (started when it arrives, stopped when it
 * is answered). Run with {@code amp-benchmarks/bench codec CommandScopeBenchmark} and
 * read {@code worker.cpu.per.op}, the CPU time per command.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class CommandScopeBenchmark {

	private static final AmpCommandSchema<AmpBox, AmpBox> SCHEMA = AmpCommandSchema.builder("Sum").build();

	private final AmpBox box = AmpBox.of("_command", "Sum", "_ask", "1", "a", "1", "b", "2");

	private ObservationAmpSessionObserver observer;

	private LoopbackSession loopback;

	private AmpSession session;

	/** A command being answered, observed. */
	private AmpSessionObserver.Call command;

	@Setup(Level.Trial)
	public void connect() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		this.observer = new ObservationAmpSessionObserver(registry);
		this.loopback = new LoopbackSession();
		this.session = this.loopback.session();
		this.command = Objects.requireNonNull(
				this.observer.commandReceived(this.session, "Sum", SCHEMA, true, this.box), "every command is observed");
	}

	@TearDown(Level.Trial)
	public void close() {
		this.command.end(AmpCallOutcome.SUCCESS, null, null);
		this.loopback.close();
	}

	@Benchmark
	public void observedCommand(Blackhole blackhole) {
		AmpSessionObserver.Call call = this.observer.commandReceived(this.session, "Sum", SCHEMA, true, this.box);
		blackhole.consume(call);
		// Never null here: this observer observes every command.
		Objects.requireNonNull(call).end(AmpCallOutcome.SUCCESS, null, null);
	}

	@Benchmark
	public void addedWhenObserved(Blackhole blackhole) {
		// What the session and the responder do around the method now: the context, the
		// scope on the thread it runs on, the Reactor context of the answer.
		blackhole.consume(new AmpCallContext(SCHEMA, this.box, this.session));
		try (AmpSessionObserver.Scope scope = this.command.openScope()) {
			blackhole.consume(scope);
		}
		blackhole.consume(Context.of(this.command.context()));
	}

	@Benchmark
	public void addedWhenUnobserved(Blackhole blackhole) {
		AmpCallContext call = new AmpCallContext(SCHEMA, this.box, this.session);
		try (AmpSessionObserver.Scope scope = call.openScope()) {
			blackhole.consume(call);
		}
	}

}
