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
package io.ampproto.unix;

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
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the Twisted descriptor peers of {@code src/test/resources/twisted} with Debian's
 * {@code /usr/bin/python3}; without Twisted the tests are skipped loudly, except with
 * {@code CI=true}, where that fails.
 */
final class TwistedFdPeer {

	static final String PYTHON = "/usr/bin/python3";

	private TwistedFdPeer() {
	}

	static void assumeTwistedAndDescriptorPassing() {
		String problem = twistedProblem();
		if (problem == null && !AmpUnixSockets.canPassDescriptors()) {
			problem = "junixsocket cannot pass file descriptors on this platform";
		}
		if (problem == null) {
			return;
		}
		String message = "Twisted descriptor interop tests need Twisted for " + PYTHON
				+ " (apt-get install -y python3-twisted) and SCM_RIGHTS: " + problem;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true but " + message);
		}
		System.err.println("\n!!! SKIPPING TWISTED DESCRIPTOR INTEROP TESTS !!! " + message + "\n");
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
		try {
			return Path.of(TwistedFdPeer.class.getResource("/twisted/" + name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Run {@code fd_client.py} against a server on a UNIX socket.
	 * @return its output lines
	 */
	static List<String> runClient(Path socket, Path directory, long timeoutSeconds)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile(directory, "twisted-fd-client", ".log");
		Process process = new ProcessBuilder(PYTHON, script("fd_client.py").toString(), "--unix", socket.toString(),
				"--dir", directory.toString())
			.redirectError(log.toFile())
			.start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.add(line);
				System.out.println("[twisted fd client] " + line);
			}
		}
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("Twisted client did not finish within " + timeoutSeconds + " s; stderr: " + Files.readString(log));
		}
		if (process.exitValue() != 0) {
			System.out.println("[twisted fd client stderr] " + Files.readString(log));
		}
		return lines;
	}

	/**
	 * Count the descriptors of this process open on files under a directory.
	 */
	static long openDescriptorsUnder(Path directory) throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.filter((descriptor) -> {
				try {
					return Files.readSymbolicLink(descriptor).startsWith(directory);
				}
				catch (IOException ex) {
					// Closed while listing.
					return false;
				}
			}).count();
		}
	}

	/**
	 * A running {@code fd_server.py}; closing its stdin stops it.
	 */
	static final class Server implements AutoCloseable {

		private final Process process;

		private Server(Process process) {
			this.process = process;
		}

		static Server start(Path socket) throws IOException {
			Path log = Files.createTempFile("twisted-fd-server", ".log");
			Process process = new ProcessBuilder(PYTHON, script("fd_server.py").toString(), "--unix",
					socket.toString())
				.redirectError(log.toFile())
				.start();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line = reader.readLine();
			if (line == null || !line.startsWith("LISTENING ")) {
				process.destroyForcibly();
				throw new IllegalStateException(
						"Twisted server did not start: " + line + "; stderr: " + Files.readString(log));
			}
			return new Server(process);
		}

		@Override
		public void close() throws Exception {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
