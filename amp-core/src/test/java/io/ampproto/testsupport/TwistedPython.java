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
package io.ampproto.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs Twisted peer scripts with Debian's {@code /usr/bin/python3} for the interop tests of
 * this module and of the sample app, which gets this class and the TLS test material of
 * {@code tls/} from this module's test-jar.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class TwistedPython {

	/**
	 * The Python that has Twisted (22.4, python3-twisted); the plain {@code python3} may not.
	 */
	public static final String PYTHON = "/usr/bin/python3";

	private static final Map<String, Path> extracted = new ConcurrentHashMap<>();

	private TwistedPython() {
	}

	/**
	 * Skip the calling tests when Twisted is missing; see
	 * {@link #assume(String, String, String)}.
	 * @param tests what the tests are, such as "Twisted interop tests"
	 */
	public static void assumeInstalled(String tests) {
		assume(tests, "", twistedProblem());
	}

	/**
	 * Skip the calling tests with a loud message when something they need is missing,
	 * except with {@code CI=true}: there a missing Twisted fails the run.
	 * @param tests what the tests are, such as "Twisted interop tests"
	 * @param alsoNeeded what they need besides Twisted, such as " and SCM_RIGHTS", or ""
	 * @param problem what is missing, or {@code null} when nothing is
	 */
	public static void assume(String tests, String alsoNeeded, @Nullable String problem) {
		if (problem == null) {
			return;
		}
		String message = tests + " need Twisted for " + PYTHON + " (apt-get install -y python3-twisted)" + alsoNeeded
				+ ": " + problem;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true but " + message);
		}
		System.err.println("\n!!! SKIPPING " + tests.toUpperCase(Locale.ROOT) + " !!! " + message + "\n");
		Assumptions.abort(message);
	}

	/**
	 * Return why Twisted cannot be used.
	 * @return the problem, or {@code null} when {@code twisted.protocols.amp} imports
	 */
	public static @Nullable String twistedProblem() {
		if (!new File(PYTHON).canExecute()) {
			return PYTHON + " not found";
		}
		try {
			Process process = new ProcessBuilder(PYTHON, "-c", "import twisted.protocols.amp").redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return "cannot import twisted.protocols.amp: " + output.trim();
			}
			return null;
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	/**
	 * Return a file with the content of a class path resource, such as
	 * {@code tls/ca-cert.pem}, for a script to read: the resource itself when it is a
	 * file, otherwise (in a jar) a copy in a temporary directory.
	 * @param name the resource name, without a leading slash
	 * @return the file
	 */
	public static Path resource(String name) {
		URL url = TwistedPython.class.getResource("/" + name);
		if (url == null) {
			throw new IllegalStateException("No class path resource " + name);
		}
		if ("file".equals(url.getProtocol())) {
			try {
				return Path.of(url.toURI());
			}
			catch (URISyntaxException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return extracted.computeIfAbsent(name, (key) -> extract(url, key));
	}

	private static Path extract(URL url, String name) {
		try (InputStream in = url.openStream()) {
			Path directory = Files.createTempDirectory("amp-test-resource");
			Path file = directory.resolve(Path.of(name).getFileName().toString());
			Files.copy(in, file);
			// deleteOnExit deletes in reverse order: the file, then its directory.
			directory.toFile().deleteOnExit();
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot copy class path resource " + name, ex);
		}
	}

	/**
	 * Run a checking script to its end, echoing each line of its output with a label.
	 * @param script the script
	 * @param label the label of its output lines, such as "twisted client"
	 * @param timeoutSeconds how long it may take
	 * @param args its arguments
	 * @return its exit code and output lines
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	public static Run run(Path script, String label, long timeoutSeconds, String... args)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile("twisted-client", ".log");
		try {
			List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
			command.addAll(List.of(args));
			long started = System.nanoTime();
			Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
			List<String> lines = new ArrayList<>();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					lines.add(line);
					System.out.println("[" + label + " +"
							+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms] " + line);
				}
			}
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("Twisted client did not finish within " + timeoutSeconds + " s; stderr: " + Files.readString(log));
			}
			if (process.exitValue() != 0) {
				System.out.println("[" + label + " stderr] " + Files.readString(log));
			}
			return new Run(process.exitValue(), lines);
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/**
	 * The result of a script run: its exit code and its output lines.
	 *
	 * @param exitCode the exit code
	 * @param lines the output lines
	 */
	public record Run(int exitCode, List<String> lines) {

		/**
		 * Return the lines of failed checks.
		 * @return the lines that start with {@code FAIL}
		 */
		public List<String> failures() {
			return this.lines.stream().filter((line) -> line.startsWith("FAIL")).toList();
		}

		/**
		 * Return the last line, {@code N passed, M failed} after a complete run.
		 * @return the last line, or "" without output
		 */
		public String summary() {
			return this.lines.isEmpty() ? "" : this.lines.get(this.lines.size() - 1);
		}

	}

	/**
	 * A running server script, which prints {@code LISTENING <port>} first and stops when
	 * its stdin closes.
	 */
	public static final class Server implements AutoCloseable {

		private final Process process;

		private final String address;

		private Server(Process process, String address) {
			this.process = process;
			this.address = address;
		}

		/**
		 * Start a server script and wait for its {@code LISTENING} line.
		 * @param script the script
		 * @param args its arguments
		 * @return the running server
		 * @throws IOException if it cannot be started
		 */
		public static Server start(Path script, String... args) throws IOException {
			Path log = Files.createTempFile("twisted-server", ".log");
			List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
			command.addAll(List.of(args));
			Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line = reader.readLine();
			if (line == null || !line.startsWith("LISTENING ")) {
				process.destroyForcibly();
				throw new IllegalStateException(
						"Twisted server did not start: " + line + "; stderr: " + Files.readString(log));
			}
			return new Server(process, line.substring("LISTENING ".length()).trim());
		}

		/**
		 * Return the port the server listens on.
		 * @return the port printed in its {@code LISTENING} line
		 */
		public int port() {
			return Integer.parseInt(this.address);
		}

		@Override
		public void close() throws IOException, InterruptedException {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
