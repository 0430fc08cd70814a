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

package io.ampproto.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ampproto.box.AmpBox;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.testsupport.TestCommands.Boom;
import io.ampproto.testsupport.TestCommands.Callback;
import io.ampproto.testsupport.TestCommands.Divide;
import io.ampproto.testsupport.TestCommands.Nothing;
import io.ampproto.testsupport.TestCommands.Ping;
import io.ampproto.testsupport.TestCommands.Slow;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpServer;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fuzz test of the call engine: arbitrary sequences of commands (with and without
 * {@code _ask}, known and unknown, with well-formed and garbage arguments), answers and
 * errors for tags that are not waiting, boxes of no kind and raw bytes, written over a
 * real loopback connection to an {@link AmpSessionServer} whose responders answer,
 * fail, return nothing, answer late, and call the client back.
 * <p>
 * Checked for each input, against what the server decodes from the stream:
 * <ul>
 * <li>every box the server writes is an answer or an error (with a code and a
 * description) for an {@code _ask} that was sent, byte for byte, and not yet
 * answered, or the call of the Callback responder;</li>
 * <li>every {@code _ask} is answered, unless the connection closes for a documented
 * reason (a framing violation, a command sent without {@code _ask}, an {@code UNKNOWN}
 * or declared fatal error), and nothing hangs;</li>
 * <li>no exception escapes other than the documented ones (no unexpected error in the
 * logs, nothing dropped by Reactor, no buffer leak reported at PARANOID level);</li>
 * <li>the server's session ends when the client goes.</li>
 * </ul>
 */
class AmpSessionFuzzTest {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final String[] COMMANDS = { "Sum", "Divide", "Boom", "Nothing", "Ping", "Slow", "Callback", "Echo",
			"Unknown" };

	private static final String[] KEYS = { "_ask", "_command", "_answer", "_error", "_error_code",
			"_error_description", "a", "b", "numerator", "denominator", "n", "id", "delayMillis", "total" };

	/** Messages of the errors the engine logs on purpose. */
	private static final List<String> EXPECTED_ERRORS = List.of("Unhandled error in the AMP responder of",
			"no responder for command", "sent without _ask failed with", "returned a response that cannot be sent");

