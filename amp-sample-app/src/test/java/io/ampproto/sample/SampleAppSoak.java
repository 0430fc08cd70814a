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

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.sample.SampleCommands.Concat;
import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Echo;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.RoundTrip;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak run of the sample app; not part of CI (its name matches no test pattern). Run it
 * with the {@code soak} profile, as docs/limits.md shows:
 * <pre class="code">
 * mvn -B -Psoak -pl amp-sample-app -am test -Dtest=SampleAppSoak -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * It starts the sample app in a JVM of its own, then drives calls through it from
 * several connections ({@code soak.connections}, 4), each keeping {@code soak.in-flight}
 * calls (128) in flight, for {@code soak.duration} (10 minutes), or until
 * {@code soak.calls} calls if that is set. Every answer is checked. Mixed in: unknown
 * commands, declared errors and values too long to send on the same connections, and,
 * on connections of their own, key length violations, boxes over the maximum box size,
 * random bytes, half boxes and responders that fail. It prints calls, errors and the
 * server's resident memory at the start, every 30 seconds and at the end, and fails on
 * any unexpected error.
 */
class SampleAppSoak {

	private final Duration duration = Duration.parse("PT" + System.getProperty("soak.duration", "10m").toUpperCase());

	private final long maxCalls = Long.getLong("soak.calls", Long.MAX_VALUE);

	private final int connections = Integer.getInteger("soak.connections", 4);

	private final int inFlight = Integer.getInteger("soak.in-flight", 128);

	private final LongAdder calls = new LongAdder();

	private final LongAdder expectedErrors = new LongAdder();

	private final LongAdder unexpectedErrors = new LongAdder();

	private final Map<String, LongAdder> badInputs = new ConcurrentHashMap<>();

	private final List<Throwable> firstUnexpected = java.util.Collections.synchronizedList(new ArrayList<>());

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final long started = System.nanoTime();

