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

import java.io.InputStream;

/**
 * The server process of one system: prints {@code LISTENING <port>} once it listens on
 * the loopback, and runs until its standard input is closed.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class BenchServer {

	private BenchServer() {
	}

	/**
	 * Run a server.
	 * @param args the system, and optionally the host (127.0.0.1 by default)
	 * @throws Exception when the server fails
	 */
	public static void main(String[] args) throws Exception {
		BenchSystem system = BenchSystem.of(args[0]);
		String host = (args.length > 1) ? args[1] : "127.0.0.1";
		Running running = start(system, host);
		System.out.println("LISTENING " + running.port());
		System.out.flush();
		InputStream in = System.in;
		while (in.read() != -1) {
			// Wait for the end of input: the load run closes it to stop the server.
		}
		running.stop().run();
		System.exit(0);
	}

	/**
	 * Start the server of a system in this process.
	 * @param system the system (not Twisted)
	 * @param host the host to bind to
	 * @return the running server
	 */
	public static Running start(BenchSystem system, String host) {
		return switch (system) {
			case CORE -> CoreSystem.start(host);
			case SPRING -> SpringSystem.start(host);
			case RSOCKET -> RSocketSystem.start(host);
			case NETTY -> NettySystem.start(host);
			case TWISTED -> throw new IllegalArgumentException("The Twisted server runs in Python");
			case SAMPLE -> throw new IllegalArgumentException("The sample app runs from its own jar");
		};
	}

	/**
	 * Connect the client of a system.
	 * @param system the system (not Twisted)
	 * @param host the server's host
	 * @param port the server's port
	 * @return the client
	 */
	public static Caller connect(BenchSystem system, String host, int port) {
		return switch (system) {
			case CORE, SAMPLE -> CoreSystem.connect(host, port);
			case SPRING -> SpringSystem.connect(host, port);
			case RSOCKET -> RSocketSystem.connect(host, port);
			case NETTY -> NettySystem.connect(host, port);
			case TWISTED -> throw new IllegalArgumentException("The Twisted client runs in Python");
		};
	}

	/**
	 * A running server.
	 *
	 * @param port the port it listens on
	 * @param stop stops it
	 */
	public record Running(int port, Runnable stop) {
	}

}
