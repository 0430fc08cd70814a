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
package io.ampproto.metrics;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.ampproto.observation.ObservationAmpSessionObserver;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;

/**
 * A before/after loopback load run, not a test: times {@value #CALLS} pipelined
 * {@code Sum} calls (at most {@value #IN_FLIGHT} in flight) on one connection without any
 * observer, with {@link AmpMetrics} only, and with {@link AmpMetrics} and
 * {@link ObservationAmpSessionObserver} (a {@link SimpleMeterRegistry} behind
 * Micrometer's meter handler, as Boot wires it), on both ends; three runs each,
 * alternating, after two warm-up runs of each. Prints calls per second and the process CPU
 * time per call: on a shared machine the CPU time is the steadier figure.
 * <p>
 * Run from the module directory after {@code mvn test-compile} and
 * {@code mvn dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt}:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.ampproto.metrics.ObservabilityOverheadRun
 * </pre>
 */
public final class ObservabilityOverheadRun {

	static final int CALLS = 200_000;

	static final int IN_FLIGHT = 256;

	private ObservabilityOverheadRun() {
	}

	/**
	 * One server and one client connected to it, with the same observer on both.
	 */
	static final class Setup {

		final String name;

		final AmpSessionServer server;

		final AmpConnection connection;

		final AmpSession client;

		Setup(String name, AmpSessionObserver observer, AmpServer transport, AmpConnector clientTransport) {
			this.name = name;
			AmpResponders responders = AmpResponders.builder()
				.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
				.build();
			AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withObserver(observer);
			this.server = new AmpSessionServer(transport.host("127.0.0.1").port(0), responders, options,
					Duration.ofSeconds(10));
			this.server.start();
			this.connection = clientTransport.host("127.0.0.1").port(this.server.port()).connectNow();
			this.client = AmpSession.start(this.connection, AmpResponders.none(), options);
		}

		/**
		 * Run the calls once.
		 * @return calls per second of wall time, and microseconds of process CPU time per
		 * call (less sensitive to other load on the machine)
		 */
		double[] run() {
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();
			long cpuStart = os.getProcessCpuTime();
			long start = System.nanoTime();
			long count = Flux.range(0, CALLS)
				.flatMap((i) -> this.client.call(new Sum(i, 1)), IN_FLIGHT)
				.count()
				.block(Duration.ofMinutes(5));
			long elapsed = System.nanoTime() - start;
			if (count != CALLS) {
				throw new IllegalStateException("Expected " + CALLS + " answers, got " + count);
			}
			long cpu = os.getProcessCpuTime() - cpuStart;
			return new double[] { CALLS / (elapsed / 1e9), cpu / 1e3 / CALLS };
		}

		void close() {
			this.connection.dispose();
			this.server.stop();
		}

	}

	/**
	 * Run the comparison.
	 * @param args names of the setups to run (all when empty)
	 */
	public static void main(String[] args) {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		AmpMetrics metrics = new AmpMetrics(meters);
		AmpSessionObserver observed = AmpSessionObserver.of(List.of(metrics,
				new ObservationAmpSessionObserver(observations)));
		AmpServer server = AmpServer.create().violationListener(metrics.violationListener(AmpMetrics.Side.SERVER));
		AmpConnector client = AmpConnector.create().violationListener(metrics.violationListener(AmpMetrics.Side.CLIENT));
		Map<String, Supplier<Setup>> variants = new LinkedHashMap<>();
		variants.put("off", () -> new Setup("off", AmpSessionObserver.NONE, AmpServer.create(), AmpConnector.create()));
		variants.put("counters", () -> new Setup("counters", metrics, server, client));
		variants.put("counters+observations", () -> new Setup("counters+observations", observed, server, client));
		// Only the named variants when given, to profile one.
		List<Setup> setups = variants.entrySet()
			.stream()
			.filter((variant) -> args.length == 0 || List.of(args).contains(variant.getKey()))
			.map((variant) -> variant.getValue().get())
			.toList();
		try {
			Map<String, List<double[]>> runs = new LinkedHashMap<>();
			for (int i = -1; i <= 3; i++) {
				StringBuilder line = new StringBuilder((i <= 0) ? "warm-up:" : "run " + i + ":");
				for (Setup setup : setups) {
					double[] result = setup.run();
					if (i > 0) {
						runs.computeIfAbsent(setup.name, (name) -> new ArrayList<>()).add(result);
					}
					line.append(String.format(Locale.ROOT, " %s %.0f calls/s %.2f us CPU/call;", setup.name,
							result[0], result[1]));
				}
				System.out.println(line);
			}
			double offRate = median(runs.getOrDefault("off", List.of()), 0);
			double offCpu = median(runs.getOrDefault("off", List.of()), 1);
			for (Map.Entry<String, List<double[]>> entry : runs.entrySet()) {
				double rate = median(entry.getValue(), 0);
				double cpu = median(entry.getValue(), 1);
				System.out.printf(Locale.ROOT,
						"median %s: %.0f calls/s (x%.3f of off), %.2f us CPU/call (x%.3f of off)%n", entry.getKey(),
						rate, rate / offRate, cpu, cpu / offCpu);
			}
			System.out.printf(Locale.ROOT, "checks: server boxes received %.0f, amp.server timer count %d%n",
					meters.get(AmpMetrics.BOXES_RECEIVED).tag("side", "server").functionCounter().count(),
					meters.find("amp.server").timers().stream().mapToLong((timer) -> timer.count()).sum());
		}
		finally {
			setups.forEach(Setup::close);
		}
	}

	private static double median(List<double[]> runs, int index) {
		if (runs.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>();
		runs.forEach((run) -> sorted.add(run[index]));
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

}
