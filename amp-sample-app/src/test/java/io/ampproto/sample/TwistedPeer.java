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
package io.ampproto.sample;

import java.io.IOException;
import java.nio.file.Path;

import io.ampproto.testsupport.TwistedPython;

/**
 * Runs the Twisted peer scripts of {@code src/test/resources/twisted} with Debian's
 * {@code /usr/bin/python3} ({@link TwistedPython}, from the test-jar of
 * amp-core). Where Twisted is missing the tests are skipped with a
 * loud message, except when {@code CI=true}: then a missing Twisted fails the run.
 */
final class TwistedPeer {

	private TwistedPeer() {
	}

	static void assumeTwistedIsInstalled() {
		TwistedPython.assumeInstalled("Twisted interop tests");
	}

	/**
	 * Return a file with the content of a class path resource, such as
	 * {@code tls/ca-cert.pem}.
	 */
	static Path resource(String name) {
		return TwistedPython.resource(name);
	}

	static TwistedPython.Run runClient(int port, long timeoutSeconds) throws IOException, InterruptedException {
		return runScript("twisted_client.py", timeoutSeconds, "--host", "127.0.0.1", "--port", String.valueOf(port));
	}

	static TwistedPython.Run runUnixClient(Path socket, Path directory, long timeoutSeconds)
			throws IOException, InterruptedException {
		return runScript("twisted_unix_client.py", timeoutSeconds, "--unix", socket.toString(), "--dir",
				directory.toString());
	}

	/**
	 * Run a checking script of {@code src/test/resources/twisted} to its end.
	 */
	static TwistedPython.Run runScript(String name, long timeoutSeconds, String... args)
			throws IOException, InterruptedException {
		return TwistedPython.run(resource("twisted/" + name), "twisted client", timeoutSeconds, args);
	}

	static TwistedPython.Server startServer() throws IOException {
		return startServer("twisted_server.py");
	}

	/**
	 * Start {@code twisted_tls_server.py} with the test CA's server certificate.
	 */
	static TwistedPython.Server startTlsServer(String... args) throws IOException {
		String[] command = new String[args.length + 4];
		command[0] = "--cert";
		command[1] = resource("tls/server-cert.pem").toString();
		command[2] = "--key";
		command[3] = resource("tls/server-key.pem").toString();
		System.arraycopy(args, 0, command, 4, args.length);
		return startServer("twisted_tls_server.py", command);
	}

	/**
	 * Start a server script of {@code src/test/resources/twisted} on a free port.
	 */
	static TwistedPython.Server startServer(String name, String... args) throws IOException {
		String[] command = new String[args.length + 2];
		command[0] = "--port";
		command[1] = "0";
		System.arraycopy(args, 0, command, 2, args.length);
		return TwistedPython.Server.start(resource("twisted/" + name), command);
	}

}
