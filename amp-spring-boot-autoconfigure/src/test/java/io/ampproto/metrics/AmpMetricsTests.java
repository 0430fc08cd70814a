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
package io.ampproto.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpLimitExceededException;
import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpCommand;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpMetrics} on a real server and real clients over loopback.
 */
class AmpMetricsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AmpMetrics metrics = new AmpMetrics(this.registry);

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	private final Sinks.One<Void> release = Sinks.one();

	private AmpSessionServer server;

	@AfterEach
	void close() {
		this.toClose.forEach(Disposable::dispose);
		if (this.server != null) {
			this.server.stop();
		}
	}

	record Add(long a, long b) implements AmpCommand<Add.Result> {

		record Result(long total) {
		}

	}

	record Hold() implements AmpCommand<Void> {
	}

	record Echo(String text) implements AmpCommand<Echo.Result> {

		record Result(String text) {
		}

	}

	AmpSessionServer startServer() {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Add.class, (add) -> new Add.Result(add.a() + add.b()))
			.respondSync(Echo.class, (echo) -> new Echo.Result(echo.text()))
			.respond(Hold.class, (hold, session) -> this.release.asMono())
			.build();
		AmpServer transport = AmpServer.create()
			.host("127.0.0.1")
			.port(0)
			.violationListener(this.metrics.violationListener(AmpMetrics.Side.SERVER));
		this.server = new AmpSessionServer(transport, responders,
				AmpSessionOptions.DEFAULTS.withObserver(this.metrics), Duration.ofSeconds(10));
		this.server.start();
		return this.server;
	}

	AmpSession client(AmpSessionServer server) {
		AmpConnection connection = AmpConnector.create()
			.host("127.0.0.1")
			.port(server.port())
			.violationListener(this.metrics.violationListener(AmpMetrics.Side.CLIENT))
			.connectNow();
		this.toClose.add(connection);
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withObserver(this.metrics);
		return AmpSession.start(connection, AmpResponders.none(), options);
	}

	/** A connection without a session, to write raw bytes. */
	AmpConnection rawClient(AmpSessionServer server) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
		this.toClose.add(connection);
		return connection;
	}

	double value(String name, String... tags) {
		Meter meter = this.registry.get(name).tags(tags).meter();
		double value = 0;
		for (Measurement measurement : meter.measure()) {
			value += measurement.getValue();
		}
		return value;
	}

	@Test
	void countsBoxesAndBytesOfKnownTrafficExactlyOnBothSides() {
		AmpSession client = client(startServer());
		assertThat(client.call(new Add(13, 81)).block(TIMEOUT)).isEqualTo(new Add.Result(94));
		assertThat(client.call(new Add(1000, 1)).block(TIMEOUT)).isEqualTo(new Add.Result(1001));
		assertThat(client.call(new Echo("h\u00e9")).block(TIMEOUT)).isEqualTo(new Echo.Result("h\u00e9"));
		long requestBytes = AmpBox.of("_ask", "1", "_command", "Add", "a", "13", "b", "81").encodedLength()
				+ AmpBox.of("_ask", "2", "_command", "Add", "a", "1000", "b", "1").encodedLength()
				+ AmpBox.of("_ask", "3", "_command", "Echo", "text", "h\u00e9").encodedLength();
		long answerBytes = AmpBox.of("_answer", "1", "total", "94").encodedLength()
				+ AmpBox.of("_answer", "2", "total", "1001").encodedLength()
				+ AmpBox.of("_answer", "3", "text", "h\u00e9").encodedLength();
		// Per box: the 2-byte terminator, then 4 length bytes + key + value per pair.
		// "hé" is 3 bytes of UTF-8.
		assertThat(requestBytes).isEqualTo((2 + 9 + 15 + 7 + 7) + (2 + 9 + 15 + 9 + 6) + (2 + 9 + 16 + 11));
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(value("amp.boxes.received", "side", "server")).isEqualTo(3);
			assertThat(value("amp.boxes.sent", "side", "server")).isEqualTo(3);
			assertThat(value("amp.boxes.sent", "side", "client")).isEqualTo(3);
			assertThat(value("amp.boxes.received", "side", "client")).isEqualTo(3);
		});
		assertThat(value("amp.data.received", "side", "server")).isEqualTo(requestBytes);
		assertThat(value("amp.data.sent", "side", "client")).isEqualTo(requestBytes);
		assertThat(value("amp.data.sent", "side", "server")).isEqualTo(answerBytes);
		assertThat(value("amp.data.received", "side", "client")).isEqualTo(answerBytes);
		assertThat(this.registry.get("amp.data.sent").tag("side", "server").functionCounter().getId().getBaseUnit())
			.isEqualTo("bytes");
	}

	@Test
	void countsConnectionsOpenedOpenAndClosedPerSide() {
		AmpSessionServer server = startServer();
		AmpSession first = client(server);
		AmpSession second = client(server);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(value("amp.connections.open", "side", "server")).isEqualTo(2);
			assertThat(value("amp.connections.opened", "side", "server")).isEqualTo(2);
		});
		assertThat(value("amp.connections.open", "side", "client")).isEqualTo(2);
		assertThat(value("amp.connections.opened", "side", "client")).isEqualTo(2);
		first.dispose();
		first.onClose().block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(value("amp.connections.open", "side", "server")).isEqualTo(1);
			assertThat(value("amp.connections.closed", "side", "server")).isEqualTo(1);
		});
		assertThat(value("amp.connections.open", "side", "client")).isEqualTo(1);
		assertThat(value("amp.connections.closed", "side", "client")).isEqualTo(1);
		assertThat(second.call(new Add(1, 1)).block(TIMEOUT)).isEqualTo(new Add.Result(2));
	}

	@Test
	void gaugesCallsInFlightInBothDirections() {
		AmpSession client = client(startServer());
		Mono<Void> held = client.call(new Hold()).cache();
		held.subscribe();
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(value("amp.calls.in.flight", "side", "server", "direction", "inbound")).isEqualTo(1);
			assertThat(value("amp.calls.in.flight", "side", "client", "direction", "outbound")).isEqualTo(1);
		});
		assertThat(value("amp.calls.in.flight", "side", "server", "direction", "outbound")).isZero();
		assertThat(value("amp.calls.in.flight", "side", "client", "direction", "inbound")).isZero();
		this.release.tryEmitEmpty();
		held.block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(value("amp.calls.in.flight", "side", "server", "direction", "inbound")).isZero();
			assertThat(value("amp.calls.in.flight", "side", "client", "direction", "outbound")).isZero();
		});
	}

	@Test
	void keyTooLongFromAPeerIsCountedAndClosesThatConnectionOnly() {
		AmpSessionServer server = startServer();
		AmpSession bystander = client(server);
		AmpConnection offender = rawClient(server);
		await().atMost(TIMEOUT).until(() -> server.openConnections() == 2);
		assertThat(value("amp.limit.violations", "side", "server", "part", "key", "direction", "received")).isZero();
		// A key length prefix of 256: one more than the wire format allows.
		offender.nettyConnection().channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] { 0x01, 0x00, 'k' }));
		offender.onClose().block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
				value("amp.limit.violations", "side", "server", "part", "key", "direction", "received"))
			.isEqualTo(1));
		assertThat(bystander.call(new Add(2, 3)).block(TIMEOUT)).isEqualTo(new Add.Result(5));
		assertThat(bystander.connection().isActive()).isTrue();
		await().atMost(TIMEOUT).until(() -> server.openConnections() == 1);
		assertThat(value("amp.limit.violations", "side", "server", "part", "key", "direction", "refused")).isZero();
		assertThat(value("amp.limit.violations", "side", "server", "part", "box", "direction", "received")).isZero();
		assertThat(value("amp.limit.violations", "side", "client", "part", "key", "direction", "received")).isZero();
	}

	@Test
	void valueTooLongToSendIsCountedAsRefusedAndNothingIsSent() {
		AmpSession client = client(startServer());
		assertThatExceptionOfType(AmpTooLongException.class)
			.isThrownBy(() -> client.call(new Echo("x".repeat(70_000))).block(TIMEOUT));
		assertThat(value("amp.limit.violations", "side", "client", "part", "value", "direction", "refused"))
			.isEqualTo(1);
		assertThat(value("amp.boxes.sent", "side", "client")).isZero();
		assertThat(client.call(new Echo("ok")).block(TIMEOUT)).isEqualTo(new Echo.Result("ok"));
		assertThat(value("amp.boxes.sent", "side", "client")).isEqualTo(1);
	}

	@Test
	void registersEveryViolationCombinationUpFrontSoThatAlertsSeeZero() {
		// Three lengths both ways, and the memory budget and box timeout received, for each side.
		assertThat(this.registry.find("amp.limit.violations").functionCounters()).hasSize(16)
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void countsBoxesRefusedByTheMemoryBudgetAndTheBoxTimeout() {
		AmpLimitViolationListener server = this.metrics.violationListener(AmpMetrics.Side.SERVER);
		server.onLimitExceeded(new AmpLimitExceededException(AmpLimitExceededException.Limit.MEMORY, "budget"));
		server.onLimitExceeded(new AmpLimitExceededException(AmpLimitExceededException.Limit.TIMEOUT, "late"));
		server.onLimitExceeded(new AmpLimitExceededException(AmpLimitExceededException.Limit.TIMEOUT, "late"));
		assertThat(this.registry.get("amp.limit.violations").tags("side", "server", "part", "memory", "direction",
				"received").functionCounter().count()).isEqualTo(1);
		assertThat(this.registry.get("amp.limit.violations").tags("side", "server", "part", "timeout", "direction",
				"received").functionCounter().count()).isEqualTo(2);
	}

}
