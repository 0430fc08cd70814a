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
package io.ampproto.unix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.ampproto.testsupport.TwistedPython;

/**
 * Runs the Twisted descriptor peers of {@code src/test/resources/twisted} with Debian's
 * {@code /usr/bin/python3}; without Twisted the tests are skipped loudly, except with
 * {@code CI=true}, where that fails.
 */
final class TwistedFdPeer {

	private TwistedFdPeer() {
	}

	static void assumeTwistedAndDescriptorPassing() {
		String problem = TwistedPython.twistedProblem();
		if (problem == null && !AmpUnixSockets.canPassDescriptors()) {
			problem = "junixsocket cannot pass file descriptors on this platform";
		}
		TwistedPython.assume("Twisted descriptor interop tests", " and SCM_RIGHTS", problem);
	}

	/**
	 * Run {@code fd_client.py} against a server on a UNIX socket.
	 * @return its output lines
	 */
	static List<String> runClient(Path socket, Path directory, long timeoutSeconds)
			throws IOException, InterruptedException {
		return TwistedPython.run(TwistedPython.resource("twisted/fd_client.py"), "twisted fd client", timeoutSeconds,
				"--unix", socket.toString(), "--dir", directory.toString())
			.lines();
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
	 * Start {@code fd_server.py} on a UNIX socket; closing it closes its stdin, which stops
	 * it.
	 */
	static TwistedPython.Server startServer(Path socket) throws IOException {
		return TwistedPython.Server.start(TwistedPython.resource("twisted/fd_server.py"), "--unix", socket.toString());
	}

}
