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
package io.ampproto.benchmarks.load;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every Java system of the load run for a moment, server and client in this JVM:
 * a smoke test that the benchmark works, not a measurement.
 */
class LoadSmokeTests {

	@ParameterizedTest
	// Twisted runs in Python and the sample app from its own jar: both are processes of their own.
	@EnumSource(value = BenchSystem.class, names = { "TWISTED", "SAMPLE" }, mode = EnumSource.Mode.EXCLUDE)
	void everySystemAnswersSumCallsWithTheRightTotals(BenchSystem system) throws Exception {
		BenchServer.Running server = BenchServer.start(system, "127.0.0.1");
		try (Caller caller = BenchServer.connect(system, "127.0.0.1", server.port())) {
			for (int concurrency : new int[] { 1, 10 }) {
				LoadDriver.PhaseResult result = LoadDriver.run(caller, concurrency, Duration.ofMillis(200),
						Duration.ofMillis(300), ProcessHandle.current().pid());
				assertThat(result.concurrency()).isEqualTo(concurrency);
				assertThat(result.calls()).isPositive();
				assertThat(result.callsPerSecond()).isPositive();
				assertThat(result.p99Micros()).isGreaterThanOrEqualTo(result.p50Micros()).isPositive();
				assertThat(LoadDriver.PhaseResult.parse(result.toLine())).isEqualTo(result);
			}
		}
		finally {
			server.stop().run();
		}
	}

}
