/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.sample;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.ampproto.client.AmpRequester;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.test.AmpTestClient;
import io.ampproto.test.inprocess.AmpInProcessTransport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A timing run, not a test (its name keeps it out of the default test run): the
 * assertions of {@link AbstractSampleTestClientTests} against the sample app, in turn
 * over the in-process transport and over TCP on loopback, one context each, after warm-up
 * rounds. Prints the median time of a round of each and their ratio; asserts nothing on
 * speed.
 * <pre>
 * mvn -B -pl amp-sample-app -am test -Dtest=SampleTransportTimingRun -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * (the figures are in {@code target/surefire-reports/*SampleTransportTimingRun-output.txt}
 * and {@code target/amp-transport-timings.txt}).
 */
class SampleTransportTimingRun {

	private static final int WARM_UP_ROUNDS = 20;

	private static final int ROUNDS = 60;

	private static final int SEQUENTIAL_SUMS = 200;

	@Test
	void timeTheSampleAssertionsInProcessAndOverTcp() throws Exception {
		String[] common = { "--amp.server.port=0", "--amp.server.address=127.0.0.1",
				"--spring.main.web-application-type=none", "--logging.level.root=warn" };
		try (ConfigurableApplicationContext tcp = new SpringApplicationBuilder(AmpSampleApplication.class)
			.run(common);
				ConfigurableApplicationContext inProcess = new SpringApplicationBuilder(AmpSampleApplication.class)
					.run(concat(common, "--amp.test.in-process.enabled=true"))) {
			AmpSessionServer tcpServer = tcp.getBean(AmpSessionServer.class);
			AmpTestClient overTcp = AmpTestClient.bindTo(() -> tcp.getBean(AmpRequester.Builder.class)
				.host("127.0.0.1")
				.port(tcpServer.port())
				.build(), "127.0.0.1:" + tcpServer.port());
			AmpInProcessTransport transport = inProcess.getBean(AmpInProcessTransport.class);
			AmpTestClient local = AmpTestClient.bindTo(() -> inProcess.getBean(AmpRequester.Builder.class)
				.host("in-process")
				.port(1)
				.connector(transport::connector)
				.build(), transport.address().toString());
			List<long[]> inProcessNanos = new ArrayList<>();
			List<long[]> tcpNanos = new ArrayList<>();
			for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
				long[] a = timeRound(local);
				long[] b = timeRound(overTcp);
				if (round >= WARM_UP_ROUNDS) {
					inProcessNanos.add(a);
					tcpNanos.add(b);
				}
			}
			StringBuilder report = new StringBuilder(String.format(
					"Median of %d rounds after %d warm-up rounds, in ms (each test on a new connection):%n"
							+ "%-50s %10s %10s %8s%n", ROUNDS, WARM_UP_ROUNDS, "", "in-process", "TCP", "ratio"));
			String[] names = { "sum", "divide", "echo", "concat", "pingsAskForNoAnswerAndPingCountCountsThem",
					"callbackIsAnsweredByTheApplicationsResponders", "roundTripOfEveryType",
					"explodeIsAnsweredUnknown", "unknownCommandIsUnhandledAndRawCallsWork",
					SEQUENTIAL_SUMS + " sequential Sum calls" };
			for (int i = 0; i <= names.length; i++) {
				int index = i;
				long a = median(inProcessNanos.stream().map((n) -> (index < names.length) ? n[index] : total(n)).toList());
				long b = median(tcpNanos.stream().map((n) -> (index < names.length) ? n[index] : total(n)).toList());
				report.append(String.format("%-50s %10.2f %10.2f %8.2f%n",
						(i < names.length) ? names[i] : "whole round", a / 1e6, b / 1e6, (double) b / a));
			}
			System.out.print(report);
			Files.writeString(Path.of("target", "amp-transport-timings.txt"), report.toString());
		}
	}

	/** One round: every shared test method, each on a connection of its own, as in a test run. */
	private static long[] timeRound(AmpTestClient client) {
		AbstractSampleTestClientTests tests = new AbstractSampleTestClientTests() {
		};
		tests.client = client.withTimeout(Duration.ofSeconds(20));
		List<Runnable> methods = List.of(tests::sum, tests::divide, tests::echo, tests::concat,
				tests::pingsAskForNoAnswerAndPingCountCountsThem, tests::callbackIsAnsweredByTheApplicationsResponders,
				tests::roundTripOfEveryType, tests::explodeIsAnsweredUnknown,
				tests::unknownCommandIsUnhandledAndRawCallsWork, () -> {
					for (int i = 0; i < SEQUENTIAL_SUMS; i++) {
						tests.client.call(new SampleCommands.Sum(BigInteger.valueOf(i), BigInteger.ONE)).expectAnswer();
					}
				});
		long[] nanos = new long[methods.size()];
		for (int i = 0; i < methods.size(); i++) {
			long start = System.nanoTime();
			methods.get(i).run();
			client.reset();
			nanos[i] = System.nanoTime() - start;
		}
		return nanos;
	}

	private static long total(long[] nanos) {
		return Arrays.stream(nanos).sum();
	}

	private static long median(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		return sorted[sorted.length / 2];
	}

	private static String[] concat(String[] first, String... more) {
		String[] all = Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

}
