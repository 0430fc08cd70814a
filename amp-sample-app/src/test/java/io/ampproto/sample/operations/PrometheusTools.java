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
package io.ampproto.sample.operations;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's binaries ({@code promtool}, {@code prometheus}: Debian's
 * {@code prometheus} package, which {@code .ci/run} installs) and the kit's files. Without
 * them the tests are skipped with a message, except under {@code CI=true}, where they
 * fail.
 */
final class PrometheusTools {

	static final Pattern AMP_METRIC = Pattern.compile("\\bamp_[a-z0-9_]+");

	private PrometheusTools() {
	}

	/**
	 * A binary found on the {@code PATH}.
	 * @param name its name
	 * @return its path
	 */
	static Path binary(String name) {
		Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
		if (found.isEmpty()) {
			String message = name + " is not installed (Debian: apt-get install prometheus; .ci/run installs it)";
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(message + ", and CI=true: the operators' kit must be tested");
			}
			Assumptions.abort(message + ": skipped");
		}
		return found.get();
	}

	/**
	 * A file of {@code docs/operations}.
	 * @param name its name
	 * @return its path
	 */
	static Path kitFile(String name) {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path file = dir.resolve("docs/operations").resolve(name);
			if (Files.isRegularFile(file)) {
				return file;
			}
		}
		throw new IllegalStateException("No docs/operations/" + name + " above " + Path.of("").toAbsolutePath());
	}

	/**
	 * Run a command to its end.
	 * @param command the command
	 * @return its exit status and output
	 */
	static Result run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException(command + " did not end: " + output);
		}
		return new Result(process.exitValue(), output);
	}

	/**
	 * The {@code amp_*} metric names a text names, such as a PromQL expression.
	 * @param text the text
	 * @return the names
	 */
	static List<String> ampMetrics(String text) {
		Matcher metric = AMP_METRIC.matcher(text);
		return metric.results().map((match) -> match.group()).distinct().toList();
	}

	/**
	 * How a command ended.
	 *
	 * @param status its exit status
	 * @param output what it wrote
	 */
	record Result(int status, String output) {
	}

}
