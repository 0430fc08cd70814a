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

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
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

/**
 * What Micrometer itself costs per observed call, with nothing of AMP in it: the floor
 * under {@link ObservedCommandBenchmark}. {@code meters}: the {@code .active} long task
 * timer's sample started and stopped and the timer recorded with its duration, meters
 * made once, on the sample app's registry (Prometheus, latency histograms of
 * {@code amp.server}), with 100 others active. {@code observation}: an
 * {@link Observation} with a bare context, started, in scope and stopped, with one
 * handler that does nothing. Run with
 * {@code amp-benchmarks/bench codec ObservationFloorBenchmark} and read
 * {@code worker.cpu.per.op}.
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
public class ObservationFloorBenchmark {

	private static final int OTHERS_IN_FLIGHT = 100;

	private final LongTaskTimer.Sample[] others = new LongTaskTimer.Sample[OTHERS_IN_FLIGHT];

	/** Read by the smoke tests, as the meters below. */
	LongTaskTimer active;

	Timer timer;

	private ObservationRegistry observations;

	@Setup(Level.Trial)
	public void registries() {
		MeterRegistry meters = ObservedCommandBenchmark.sampleAppRegistry();
		this.active = LongTaskTimer.builder("amp.server.active").register(meters);
		this.timer = Timer.builder("amp.server").register(meters);
		for (int i = 0; i < OTHERS_IN_FLIGHT; i++) {
			this.others[i] = this.active.start();
		}
		this.observations = ObservationRegistry.create();
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
	}

	@TearDown(Level.Trial)
	public void stopOthers() {
		for (LongTaskTimer.Sample sample : this.others) {
			sample.stop();
		}
	}

	@Benchmark
	public void meters() {
		LongTaskTimer.Sample sample = this.active.start();
		this.timer.record(sample.stop(), TimeUnit.NANOSECONDS);
	}

	@Benchmark
	public void observation(Blackhole blackhole) {
		Observation observation = Observation.start("floor", this.observations);
		try (Observation.Scope scope = observation.openScope()) {
			blackhole.consume(scope);
		}
		observation.stop();
	}

}