	@Test
	void soak() throws Exception {
		int port = freePort();
		Path serverLog = Path.of("target", "soak-server.log");
		Process server = startServer(port, serverLog);
		try {
			awaitServer(port);
			List<AmpSession> sessions = new ArrayList<>();
			for (int i = 0; i < this.connections; i++) {
				AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port).connectNow();
				sessions.add(AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS));
			}
			// A short warm-up, so that "start" is the server ready and compiled, not cold.
			drive(sessions, Duration.ofSeconds(10), Long.MAX_VALUE);
			long warmUpCalls = this.calls.sum();
			long rssStart = rssKiB(server.pid());
			print("start: server pid %d, RSS %d MiB, %d calls in warm-up; %d connections x %d in flight, for %s or %,d calls",
					server.pid(), rssStart / 1024, warmUpCalls, this.connections, this.inFlight, this.duration,
					this.maxCalls);
			this.calls.reset();
			this.expectedErrors.reset();
			long soakStart = System.nanoTime();
			Thread vandal = new Thread(() -> vandalize(port), "soak-vandal");
			vandal.setDaemon(true);
			vandal.start();
			Thread reporter = new Thread(() -> report(server, soakStart), "soak-reporter");
			reporter.setDaemon(true);
			reporter.start();
			drive(sessions, this.duration, this.maxCalls);
			double seconds = (System.nanoTime() - soakStart) / 1e9;
			this.stopping.set(true);
			vandal.join(10_000);
			// Still answering after all that.
			Sum.Result last = sessions.get(0).call(new Sum(BigInteger.ONE, BigInteger.TWO)).block(Duration.ofSeconds(30));
			long rssEnd = rssKiB(server.pid());
			long leaks = Files.readAllLines(serverLog).stream().filter((line) -> line.contains("LEAK:")).count();
			print("end: %,d calls in %.0f s (%,.0f calls/s); expected errors %,d; unexpected errors %d; bad inputs %s",
					this.calls.sum(), seconds, this.calls.sum() / seconds, this.expectedErrors.sum(),
					this.unexpectedErrors.sum(), this.badInputs);
			print("end: server RSS %d MiB at the start, %d MiB at the end; client RSS %d MiB; leak reports in the"
					+ " server log: %d", rssStart / 1024, rssEnd / 1024, rssKiB(ProcessHandle.current().pid()) / 1024,
					leaks);
			sessions.forEach(AmpSession::dispose);
			assertThat(last.total()).isEqualTo(3);
			assertThat(this.firstUnexpected).as("unexpected errors").isEmpty();
			assertThat(this.unexpectedErrors.sum()).isZero();
			assertThat(leaks).as("leak reports").isZero();
		}
		finally {
			server.destroy();
			server.waitFor();
		}
	}

	// Load -----------------------------------------------------------------------------

	private void drive(List<AmpSession> sessions, Duration duration, long maxCalls) throws InterruptedException {
		long deadline = System.nanoTime() + duration.toNanos();
		java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(sessions.size() * this.inFlight);
		AtomicBoolean over = new AtomicBoolean();
		for (AmpSession session : sessions) {
			for (int i = 0; i < this.inFlight; i++) {
				next(session, ThreadLocalRandom.current().nextLong(1_000_000), () -> {
					if (over.get() || System.nanoTime() > deadline || this.calls.sum() >= maxCalls) {
						over.set(true);
						return false;
					}
					return true;
				}, done);
			}
		}
		done.await();
	}

	/**
	 * One chain of calls, one at a time: each answer starts the next call.
	 */
	private void next(AmpSession session, long n, java.util.function.BooleanSupplier goOn,
			java.util.concurrent.CountDownLatch done) {
		if (!goOn.getAsBoolean()) {
			done.countDown();
			return;
		}
		call(session, n).subscribe(null, (error) -> {
			this.unexpectedErrors.increment();
			if (this.firstUnexpected.size() < 10) {
				this.firstUnexpected.add(error);
				print("unexpected: %s", error);
			}
			next(session, n + 1, goOn, done);
		}, () -> {
			this.calls.increment();
			next(session, n + 1, goOn, done);
		});
	}

	private Mono<Void> call(AmpSession session, long n) {
		BigInteger big = BigInteger.valueOf(n);
		if (n % 1000 == 0) {
			return session.callRaw("NoSuchCommand", AmpBox.of("n", Long.toString(n)))
				.then(Mono.<Void>error(new AssertionError("NoSuchCommand answered")))
				.onErrorResume(AmpUnhandledCommandException.class, this::expected);
		}
		if (n % 5000 == 1) {
			return session.call(new Echo("x".repeat(70_000)))
				.then(Mono.<Void>error(new AssertionError("a 70,000-byte value was sent")))
				.onErrorResume(AmpTooLongException.class, (ex) -> ex.isLocal() ? expected(ex) : Mono.error(ex));
		}
		if (n % 1000 == 2) {
			return session.call(new Ping(big));
		}
		return switch ((int) (n % 10)) {
			case 6 -> session.call(new Echo("soak " + n))
				.flatMap((result) -> check(result.text().equals("soak " + n), result));
			case 7 -> session.call(new Concat(List.of("a", Long.toString(n), "c")))
				.flatMap((result) -> check(result.joined().equals("a" + n + "c"), result));
			case 8 -> {
				BigInteger denominator = BigInteger.valueOf(n % 7 - 3);
				yield session.call(new Divide(big, denominator))
					.flatMap((result) -> check(denominator.signum() != 0, result))
					.onErrorResume(ArithmeticException.class,
							(ex) -> (denominator.signum() == 0) ? expected(ex) : Mono.error(ex));
			}
			case 9 -> {
				RoundTrip sent = new RoundTrip(big, n / 3.0, n % 2 == 0, new byte[] { 0, (byte) n }, "h\u00e9 " + n,
						AmpDecimal.parse(n + ".50"), OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54_321_000, ZoneOffset.UTC),
						List.of(big, BigInteger.ONE), List.of(new RoundTrip.Row("k", big)), null);
				yield session.call(sent)
					.flatMap((back) -> check(back.i().equals(big) && back.text().equals(sent.text())
							&& Arrays.equals(back.raw(), sent.raw()) && back.ints().equals(sent.ints())
							&& back.dec().equals(sent.dec()) && back.rows().equals(sent.rows()), back));
			}
			default -> session.call(new Sum(big, BigInteger.ONE))
				.flatMap((result) -> check(result.total().equals(big.add(BigInteger.ONE)), result));
		};
	}

	private Mono<Void> check(boolean ok, Object result) {
		return ok ? Mono.empty() : Mono.error(new AssertionError("Wrong answer: " + result));
	}

	private Mono<Void> expected(Throwable error) {
		this.expectedErrors.increment();
		return Mono.empty();
	}

	// Bad inputs, on connections of their own ---------------------------------------------

	private void vandalize(int port) {
		byte[] explode = AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "Explode"));
		byte[] sum = AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "Sum", "a", "1", "b", "2"));
		byte[] value = new byte[65535];
		for (int round = 0; !this.stopping.get(); round++) {
			String kind = switch (round % 5) {
				case 0 -> "key-length";
				case 1 -> "oversize-box";
				case 2 -> "random-bytes";
				case 3 -> "half-box";
				default -> "explode";
			};
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port));
				socket.setSoTimeout(30_000);
				OutputStream out = socket.getOutputStream();
				switch (kind) {
					case "key-length" -> out.write(new byte[] { 0x01, 0x00, 'x' });
					case "oversize-box" -> {
						// 17 pairs of 65,535-byte values: past the 1 MiB limit before the box ends.
						try {
							for (int i = 0; i < 17; i++) {
								out.write(field(("k" + i).getBytes()));
								out.write(field(value));
							}
						}
						catch (java.net.SocketException ex) {
							// Closed by the server while we were still writing: what we want.
						}
					}
					case "random-bytes" -> {
						byte[] noise = new byte[1024];
						ThreadLocalRandom.current().nextBytes(noise);
						out.write(noise);
					}
					case "half-box" -> out.write(Arrays.copyOf(sum, sum.length / 2));
					default -> out.write(explode);
				}
				out.flush();
				if (!kind.equals("random-bytes") && !kind.equals("half-box")) {
					// The server closes these connections itself.
					assertClosedByServer(socket.getInputStream());
				}
				this.badInputs.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
			}
			catch (IOException | AssertionError ex) {
				this.unexpectedErrors.increment();
				print("unexpected on a %s connection: %s", kind, ex);
			}
			sleep(200);
		}
	}

	private static byte[] field(byte[] bytes) {
		byte[] field = new byte[2 + bytes.length];
		field[0] = (byte) (bytes.length >> 8);
		field[1] = (byte) bytes.length;
		System.arraycopy(bytes, 0, field, 2, bytes.length);
		return field;
	}

	private static void assertClosedByServer(InputStream in) throws IOException {
		try {
			while (in.read(new byte[4096]) >= 0) {
				// The error answer of Explode, if any, then the end of the stream.
			}
		}
		catch (java.net.SocketException ex) {
			// Reset: the server closed with bytes of ours unread (the rest of a long box).
		}
	}

	// Process and reporting ---------------------------------------------------------------

	private static Process startServer(int port, Path log) throws IOException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Files.createDirectories(log.getParent());
		return new ProcessBuilder(java, "-Xms64m", "-Xmx512m", "-cp", classPath, AmpSampleApplication.class.getName(),
				"--amp.server.port=" + port, "--amp.server.address=127.0.0.1", "--logging.level.root=WARN",
				"--logging.level.io.netty.util.ResourceLeakDetector=ERROR")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private static void awaitServer(int port) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The sample app did not start within 60 s");
	}

	private void report(Process server, long soakStart) {
		while (!this.stopping.get()) {
			sleep(30_000);
			double seconds = (System.nanoTime() - soakStart) / 1e9;
			print("%4.0f s: %,d calls (%,.0f/s), expected errors %,d, unexpected %d, server RSS %d MiB", seconds,
					this.calls.sum(), this.calls.sum() / seconds, this.expectedErrors.sum(), this.unexpectedErrors.sum(),
					rssKiB(server.pid()) / 1024);
		}
	}

	private static long rssKiB(long pid) {
		try {
			for (String line : Files.readAllLines(new File("/proc/" + pid + "/status").toPath())) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		}
		catch (IOException ex) {
			// Gone: reported as zero.
		}
		return 0;
	}

	private void print(String format, Object... args) {
		System.out.printf("[soak %5.0f s] %s%n", (System.nanoTime() - this.started) / 1e9, String.format(format, args));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
