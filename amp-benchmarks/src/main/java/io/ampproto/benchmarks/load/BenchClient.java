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

/**
 * The client process of one system: runs the phases on one connection and prints a
 * {@code RESULT} line per phase.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class BenchClient {

	private BenchClient() {
	}

	/**
	 * Run the client.
	 * @param args system, host, port, warm-up ms, measuring ms, calls in flight per phase
	 * (comma-separated), and optionally the server's process id (for its CPU time)
	 * @throws Exception when a call fails
	 */
	public static void main(String[] args) throws Exception {
		BenchSystem system = BenchSystem.of(args[0]);
		String host = args[1];
		int port = Integer.parseInt(args[2]);
		Duration warmup = Duration.ofMillis(Long.parseLong(args[3]));
		Duration measure = Duration.ofMillis(Long.parseLong(args[4]));
		long serverPid = (args.length > 6) ? Long.parseLong(args[6]) : -1;
		try (Caller caller = BenchServer.connect(system, host, port)) {
			for (String concurrency : args[5].split(",")) {
				LoadDriver.PhaseResult result = LoadDriver.run(caller, Integer.parseInt(concurrency.trim()), warmup,
						measure, serverPid);
				System.out.println(result.toLine());
				System.out.flush();
			}
		}
		System.exit(0);
	}

}