	@FuzzTest
	void everyAskIsAnsweredOnceOrTheConnectionClosesForADocumentedReason(FuzzedDataProvider data) throws IOException {
		// Jazzer's SSRF detector watches every connection: this test talks to its own server.
		BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
		Fixture fixture = Fixture.INSTANCE;
		byte[] stream = stream(data);
		Expectation expected = Expectation.of(stream);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", fixture.server.port()));
			socket.setSoTimeout(100);
			OutputStream out = socket.getOutputStream();
			// Two writes, so that a box is sometimes cut between two reads.
			int cut = (stream.length == 0) ? 0 : Math.floorMod(Arrays.hashCode(stream), stream.length);
			out.write(stream, 0, cut);
			out.flush();
			out.write(stream, cut, stream.length - cut);
			out.flush();
			readAnswers(socket.getInputStream(), expected);
		}
		await().atMost(PATIENCE)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.untilAsserted(() -> assertThat(fixture.server.sessions()).as("open sessions").isEmpty());
		fixture.checkLogs();
	}

	private static void readAnswers(InputStream in, Expectation expected) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		int parsed = 0;
		while (expected.outstanding() > 0) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (SocketTimeoutException ex) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("No answer within " + PATIENCE + " for " + expected.asks);
				}
				continue;
			}
			catch (java.net.SocketException ex) {
				read = -1;
			}
			if (read < 0) {
				assertThat(expected.closeAllowed()).as("connection closed with asks unanswered %s, after %s",
						expected.asks, expected.received).isTrue();
				return;
			}
			received.write(buffer, 0, read);
			List<Map<ByteBuffer, byte[]>> boxes = new ArrayList<>();
			parsed = Wire.parse(received.toByteArray(), parsed, boxes);
			boxes.forEach(expected::received);
		}
	}

	/**
	 * Reads the fuzzer's input as a list of operations and writes their bytes.
	 */
	static byte[] stream(FuzzedDataProvider data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int uniqueTags = 0;
		for (int op = 0; op < 64 && data.remainingBytes() > 0; op++) {
			int kind = data.consumeInt(0, 5);
			if (kind == 5) {
				out.writeBytes(data.consumeBytes(data.consumeInt(1, 16)));
				continue;
			}
			List<byte[]> pairs = new ArrayList<>();
			switch (kind) {
				case 0, 1 -> {
					pairs.add(utf8("_command"));
					pairs.add(utf8(COMMANDS[data.consumeInt(0, COMMANDS.length - 1)]));
					if (kind == 0) {
						pairs.add(utf8("_ask"));
						pairs.add(data.consumeBoolean() ? utf8(Integer.toHexString(++uniqueTags))
								: data.consumeBytes(data.consumeInt(0, 3)));
					}
				}
				case 2 -> {
					pairs.add(utf8(data.consumeBoolean() ? "_answer" : "_error"));
					pairs.add(utf8(Integer.toHexString(data.consumeInt(1, 4))));
				}
				default -> {
				}
			}
			int arguments = data.consumeInt(0, 4);
			for (int i = 0; i < arguments; i++) {
				pairs.add(data.consumeBoolean() ? utf8(KEYS[data.consumeInt(0, KEYS.length - 1)])
						: data.consumeBytes(data.consumeInt(1, 4)));
				pairs.add(data.consumeBoolean() ? utf8(Integer.toString(data.consumeInt(-3, 100)))
						: data.consumeBytes(data.consumeInt(0, 12)));
			}
			for (byte[] part : pairs) {
				Wire.writeField(out, part);
			}
			out.write(0);
			out.write(0);
		}
		return out.toByteArray();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * What the server must do with the boxes it decodes from a stream.
	 */
	static final class Expectation {

		/** Tags sent with {@code _ask} and not answered yet, with their count. */
		final Map<ByteBuffer, Integer> asks = new LinkedHashMap<>();

		final List<String> received = new ArrayList<>();

		/** The stream itself gives the server a documented reason to close. */
		boolean closeDocumented;

		/** The server answered an error after which it closes. */
		boolean fatalErrorReceived;

		static Expectation of(byte[] stream) {
			Expectation expectation = new Expectation();
			List<Map<ByteBuffer, byte[]>> boxes = new ArrayList<>();
			int end = Wire.parse(stream, 0, boxes);
			// Left unparsed: a key length prefix above 255, or an unfinished box the
			// server waits for.
			expectation.closeDocumented = end < stream.length && Wire.violates(stream, end);
			for (Map<ByteBuffer, byte[]> box : boxes) {
				if (box.containsKey(key("_answer")) || box.containsKey(key("_error"))
						|| !box.containsKey(key("_command"))) {
					continue;
				}
				byte[] ask = box.get(key("_ask"));
				if (ask == null) {
					expectation.closeDocumented = true;
				}
				else {
					expectation.asks.merge(ByteBuffer.wrap(ask), 1, Integer::sum);
				}
			}
			return expectation;
		}

		int outstanding() {
			return this.asks.values().stream().mapToInt(Integer::intValue).sum();
		}

		boolean closeAllowed() {
			return this.closeDocumented || this.fatalErrorReceived;
		}

		void received(Map<ByteBuffer, byte[]> box) {
			this.received.add(Wire.describe(box));
			if (box.containsKey(key("_command"))) {
				// The Callback responder calls the client back; the raw client never answers.
				assertThat(new String(box.get(key("_command")), StandardCharsets.UTF_8)).isEqualTo("Sum");
				assertThat(box).containsKey(key("_ask"));
				return;
			}
			byte[] answer = box.get(key("_answer"));
			byte[] error = box.get(key("_error"));
			assertThat((answer != null) ^ (error != null)).as("an answer or an error: %s", this.received).isTrue();
			if (error != null) {
				byte[] code = box.get(key("_error_code"));
				assertThat(code).as("error code in %s", this.received).isNotNull();
				assertThat(box).as("error description in %s", this.received).containsKey(key("_error_description"));
				String text = new String(code, StandardCharsets.UTF_8);
				this.fatalErrorReceived |= text.equals("UNKNOWN") || text.equals("FATAL_OOPS");
			}
			ByteBuffer tag = ByteBuffer.wrap((answer != null) ? answer : error);
			Integer count = this.asks.get(tag);
			assertThat(count).as("tag %s was asked and is not answered yet: %s", this.received.get(this.received.size() - 1),
					this.received).isNotNull();
			if (count == 1) {
				this.asks.remove(tag);
			}
			else {
				this.asks.put(tag, count - 1);
			}
		}

		private static ByteBuffer key(String key) {
			return ByteBuffer.wrap(utf8(key));
		}

	}

	/**
	 * The wire format, written and read without the code under test.
	 */
	static final class Wire {

		static void writeField(ByteArrayOutputStream out, byte[] field) {
			out.write(field.length >> 8);
			out.write(field.length);
			out.writeBytes(field);
		}

		/**
		 * Parse the complete boxes from {@code from}; return where the first unparsed box
		 * starts. Stops at a key length prefix above 255.
		 */
		static int parse(byte[] bytes, int from, List<Map<ByteBuffer, byte[]>> boxes) {
			int start = from;
			int i = from;
			Map<ByteBuffer, byte[]> box = new HashMap<>();
			while (bytes.length - i >= 2) {
				int keyLength = u16(bytes, i);
				if (keyLength == 0) {
					i += 2;
					boxes.add(box);
					box = new HashMap<>();
					start = i;
					continue;
				}
				if (keyLength > 255 || bytes.length - i < 4 + keyLength) {
					break;
				}
				int valueLength = u16(bytes, i + 2 + keyLength);
				if (bytes.length - i < 4 + keyLength + valueLength) {
					break;
				}
				box.put(ByteBuffer.wrap(Arrays.copyOfRange(bytes, i + 2, i + 2 + keyLength)),
						Arrays.copyOfRange(bytes, i + 4 + keyLength, i + 4 + keyLength + valueLength));
				i += 4 + keyLength + valueLength;
			}
			return start;
		}

		/** Whether the unfinished box at {@code from} has a key length prefix above 255. */
		static boolean violates(byte[] bytes, int from) {
			int i = from;
			while (bytes.length - i >= 2) {
				int keyLength = u16(bytes, i);
				if (keyLength > 255) {
					return true;
				}
				if (bytes.length - i < 4 + keyLength) {
					return false;
				}
				i += 4 + keyLength + u16(bytes, i + 2 + keyLength);
			}
			return false;
		}

		static String describe(Map<ByteBuffer, byte[]> box) {
			StringBuilder text = new StringBuilder("{");
			box.forEach((key, value) -> text.append(new String(key.array(), StandardCharsets.UTF_8))
				.append('=')
				.append(Arrays.toString(value))
				.append(' '));
			return text.append('}').toString();
		}

		private static int u16(byte[] bytes, int i) {
			return ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
		}

	}

	/**
	 * One server for every input, and a watch on the logs.
	 */
	static final class Fixture {

		static final Fixture INSTANCE = new Fixture();

		final AmpSessionServer server;

		final ListAppender<ILoggingEvent> logs = new ListAppender<>();

		final List<Throwable> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();

		private Fixture() {
			AmpResponders responders = AmpResponders.builder()
				.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
				.respondSync(Divide.class, (divide) -> {
					if (divide.denominator() == 0) {
						throw new ArithmeticException("division by zero");
					}
					if (divide.denominator() < 0) {
						throw new IllegalStateException("negative");
					}
					return new Divide.Result((double) divide.numerator() / divide.denominator());
				})
				.respondSync(Ping.class, (ping) -> null)
				.respondSync(Boom.class, (boom) -> {
					throw new IllegalArgumentException("kaboom");
				})
				.respondSync(Nothing.class, (nothing) -> null)
				.respond(Slow.class,
						(slow, session) -> Mono.delay(Duration.ofMillis(Math.floorMod(slow.delayMillis(), 10)))
							.thenReturn(new Slow.Result(slow.id())))
				.respond(Callback.class,
						(callback, session) -> session.call(new Sum(callback.n(), callback.n()))
							.map((result) -> new Callback.Result((int) result.total())))
				.respondRaw("Echo", (box, session) -> Mono.just(box.toBuilder().remove("_command").remove("_ask").build()))
				.build();
			// A short call timeout, so that the Callback responder ends although the raw
			// client never answers it.
			AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withCallTimeout(Duration.ofMillis(50));
			this.server = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(0), responders, options,
					Duration.ofSeconds(30));
			this.server.start();
			// Warnings and errors go to the watch only: a fuzzing run makes millions.
			Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			root.detachAndStopAllAppenders();
			root.setLevel(Level.WARN);
			this.logs.start();
			root.addAppender(this.logs);
			Hooks.onErrorDropped(this.dropped::add);
			Hooks.onNextDropped((value) -> this.dropped.add(new IllegalStateException("Dropped " + value)));
		}

		void checkLogs() {
			List<ILoggingEvent> events = new ArrayList<>(this.logs.list);
			this.logs.list.clear();
			for (ILoggingEvent event : events) {
				if (event.getLevel().isGreaterOrEqual(Level.ERROR)
						|| (event.getLevel() == Level.WARN && !event.getLoggerName().startsWith("io.ampproto"))) {
					String message = event.getFormattedMessage();
					assertThat(EXPECTED_ERRORS).as("unexpected log: %s %s %s", event.getLevel(), event.getLoggerName(),
							message + ((event.getThrowableProxy() != null) ? " " + event.getThrowableProxy().getClassName()
									+ ": " + event.getThrowableProxy().getMessage() : ""))
						.anyMatch(message::contains);
				}
			}
			assertThat(this.dropped).as("errors dropped by Reactor").isEmpty();
		}

	}

}
