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

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.sample.SampleCommands.Callback;
import io.ampproto.sample.SampleCommands.Concat;
import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Echo;
import io.ampproto.sample.SampleCommands.Explode;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.PingCount;
import io.ampproto.sample.SampleCommands.RoundTrip;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Calls every sample command, with the edge values of amp-protocol.md §7.2, through our
 * client. Run against our sample app and against a real Twisted server implementing the
 * same commands: both must answer alike.
 */
abstract class AbstractSampleCommandsTests {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final List<AmpSession> sessions = new CopyOnWriteArrayList<>();

	final List<Sum> sumsCalledBack = new CopyOnWriteArrayList<>();

	abstract int port();

	@AfterEach
	void closeSessions() {
		this.sessions.forEach(AmpSession::dispose);
	}

	AmpSession connect() {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port()).connectNow();
		AmpResponders responders = AmpResponders.builder().respondSync(Sum.class, (sum) -> {
			this.sumsCalledBack.add(sum);
			return new Sum.Result(sum.a().add(sum.b()));
		}).build();
		AmpSession session = AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS);
		this.sessions.add(session);
		return session;
	}

	static <R> R call(AmpSession session, io.ampproto.command.AmpCommand<R> command) {
		return session.call(command).block(TIMEOUT);
	}

	@Test
	void sum() {
		AmpSession session = connect();
		BigInteger big = BigInteger.TWO.pow(64);
		BigInteger digits116 = new BigInteger("1".repeat(116));
		assertThat(call(session, new Sum(BigInteger.valueOf(13), BigInteger.valueOf(81))).total()).isEqualTo(94);
		assertThat(call(session, new Sum(big, big.negate())).total()).isEqualTo(0);
		assertThat(call(session, new Sum(big.negate(), big.negate())).total()).isEqualTo(big.multiply(BigInteger.TWO).negate());
		assertThat(call(session, new Sum(digits116, digits116)).total()).isEqualTo(digits116.multiply(BigInteger.TWO));
	}

	@Test
	void divide() {
		AmpSession session = connect();
		assertThat(call(session, new Divide(BigInteger.ONE, BigInteger.valueOf(4))).result()).isEqualTo(0.25);
		assertThat(call(session, new Divide(BigInteger.TEN, BigInteger.valueOf(3))).result())
			.isEqualTo(3.3333333333333335);
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> call(session, new Divide(BigInteger.ONE, BigInteger.ZERO)))
			.withMessage("division by zero");
		assertThat(call(session, new Sum(BigInteger.ONE, BigInteger.ONE)).total()).isEqualTo(2);
	}

	@Test
	void echo() {
		AmpSession session = connect();
		for (String text : List.of("hello", "", "h\u00e9llo \u2603 \uD83D\uDE00", "a".repeat(65535), "\u2603".repeat(21845))) {
			assertThat(call(session, new Echo(text)).text()).isEqualTo(text);
		}
		assertThatExceptionOfType(AmpTooLongException.class)
			.isThrownBy(() -> call(session, new Echo("a".repeat(65536))))
			.satisfies((ex) -> {
				assertThat(ex.isLocal()).isTrue();
				assertThat(ex.getKeyName()).isEqualTo("text");
			});
		assertThat(call(session, new Echo("still usable")).text()).isEqualTo("still usable");
	}

	@Test
	void concat() {
		AmpSession session = connect();
		assertThat(call(session, new Concat(List.of())).joined()).isEmpty();
		assertThat(call(session, new Concat(List.of("a", "\u00e9", ""))).joined()).isEqualTo("a\u00e9");
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			many.add(String.valueOf(i % 10));
		}
		assertThat(call(session, new Concat(many)).joined()).isEqualTo(String.join("", many));
	}

	@Test
	void pingThenPingCount() {
		AmpSession session = connect();
		for (int n = 1; n <= 3; n++) {
			session.call(new Ping(BigInteger.valueOf(n))).block(TIMEOUT);
		}
		PingCount.Result count = call(session, new PingCount());
		assertThat(count.count()).isEqualTo(3);
		assertThat(count.total()).isEqualTo(6);
	}

	@Test
	void callbackCallsTheCallersSum() {
		AmpSession session = connect();
		assertThat(call(session, new Callback(BigInteger.valueOf(21))).result()).isEqualTo(42);
		assertThat(this.sumsCalledBack).containsExactly(new Sum(BigInteger.valueOf(21), BigInteger.valueOf(21)));
	}

	@Test
	void roundTripOfEveryTypeWithEdgeValues() {
		AmpSession session = connect();
		RoundTrip base = new RoundTrip(BigInteger.TWO.pow(64).negate(), 0.1, true, new byte[] { 0, (byte) 0xff },
				"h\u00e9llo \u2603 \uD83D\uDE00", AmpDecimal.parse("1.10"),
				OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54_321_000, ZoneOffset.UTC), List.of(),
				List.of(), null);
		List<RoundTrip> cases = new ArrayList<>();
		cases.add(base);
		for (double real : new double[] { 1e16, 1e-05, 5e-324, 1e23, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
				Double.NEGATIVE_INFINITY, 1.0 / 3, 123456789012345678.0, 100.0, 1e15 }) {
			cases.add(with(base, real, null, null, null, null));
		}
		for (String dec : List.of("NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1E+2", "1E-7", "-0", "0E+6")) {
			cases.add(with(base, base.real(), AmpDecimal.parse(dec), null, null, null));
		}
		for (OffsetDateTime when : List.of(OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 0, ZoneOffset.ofHoursMinutes(5, 30)),
				OffsetDateTime.of(9876, 1, 23, 12, 34, 56, 54_321_000, ZoneOffset.ofHoursMinutes(-1, -23)),
				OffsetDateTime.of(5, 1, 2, 3, 4, 5, 6_000, ZoneOffset.UTC))) {
			cases.add(with(base, base.real(), null, when, null, null));
		}
		cases.add(with(base, base.real(), null, null,
				List.of(BigInteger.ONE, BigInteger.valueOf(20), BigInteger.valueOf(500), new BigInteger("9".repeat(116))),
				List.of(new RoundTrip.Row("k\u00e9", BigInteger.valueOf(7)), new RoundTrip.Row("", BigInteger.valueOf(-9)))));
		cases.add(new RoundTrip(BigInteger.ZERO, 1.5, false, new byte[0], "", AmpDecimal.parse("0"), base.when(),
				List.of(), List.of(), BigInteger.valueOf(7)));
		for (RoundTrip sent : cases) {
			RoundTrip received = call(session, sent);
			assertThat(received).usingRecursiveComparison()
				.withComparatorForType(Double::compare, Double.class)
				.isEqualTo(sent);
			assertThat(received.raw()).isEqualTo(sent.raw());
			assertThat(received.dec().toString()).isEqualTo(sent.dec().toString());
			assertThat(received.when()).isEqualTo(sent.when());
		}
	}

	private static RoundTrip with(RoundTrip base, double real, AmpDecimal dec, OffsetDateTime when,
			List<BigInteger> ints, List<RoundTrip.Row> rows) {
		return new RoundTrip(base.i(), real, base.flag(), base.raw(), base.text(), (dec != null) ? dec : base.dec(),
				(when != null) ? when : base.when(), (ints != null) ? ints : base.ints(),
				(rows != null) ? rows : base.rows(), base.maybe());
	}

	@Test
	void explodeAnswersUnknownAndTheServerCloses() {
		AmpSession session = connect();
		assertThatExceptionOfType(AmpUnknownRemoteException.class).isThrownBy(() -> call(session, new Explode()))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("UNKNOWN");
				assertThat(ex.getDescription()).isEqualTo("Unknown Error");
			});
		session.onClose().block(Duration.ofSeconds(5));
	}

	@Test
	void unknownCommandIsUnhandledAndTheConnectionStaysOpen() {
		AmpSession session = connect();
		assertThatExceptionOfType(AmpUnhandledCommandException.class)
			.isThrownBy(() -> session.callRaw("NoSuchCommand", AmpBox.empty()).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getDescription()).isEqualTo("Unhandled Command: b'NoSuchCommand'"));
		assertThat(call(session, new Sum(BigInteger.ONE, BigInteger.TWO)).total()).isEqualTo(3);
	}

	@Test
	void thousandPipelinedCalls() {
		AmpSession session = connect();
		List<BigInteger> totals = Flux.range(0, 1000)
			.flatMapSequential((i) -> session.call(new Sum(BigInteger.valueOf(i), BigInteger.valueOf(i))), 1000)
			.map(Sum.Result::total)
			.collectList()
			.block(TIMEOUT);
		assertThat(totals).hasSize(1000);
		for (int i = 0; i < 1000; i++) {
			assertThat(totals.get(i)).isEqualTo(2 * i);
		}
	}

	@Test
	void keyLengthViolationGetsEarlierBoxesAnsweredThenTheConnectionClosed() {
		Connection raw = TcpClient.newConnection().host("127.0.0.1").port(port()).connectNow();
		try {
			Mono<byte[]> received = raw.inbound().receive().aggregate().asByteArray().cache();
			received.subscribe();
			byte[] sum = AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "Sum", "a", "13", "b", "81"));
			byte[] stream = new byte[sum.length + 2];
			System.arraycopy(sum, 0, stream, 0, sum.length);
			stream[sum.length] = 0x01;
			raw.outbound().sendByteArray(Mono.just(stream)).then().block(TIMEOUT);
			assertThat(HexFormat.of().formatHex(received.block(TIMEOUT)))
				.isEqualTo("00075f616e737765720001310005746f74616c000239340000");
		}
		finally {
			raw.dispose();
		}
	}

	static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
