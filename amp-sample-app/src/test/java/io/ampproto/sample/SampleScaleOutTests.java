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
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.ampproto.client.AmpRequester;
import io.ampproto.sample.SampleCommands.Spread;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real instances behind one service id: two sample app JVMs, started as processes
 * of their own, and a Twisted AMP server; the {@code gateway} profile, in this JVM,
 * spreads {@code WhoAmI} calls over them through its load-balanced client.
 */
class SampleScaleOutTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@Test
	void spreadReachesEveryInstanceSurvivesAKilledJvmAndTakesItBack() throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		int port1 = freePort();
		int port2 = freePort();
		List<AutoCloseable> toClose = new ArrayList<>();
		try {
			SampleJvm jvm1 = SampleJvm.start(port1, "jvm-1");
			toClose.add(jvm1);
			SampleJvm jvm2 = SampleJvm.start(port2, "jvm-2");
			toClose.add(jvm2);
			TwistedPython.Server twisted = TwistedPeer.startServer("twisted_whoami_server.py", "--instance", "twisted");
			toClose.add(twisted);
			jvm1.awaitListening();
			jvm2.awaitListening();
			ConfigurableApplicationContext gateway = new SpringApplicationBuilder(AmpSampleApplication.class)
				.profiles("gateway")
				.run("--amp.server.port=0", "--server.port=0", "--amp.sample.instance-id=gateway",
						"--spring.cloud.discovery.client.simple.instances.amp-backends[0].uri=amp://127.0.0.1:" + port1,
						"--spring.cloud.discovery.client.simple.instances.amp-backends[1].uri=amp://127.0.0.1:" + port2,
						"--spring.cloud.discovery.client.simple.instances.amp-backends[2].uri=amp://127.0.0.1:"
								+ twisted.port());
			toClose.add(gateway);
			AmpRequester client = AmpRequester.builder()
				.host("127.0.0.1")
				.port(gateway.getBean(AmpSessionServer.class).port())
				.build();
			toClose.add(client::dispose);

			// Spread(3000) reaches all three, none with less than half of an even share.
			Map<String, Integer> first = answered(client.call(new Spread(3000), TIMEOUT).block(TIMEOUT), 0);
			System.out.println("Spread(3000): " + first);
			assertThat(first).containsOnlyKeys("jvm-1", "jvm-2", "twisted");
			assertThat(first.values()).allSatisfy((calls) -> assertThat(calls).isGreaterThanOrEqualTo(500));

			// One JVM killed (SIGKILL) during Spread(20000): no failed call, the survivors answer the rest.
			var spread = client.call(new Spread(20000), TIMEOUT).toFuture();
			Thread.sleep(300);
			assertThat(spread).as("the kill must come during the Spread").isNotDone();
			jvm1.kill();
			Map<String, Integer> second = answered(spread.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), 0);
			System.out.println("Spread(20000), jvm-1 killed after 300 ms: " + second);
			assertThat(second.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20000);
			assertThat(second.getOrDefault("jvm-1", 0)).isLessThan(20000 / 3);
			assertThat(second.get("jvm-2")).isPositive();
			assertThat(second.get("twisted")).isPositive();

			// Restarted: it answers again within 10 s of listening.
			SampleJvm restarted = SampleJvm.start(port1, "jvm-1");
			toClose.add(restarted);
			restarted.awaitListening();
			long listeningAt = System.nanoTime();
			Duration answeredAfter = null;
			while (answeredAfter == null && System.nanoTime() - listeningAt < TIMEOUT.toNanos()) {
				Map<String, Integer> again = answered(client.call(new Spread(300), TIMEOUT).block(TIMEOUT), 0);
				if (again.containsKey("jvm-1")) {
					answeredAfter = Duration.ofNanos(System.nanoTime() - listeningAt);
				}
				else {
					Thread.sleep(100);
				}
			}
			System.out.println("Restarted jvm-1 answered " + answeredAfter + " after it listened");
			assertThat(answeredAfter).isNotNull().isLessThanOrEqualTo(Duration.ofSeconds(10));
		}
		finally {
			for (int i = toClose.size() - 1; i >= 0; i--) {
				try {
					toClose.get(i).close();
				}
				catch (Exception ex) {
					// Keep closing the others.
				}
			}
		}
	}

	private static Map<String, Integer> answered(Spread.Result result, int failed) {
		assertThat(result.failed()).as("failed calls").isEqualTo(failed);
		return result.instances().stream().collect(Collectors.toMap(Spread.Row::instance, Spread.Row::calls));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The sample app in a JVM of its own, on the test's class path.
	 */
	private static final class SampleJvm implements AutoCloseable {

		private final Process process;

		private final Path log;

		private final int port;

		private SampleJvm(Process process, Path log, int port) {
			this.process = process;
			this.log = log;
			this.port = port;
		}

		static SampleJvm start(int port, String instanceId) throws IOException {
			Path log = Files.createTempFile("sample-" + instanceId, ".log");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			// AMP only (no HTTP, no JMX): the machine that runs the tests may be busy.
			Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
					"-cp", System.getProperty("java.class.path"), AmpSampleApplication.class.getName(),
					"--amp.server.port=" + port, "--amp.sample.instance-id=" + instanceId,
					"--spring.main.web-application-type=none", "--spring.jmx.enabled=false",
					"--spring.main.banner-mode=off")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new SampleJvm(process, log, port);
		}

		void awaitListening() throws IOException, InterruptedException {
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("Sample app exited: " + Files.readString(this.log));
				}
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
					return;
				}
				catch (IOException ex) {
					Thread.sleep(100);
				}
			}
			throw new IllegalStateException("Sample app not listening on " + this.port + ": " + Files.readString(this.log));
		}

		/** SIGKILL: no shutdown hook, no goodbye on the connections. */
		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
