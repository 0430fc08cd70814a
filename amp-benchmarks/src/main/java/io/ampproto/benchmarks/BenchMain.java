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
package io.ampproto.benchmarks;

import java.util.Arrays;

import io.ampproto.benchmarks.load.BenchClient;
import io.ampproto.benchmarks.load.BenchServer;
import io.ampproto.benchmarks.load.LoadRun;
import io.ampproto.benchmarks.load.MemoryClient;

/**
 * Entry point of the benchmarks jar: {@code load} runs the load table, anything else goes
 * to JMH (so {@code java -jar amp-benchmarks.jar -prof gc} runs the codec benchmarks).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class BenchMain {

	private BenchMain() {
	}

	/**
	 * Run a benchmark.
	 * @param args {@code load [options]}, or JMH's arguments
	 * @throws Exception when the benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		String first = (args.length > 0) ? args[0] : "";
		String[] rest = (args.length > 0) ? Arrays.copyOfRange(args, 1, args.length) : args;
		switch (first) {
			case "load" -> LoadRun.main(rest);
			// The processes the load run starts.
			case "server" -> BenchServer.main(rest);
			case "client" -> BenchClient.main(rest);
			case "memory-client" -> MemoryClient.main(rest);
			default -> org.openjdk.jmh.Main.main(args);
		}
	}

}
