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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Describes the machine a run was made on.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class Machine {

	private Machine() {
	}

	static String describe(String python, @Nullable String cpus, List<String> jvmOptions) {
		return "Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " "
				+ jvmOptions + ", " + twisted(python) + "; "
				+ ((cpus != null) ? "every process pinned to CPUs " + cpus + " (taskset -c " + cpus + ")"
						: "processes not pinned")
				+ ".\n";
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// Not Linux.
		}
		return "unknown CPU";
	}

	private static String twisted(String python) {
		try {
			Process process = new ProcessBuilder(python, "-c",
					"import sys, twisted; print('Python %d.%d.%d' % sys.version_info[:3], 'Twisted', twisted.__version__)")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
				return output;
			}
			return "no Twisted for " + python;
		}
		catch (IOException ex) {
			return "no " + python;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "no Twisted";
		}
	}

}
