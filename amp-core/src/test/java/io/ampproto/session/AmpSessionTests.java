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

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Boom;
import io.ampproto.testsupport.TestCommands.Callback;
import io.ampproto.testsupport.TestCommands.Divide;
import io.ampproto.testsupport.TestCommands.Lists;
import io.ampproto.testsupport.TestCommands.Nothing;
import io.ampproto.testsupport.TestCommands.Ping;
import io.ampproto.testsupport.TestCommands.Renamed;
import io.ampproto.testsupport.TestCommands.Slow;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpSession}: calls and answers between two real loopback peers, and
 * against raw TCP peers; {@link AmpSessionWireTests} checks exact bytes without a socket.
 */
class AmpSessionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	private final AtomicInteger pings = new AtomicInteger();

	private final AtomicInteger pingTotal = new AtomicInteger();

	AmpResponders responders() {
		return AmpResponders.builder()
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
			.respondSync(Ping.class, (ping) -> {
				this.pings.incrementAndGet();
				this.pingTotal.addAndGet(ping.n());
				return null;
			})
			.respondSync(Boom.class, (boom) -> {
				throw new IllegalArgumentException("kaboom");
			})
			.respond(Slow.class,
					(slow, session) -> Mono.delay(Duration.ofMillis(slow.delayMillis()))
						.thenReturn(new Slow.Result(slow.id())))
			.respond(Callback.class,
					(callback, session) -> session.call(new Sum(callback.n(), callback.n()))
						.map((result) -> new Callback.Result((int) result.total())))
			.respondSync(Nothing.class, (nothing) -> null)
			.build();
	}

	DisposableServer server(AmpResponders responders) {
		return this.loopback.server(responders, AmpSessionOptions.DEFAULTS);
	}

	AmpSession client(DisposableServer server, AmpResponders responders) {
		AmpConnection connection = this.loopback.connect(server);
		return AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS);
	}

	AmpSession client() {
		return client(server(responders()), AmpResponders.none());
	}

	@Test
	void callsACommandAndReadsTheAnswer() {
		assertThat(client().call(new Sum(13, 81)).block(TIMEOUT)).isEqualTo(new Sum.Result(94));
	}

	@Test
	void declaredErrorBecomesTheDeclaredExceptionAndTheConnectionStaysOpen() {
		AmpSession client = client();
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> client.call(new Divide(1, 0)).block(TIMEOUT))
			.withMessage("division by zero");
		assertThat(client.call(new Divide(1, 4)).block(TIMEOUT)).isEqualTo(new Divide.Result(0.25));
	}

	@Test
	void declaredFatalErrorIsSentThenTheConnectionCloses() {
		AmpSession client = client();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> client.call(new Divide(1, -1)).block(TIMEOUT))
			.withMessage("negative");
		client.onClose().block(TIMEOUT);
		assertThatExceptionOfType(AmpConnectionClosedException.class)
			.isThrownBy(() -> client.call(new Sum(1, 2)).block(TIMEOUT));
	}

	@Test
	void undeclaredExceptionAnswersUnknownAndClosesTheConnection() {
		AmpSession client = client();
		assertThatExceptionOfType(AmpUnknownRemoteException.class)
			.isThrownBy(() -> client.call(new Boom()).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("UNKNOWN");
				assertThat(ex.getDescription()).isEqualTo("Unknown Error");
			});
		client.onClose().block(TIMEOUT);
	}

	@Test
	void responderReturningNoResponseAnswersUnknown() {
		AmpSession client = client();
		assertThatExceptionOfType(AmpUnknownRemoteException.class)
			.isThrownBy(() -> client.call(new Nothing()).block(TIMEOUT));
	}

	@Test
	void unknownCommandAnswersUnhandledAndTheConnectionStaysOpen() {
		AmpSession client = client();
		assertThatExceptionOfType(AmpUnhandledCommandException.class)
			.isThrownBy(() -> client.callRaw("WTF", AmpBox.empty()).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getDescription()).isEqualTo("Unhandled Command: b'WTF'"));
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
	}

	@Test
	void interleavedCommandsEachReachTheirOwnResponder() {
		// The session remembers the last command's responder: a change of command, an
		// unknown one and one that shares its first letters must all be looked up anew.
		AmpSession client = client();
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThat(client.call(new Sum(3, 4)).block(TIMEOUT)).isEqualTo(new Sum.Result(7));
		assertThat(client.call(new Divide(1, 4)).block(TIMEOUT)).isEqualTo(new Divide.Result(0.25));
		assertThatExceptionOfType(AmpUnhandledCommandException.class)
			.isThrownBy(() -> client.callRaw("Su", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT));
		assertThatExceptionOfType(AmpUnhandledCommandException.class)
			.isThrownBy(() -> client.callRaw("SumX", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT));
		assertThat(client.call(new Sum(5, 6)).block(TIMEOUT)).isEqualTo(new Sum.Result(11));
		assertThat(client.call(new Divide(1, 2)).block(TIMEOUT)).isEqualTo(new Divide.Result(0.5));
	}

	@Test
	void rawCallReturnsTheWholeAnswerBox() {
		AmpSession client = client();
		assertThat(client.callRaw("Sum", AmpBox.of("a", "13", "b", "81")).block(TIMEOUT))
			.isEqualTo(AmpBox.of("_answer", "1", "total", "94"));
	}

	@Test
	void noAnswerCommandIsExecutedAndTakesATagNumber() {
		AmpSession client = client();
		client.call(new Ping(1)).block(TIMEOUT);
		client.call(new Ping(2)).block(TIMEOUT);
		assertThat(client.callRaw("Sum", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT).getText("_answer"))
			.isEqualTo("3");
		assertThat(this.pings).hasValue(2);
		assertThat(this.pingTotal).hasValue(3);
	}

	@Test
	void thousandConcurrentCallsAnsweredOutOfOrder() {
		AmpSession client = client();
		int calls = 1000;
		List<Slow.Result> results = Flux.range(0, calls)
			.flatMap((i) -> client.call(new Slow(i, ThreadLocalRandom.current().nextInt(0, 50))), calls)
			.collectList()
			.block(TIMEOUT);
		assertThat(results).extracting(Slow.Result::id).containsExactlyInAnyOrderElementsOf(
				Flux.range(0, calls).collectList().block());
		assertThat(results).extracting(Slow.Result::id)
			.as("answers arrive out of order")
			.isNotEqualTo(Flux.range(0, calls).collectList().block());
	}

	@Test
	void responsesKnownAtOnceAreAnsweredAsSubscribedOnesAre() {
		AmpResponders responders = AmpResponders.builder()
			.respond(Sum.class, (sum, session) -> Mono.just(new Sum.Result(sum.a() + sum.b())))
			.respond(Divide.class,
					(divide, session) -> (divide.denominator() == 0)
							? Mono.error(new ArithmeticException("division by zero"))
							: Mono.error(new UnsupportedOperationException("undeclared")))
			.respond(Ping.class, (ping, session) -> Mono.empty())
			.build();
		AmpSession client = client(server(responders), AmpResponders.none());
		assertThat(client.call(new Sum(13, 81)).block(TIMEOUT)).isEqualTo(new Sum.Result(94));
		assertThat(client.call(new Ping(1)).blockOptional(TIMEOUT)).isEmpty();
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> client.call(new Divide(1, 0)).block(TIMEOUT))
			.withMessage("division by zero");
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThatExceptionOfType(AmpUnknownRemoteException.class)
			.isThrownBy(() -> client.call(new Divide(1, 1)).block(TIMEOUT));
		await().atMost(TIMEOUT).until(client::isDisposed);
		assertThat(this.loopback.serverSessions().get(0).inboundCallsInFlight()).isZero();
	}

	@Test
	void commandsBeyondTheInboundLimitWaitUntilEarlierOnesAreAnswered() throws InterruptedException {
		Sinks.Empty<Void> gate = Sinks.empty();
		AmpResponders responders = AmpResponders.builder()
			.respond(Slow.class, (slow, session) -> gate.asMono().thenReturn(new Slow.Result(slow.id())))
			.build();
		DisposableServer server = this.loopback.server(responders,
				AmpSessionOptions.DEFAULTS.withMaxInboundCallsInFlight(3));
		AmpSession client = client(server, AmpResponders.none());
		List<Mono<Slow.Result>> calls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			calls.add(InFlight.started(client.call(new Slow(i, 0))));
		}
		await().atMost(TIMEOUT).until(() -> this.loopback.serverSessions().size() == 1
				&& this.loopback.serverSessions().get(0).inboundCallsInFlight() == 3);
		Thread.sleep(300);
		assertThat(this.loopback.serverSessions().get(0).inboundCallsInFlight()).isEqualTo(3);
		gate.tryEmitEmpty();
		for (int i = 0; i < 20; i++) {
			assertThat(calls.get(i).block(TIMEOUT)).isEqualTo(new Slow.Result(i));
		}
		// The first three were answered on this thread: each counts as answered a task later,
		// on the event loop, which may flush the other answers before running it.
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.loopback.serverSessions().get(0).inboundCallsInFlight()).isZero());
	}

	@Test
	void connectionLossFailsEveryCallInFlight() {
		AmpSession client = client();
		List<Mono<Slow.Result>> calls = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			calls.add(InFlight.started(client.call(new Slow(i, 60_000))));
		}
		await().atMost(TIMEOUT).until(() -> this.loopback.serverSessions().size() == 1
				&& this.loopback.serverSessions().get(0).inboundCallsInFlight() == 10);
		this.loopback.serverSessions().get(0).dispose();
		for (Mono<Slow.Result> call : calls) {
			assertThatExceptionOfType(AmpConnectionClosedException.class).isThrownBy(() -> call.block(TIMEOUT))
				.withMessageContaining("closed before the answer to Slow");
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void commandsBeforeAKeyLengthViolationAreAnsweredBeforeTheClose(boolean onAnotherThread) {
		DisposableServer server = server(AmpResponders.builder()
			.respond(Sum.class,
					(sum, session) -> onAnotherThread
							? Mono.fromCallable(() -> new Sum.Result(sum.a() + sum.b()))
								.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
							: Mono.delay(Duration.ofMillis(200)).map((ignored) -> new Sum.Result(sum.a() + sum.b())))
			.build());
		reactor.netty.Connection raw = reactor.netty.tcp.TcpClient.newConnection()
			.host("127.0.0.1")
			.port(server.port())
			.connectNow();
		this.loopback.closeAfter(raw);
		Mono<byte[]> received = raw.inbound().receive().aggregate().asByteArray().cache();
		received.subscribe();
		byte[] sum = AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "Sum", "a", "13", "b", "81"));
		raw.outbound().sendByteArray(Mono.just(concat(sum, new byte[] { 0x01, 0x00 }))).then().block(TIMEOUT);
		assertThat(HexFormat.of().formatHex(received.block(TIMEOUT)))
			.isEqualTo("00075f616e737765720001310005746f74616c000239340000");
	}

	@Test
	void droppedBoxesAreOneWarningPerConnection() {
		ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(AmpSession.class);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
		logs.start();
		logger.addAppender(logs);
		try {
			DisposableServer server = server(responders());
			reactor.netty.Connection raw = reactor.netty.tcp.TcpClient.newConnection()
				.host("127.0.0.1")
				.port(server.port())
				.connectNow();
			this.loopback.closeAfter(raw);
			Mono<byte[]> answer = raw.inbound().receive().asByteArray().next().cache();
			answer.subscribe();
			byte[] flood = new byte[2 * 10_000];
			byte[] sum = AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "Sum", "a", "1", "b", "2"));
			raw.outbound().sendByteArray(Mono.just(concat(flood, sum))).then().block(TIMEOUT);
			assertThat(answer.block(TIMEOUT)).isNotEmpty();
			assertThat(logs.list).filteredOn((event) -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
				.singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("with none of _answer")
					.endsWith("(more on this connection are logged at DEBUG level)"));
		}
		finally {
			logger.detachAppender(logs);
		}
	}

	@Test
	void callsInBothDirectionsAtOnceAndCallbacksToTheCaller() {
		DisposableServer server = server(responders());
		AmpSession client = client(server, responders());
		await().atMost(TIMEOUT).until(() -> this.loopback.serverSessions().size() == 1);
		AmpSession serverSide = this.loopback.serverSessions().get(0);
		List<Long> totals = Flux.range(0, 200)
			.flatMap((i) -> Flux.merge(client.call(new Sum(i, 1)), serverSide.call(new Sum(i, 2))))
			.map(Sum.Result::total)
			.collectList()
			.block(TIMEOUT);
		assertThat(totals).hasSize(400);
		assertThat(client.call(new Callback(21)).block(TIMEOUT)).isEqualTo(new Callback.Result(42));
		assertThat(serverSide.call(new Callback(5)).block(TIMEOUT)).isEqualTo(new Callback.Result(10));
	}

	@Test
	void timeoutFailsTheCallAndTheLateAnswerIsDropped() {
		AmpSession client = client();
		assertThatExceptionOfType(AmpCallTimeoutException.class)
			.isThrownBy(() -> client.call(new Slow(1, 500), Duration.ofMillis(50)).block(TIMEOUT))
			.withMessageContaining("no answer within PT0.05S");
		// Wait for the late answer to arrive, then check the connection still works.
		await().atMost(TIMEOUT).until(() -> this.loopback.serverSessions().get(0).inboundCallsInFlight() == 0);
		assertThat(client.call(new Slow(2, 0)).block(TIMEOUT)).isEqualTo(new Slow.Result(2));
	}

	@Test
	void sessionTimeoutFailsSlowCallsOnlyAndTheOthersAreAnswered() {
		DisposableServer server = server(responders());
		AmpConnection connection = this.loopback.connect(server);
		AmpSession client = AmpSession.start(connection, AmpResponders.none(),
				AmpSessionOptions.DEFAULTS.withCallTimeout(Duration.ofMillis(200)));
		// Slow calls among quick ones: the quick ones are answered behind a slow one.
		List<Mono<Slow.Result>> calls = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			Mono<Slow.Result> call = InFlight.started(client.call(new Slow(i, (i % 100 == 0) ? 1000 : 0)));
			calls.add(call);
		}
		for (int i = 0; i < 300; i++) {
			if (i % 100 == 0) {
				int index = i;
				assertThatExceptionOfType(AmpCallTimeoutException.class)
					.isThrownBy(() -> calls.get(index).block(TIMEOUT))
					.withMessageContaining("no answer within PT0.2S");
			}
			else {
				assertThat(calls.get(i).block(TIMEOUT)).isEqualTo(new Slow.Result(i));
			}
		}
		assertThat(client.outboundCallsInFlight()).isZero();
		// A call of its own timeout is timed apart from the session's.
		assertThat(client.call(new Slow(7, 300), Duration.ofSeconds(5)).block(TIMEOUT)).isEqualTo(new Slow.Result(7));
	}

	@Test
	void missingRequiredArgumentFailsBeforeSending() {
		AmpSession client = client();
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> client.call(new Renamed(null, Optional.empty(), null)).block(TIMEOUT))
			.withMessageContaining("Missing required argument 'dash-arg'");
	}

	@Test
	void tooLongArgumentFailsLocallyAndTheConnectionStaysUsable() {
		AmpSession client = client();
		assertThatExceptionOfType(AmpTooLongException.class)
			.isThrownBy(() -> client.callRaw("Sum", AmpBox.builder().put("a", new byte[70_000]).build()).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.isLocal()).isTrue());
		assertThat(client.call(new Sum(2, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(4));
	}

	@Test
	void wireNamesArePreserved() {
		Sinks.Many<AmpBox> seen = Sinks.many().replay().all();
		DisposableServer server = server(AmpResponders.builder().respondRaw("wire-name", (box, session) -> {
			seen.tryEmitNext(box);
			return Mono.just(AmpBox.empty());
		}).build());
		AmpSession client = client(server, AmpResponders.none());
		client.call(new Renamed("x", Optional.of(7), null)).block(TIMEOUT);
		assertThat(seen.asFlux().blockFirst(TIMEOUT))
			.isEqualTo(AmpBox.of("_ask", "1", "_command", "wire-name", "dash-arg", "x", "maybe", "7"));
	}

	@Test
	void listsAndAmpListsMatchTwistedsBytes() {
		Sinks.Many<AmpBox> seen = Sinks.many().replay().all();
		DisposableServer server = server(AmpResponders.builder().respondRaw("Lists", (box, session) -> {
			seen.tryEmitNext(box);
			return Mono.just(AmpBox.empty());
		}).build());
		AmpSession client = client(server, AmpResponders.none());
		client.call(new Lists(List.of(1L, 2L, 3L), List.of(new Lists.Row(7, "hello"), new Lists.Row(9, "goodbye"))))
			.block(TIMEOUT);
		String v18 = "00045f61736b00013100085f636f6d6d616e6400054c697374730004696e747300090001310001320001330004726f77730026000161000137000162000568656c6c6f00000001610001390001620007676f6f6462796500000000";
		assertThat(HexFormat.of().formatHex(AmpBoxCodec.encode(seen.asFlux().blockFirst(TIMEOUT)))).isEqualTo(v18);
	}

	@Test
	void drainAnswersCallsInFlightAndRefusesNewOnes() {
		AmpSession client = client();
		Mono<Slow.Result> inFlight = InFlight.started(client.call(new Slow(1, 300)));
		await().atMost(TIMEOUT).until(() -> !this.loopback.serverSessions().isEmpty()
				&& this.loopback.serverSessions().get(0).inboundCallsInFlight() == 1);
		Mono<Void> drained = this.loopback.serverSessions().get(0).drain().cache();
		drained.subscribe();
		assertThatExceptionOfType(AmpRemoteException.class).isThrownBy(() -> client.call(new Sum(1, 1)).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("SHUTTING_DOWN"));
		assertThat(inFlight.block(TIMEOUT)).isEqualTo(new Slow.Result(1));
		drained.block(TIMEOUT);
	}

	@Test
	void pythonBytesReprMatchesPython() {
		assertThat(AmpSession.pythonBytesRepr("WTF".getBytes())).isEqualTo("b'WTF'");
		assertThat(AmpSession.pythonBytesRepr(new byte[] { 'a', '\'', 'b' })).isEqualTo("b\"a'b\"");
		assertThat(AmpSession.pythonBytesRepr(new byte[] { '\'', '"', '\\', '\n', (byte) 0xff }))
			.isEqualTo("b'\\'\"\\\\\\n\\xff'");
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] out = new byte[length];
		int position = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, out, position, part.length);
			position += part.length;
		}
		return out;
	}

}
