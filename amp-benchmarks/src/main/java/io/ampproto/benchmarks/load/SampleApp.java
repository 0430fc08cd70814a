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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The sample app's jar as a server of the load run: started as shipped (actuator,
 * Prometheus, observations on; its {@code Sum} a plain method) but for its ports and log
 * level.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class SampleApp {

	/** Where the build puts the sample app's jar, from the repository's root. */
	static final String DEFAULT_JAR = "amp-sample-app/target/amp-sample-app-0.1.0-SNAPSHOT.jar";

	private SampleApp() {
	}

	static List<String> command(String java, List<String> jvmOptions, Path jar, int port, List<String> args) {
		if (!jar.toFile().isFile()) {
			throw new IllegalStateException("No sample app jar at " + jar + ": build it (mvn -pl amp-sample-app -am "
					+ "package -DskipTests) or give --sample-jar");
		}
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.add("--amp.server.port=" + port);
		command.add("--amp.server.address=127.0.0.1");
		command.add("--server.port=0");
		command.add("--logging.level.root=warn");
		command.addAll(args);
		return command;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Wait until the app accepts connections on its AMP port. */
	static void awaitListening(String host, int port, BooleanSupplier alive) throws InterruptedException {
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (!alive.getAsBoolean()) {
				throw new IllegalStateException("The sample app exited before listening");
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(host, port), 1000);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The sample app did not listen on port " + port + " within 2 minutes");
	}

}
