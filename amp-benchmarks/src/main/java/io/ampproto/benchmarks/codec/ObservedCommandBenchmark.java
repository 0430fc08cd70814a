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

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.observation.AmpMeterObservationHandler;
import io.ampproto.observation.ObservationAmpSessionObserver;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.openjdk.jmh.infra.Blackhole;
import reactor.util.context.Context;

/**
 * The whole {@code amp.server} observation of one command, as the server makes it for a
 * plain-method responder: started when the command arrives, in scope on the responder's
 * thread and in the Reactor context of the answer, stopped when it is answered. With 100
 * others open, as at 100 calls in flight, since the {@code .active} long task timer's cost
 * grows with them.
 * <p>
 * {@code meters}: {@code boot} is Boot's meter handler alone (Micrometer's
 * {@link DefaultMeterObservationHandler}); {@code amp} is what the starter registers
 * ({@link AmpMeterObservationHandler} before Boot's); {@code amp-without-active} the same
 * with {@code management.metrics.observations.ignored-meters=long-task-timer}. Run with
 * {@code amp-benchmarks/bench codec ObservedCommandBenchmark} and read
 * {@code worker.cpu.per.op}: the CPU time of an observation per command.
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
public class ObservedCommandBenchmark {

	private static final AmpCommandSchema<AmpBox, AmpBox> SCHEMA = AmpCommandSchema.builder("Sum").build();

	private static final int OTHERS_IN_FLIGHT = 100;

	/** The meter handlers. */
	@Param({ "boot", "amp", "amp-without-active", "sample-app" })
	public String meters = "amp";

	private final AmpBox box = AmpBox.of("_command", "Sum", "_ask", "1", "a", "1", "b", "2");

	private final AmpSessionObserver.Call[] inFlight = new AmpSessionObserver.Call[OTHERS_IN_FLIGHT];

	private ObservationAmpSessionObserver observer;

	private LoopbackSession loopback;

	/** The registry of the meters, read by the smoke tests. */
	MeterRegistry meterRegistry;

	private AmpSession session;

	@Setup(Level.Trial)
	public void connect() {
		MeterRegistry meterRegistry = this.meters.equals("sample-app") ? sampleAppRegistry() : new SimpleMeterRegistry();
		this.meterRegistry = meterRegistry;
		ObservationRegistry registry = ObservationRegistry.create();
		List<ObservationHandler<?>> handlers = switch (this.meters) {
			case "boot" -> List.of(new DefaultMeterObservationHandler(meterRegistry));
			case "amp", "sample-app" -> List.of(new AmpMeterObservationHandler(meterRegistry),
					new DefaultMeterObservationHandler(meterRegistry));
			case "amp-without-active" -> List.of(new AmpMeterObservationHandler(meterRegistry, false),
					new DefaultMeterObservationHandler(meterRegistry,
							DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
			default -> throw new IllegalArgumentException("meters: " + this.meters);
		};
		// As Boot groups meter handlers: the first that supports a context takes it.
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(handlers));
		this.observer = new ObservationAmpSessionObserver(registry);
		this.loopback = new LoopbackSession();
		this.session = this.loopback.session();
		for (int i = 0; i < OTHERS_IN_FLIGHT; i++) {
			this.inFlight[i] = received();
		}
	}

	/**
	 * As the sample app ships: Prometheus, with latency histograms of {@code amp.server}
	 * ({@code management.metrics.distribution.percentiles-histogram.amp.server=true}).
	 */
	static MeterRegistry sampleAppRegistry() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().meterFilter(new MeterFilter() {
			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				if (!id.getName().startsWith("amp.server")) {
					return config;
				}
				return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
			}
		});
		return registry;
	}

	@TearDown(Level.Trial)
	public void close() {
		for (AmpSessionObserver.Call call : this.inFlight) {
			call.end(AmpCallOutcome.SUCCESS, null, null);
		}
		this.loopback.close();
	}

	@Benchmark
	public void observedCommand(Blackhole blackhole) {
		AmpSessionObserver.Call call = received();
		try (AmpSessionObserver.Scope scope = call.openScope()) {
			blackhole.consume(scope);
		}
		blackhole.consume(Context.of(call.context()));
		call.end(AmpCallOutcome.SUCCESS, null, null);
	}

	private AmpSessionObserver.Call received() {
		// Never null here: this observer observes every command.
		return Objects.requireNonNull(this.observer.commandReceived(this.session, "Sum", SCHEMA, true, this.box));
	}

}
