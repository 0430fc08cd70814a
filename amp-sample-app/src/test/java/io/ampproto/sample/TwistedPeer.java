/*
 * Copyright 2012-present the original author or authors.
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

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the Twisted peer scripts of {@code src/test/resources/twisted} with Debian's
 * {@code /usr/bin/python3}. Where Twisted is missing the tests are skipped with a loud
 * message, except when {@code CI=true}: then a missing Twisted fails the run.
 */
final class TwistedPeer {

	static final String PYTHON = "/usr/bin/python3";

	private TwistedPeer() {
	}

	static void assumeTwistedIsInstalled() {
		String problem = twistedProblem();
		if (problem == null) {
			return;
		}
		String message = "Twisted interop tests need Twisted for " + PYTHON + " (apt-get install -y python3-twisted): "
				+ problem;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true but " + message);
		}
		System.err.println("\n!!! SKIPPING TWISTED INTEROP TESTS !!! " + message + "\n");
		Assumptions.abort(message);
	}

	private static String twistedProblem() {
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

	static Path script(String name) {
		return resource("twisted/" + name);
	}

	/**
	 * Return the path of a class path resource, such as {@code tls/ca-cert.pem}.
	 */
	static Path resource(String name) {
		try {
			return Path.of(TwistedPeer.class.getResource("/" + name).toURI());
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new IllegalStateException("No class path resource " + name, ex);
		}
	}

	/**
	 * The result of a script run: its exit code and its output lines.
	 */
	record Run(int exitCode, List<String> lines) {

		List<String> failures() {
			return this.lines.stream().filter((line) -> line.startsWith("FAIL")).toList();
		}

		String summary() {
			return this.lines.isEmpty() ? "" : this.lines.get(this.lines.size() - 1);
		}

	}

	static Run runClient(int port, long timeoutSeconds) throws IOException, InterruptedException {
		return runScript("twisted_client.py", timeoutSeconds, "--host", "127.0.0.1", "--port", String.valueOf(port));
	}

	static Run runUnixClient(Path socket, Path directory, long timeoutSeconds)
			throws IOException, InterruptedException {
		return runScript("twisted_unix_client.py", timeoutSeconds, "--unix", socket.toString(), "--dir",
				directory.toString());
	}

	/**
	 * Run a checking script of {@code src/test/resources/twisted} to its end.
	 */
	static Run runScript(String name, long timeoutSeconds, String... args) throws IOException, InterruptedException {
		Path log = Files.createTempFile("twisted-client", ".log");
		List<String> command = new ArrayList<>(List.of(PYTHON, script(name).toString()));
		command.addAll(List.of(args));
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.add(line);
				System.out.println("[twisted client +" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
						+ " ms] " + line);
			}
		}
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("Twisted client did not finish within " + timeoutSeconds + " s; stderr: " + Files.readString(log));
		}
		return new Run(process.exitValue(), lines);
	}

	/**
	 * A running {@code twisted_server.py}.
	 */
	static final class Server implements AutoCloseable {

		final Process process;

		final int port;

		private Server(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		static Server start() throws IOException {
			return start("twisted_server.py");
		}

		/**
		 * Start a server script of {@code src/test/resources/twisted} on a free port.
		 */
		static Server start(String name, String... args) throws IOException {
			Path log = Files.createTempFile("twisted-server", ".log");
			List<String> command = new ArrayList<>(List.of(PYTHON, script(name).toString(), "--port", "0"));
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
			return new Server(process, Integer.parseInt(line.substring("LISTENING ".length()).trim()));
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
