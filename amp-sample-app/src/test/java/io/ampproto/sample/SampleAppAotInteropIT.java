/*
 * Copyright 2026 the AMP for Spring Boot authors
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
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Twisted client's checks against the packaged sample app started with
 * {@code -Dspring.aot.enabled=true}: the bean definitions that Spring AOT generated at
 * build time serve every command as the plain jar does. Run by failsafe under the
 * {@code aot} profile, after the jar is packaged.
 */
class SampleAppAotInteropIT {

	private Process app;

	private Path log;

	@BeforeAll
	static void twisted() {
		TwistedPeer.assumeTwistedIsInstalled();
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.app != null) {
			this.app.destroy();
			if (!this.app.waitFor(30, TimeUnit.SECONDS)) {
				this.app.destroyForcibly();
			}
		}
	}

	@Test
	void twistedClientPassesEveryCheckAgainstTheAotProcessedJar() throws Exception {
		int port = freePort();
		this.log = Files.createTempFile("amp-sample-app-aot", ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.app = new ProcessBuilder(java, "-Xmx512m", "-Dspring.aot.enabled=true", "-jar", jar().toString(),
				"--amp.server.port=" + port, "--amp.server.address=127.0.0.1", "--server.port=0",
				"--logging.level.root=WARN", "--logging.level.io.ampproto.sample=INFO")
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		awaitServer(port);
		assertThat(Files.readString(this.log)).as("the app runs its AOT-generated code")
			.contains("Starting AOT-processed AmpSampleApplication");
		TwistedPython.Run run = TwistedPeer.runClient(port, 180);
		assertThat(run.failures()).isEmpty();
		assertThat(run.summary()).matches("\\d+ passed, 0 failed");
		assertThat(run.exitCode()).isZero();
		assertThat(run.lines()).filteredOn((line) -> line.startsWith("PASS")).hasSizeGreaterThan(70);
	}

	/**
	 * The jar packaged by this build (not the .original that repackaging leaves).
	 */
	private static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			List<Path> jars = files
				.filter((file) -> file.getFileName().toString().matches("amp-sample-app-.*(?<!-sources|-tests)\\.jar"))
				.toList();
			assertThat(jars).as("the packaged sample app in target/ (build with -Paot)").hasSize(1);
			return jars.get(0);
		}
	}

	private void awaitServer(int port) throws InterruptedException, IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.app.isAlive()) {
				throw new IllegalStateException("The AOT-processed app exited:\n" + Files.readString(this.log));
			}
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The AOT-processed app did not start within 120 s:\n" + Files.readString(this.log));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
