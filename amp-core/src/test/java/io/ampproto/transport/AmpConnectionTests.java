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
package io.ampproto.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpTooLongException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpConnection}, {@link AmpServer} and {@link AmpConnector} over real
 * loopback TCP.
 */
class AmpConnectionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<reactor.core.Disposable> toClose = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.toClose.forEach(reactor.core.Disposable::dispose);
	}

	@Test
	void serverPortZeroReportsTheRealPort() {
		DisposableServer server = bind(AmpServer.create().host("127.0.0.1").port(0));
		assertThat(server.port()).isPositive();
		AmpConnection connection = connect(server);
		assertThat(connection.remoteAddress()).isInstanceOfSatisfying(InetSocketAddress.class,
				(address) -> assertThat(address.getPort()).isEqualTo(server.port()));
		assertThat(connection.localAddress()).isInstanceOf(InetSocketAddress.class);
	}

	@Test
	void tenThousandBoxesEachWay() {
		// The server echoes every box back; the client sends 10,000 and reads 10,000.
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> connection.receive().doOnNext(connection::write).then()));
		AmpConnection client = connect(server);
		int count = 10_000;
		Mono<List<AmpBox>> received = client.receive().take(count).collectList().cache();
		received.subscribe();
		Flux.range(0, count)
			.map((i) -> AmpBox.of("_command", "Sum", "_ask", Integer.toHexString(i + 1), "a", "" + i, "b", "" + (i * 2)))
			.subscribe(client::write);
		List<AmpBox> boxes = received.block(TIMEOUT);
		assertThat(boxes).hasSize(count);
		for (int i = 0; i < count; i++) {
			assertThat(boxes.get(i).getText("_ask")).isEqualTo(Integer.toHexString(i + 1));
			assertThat(boxes.get(i).getText("b")).isEqualTo("" + (i * 2));
		}
	}

	@Test
	void sendOfAPublisherDeliversInOrder() {
		Sinks.Many<AmpBox> serverReceived = Sinks.many().replay().all();
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> connection.receive().doOnNext(serverReceived::tryEmitNext).then()));
		AmpConnection client = connect(server);
		client.send(Flux.range(0, 500).map((i) -> AmpBox.of("n", "" + i))).block(TIMEOUT);
		List<AmpBox> boxes = serverReceived.asFlux().take(500).collectList().block(TIMEOUT);
		assertThat(boxes).extracting((box) -> box.getText("n"))
			.containsExactlyElementsOf(Flux.range(0, 500).map(String::valueOf).collectList().block());
	}

	@Test
	void keyLengthViolationFromThePeerClosesAfterDeliveringEarlierBoxes() {
		List<AmpBox> received = new CopyOnWriteArrayList<>();
		AtomicReference<Throwable> error = new AtomicReference<>();
		List<AmpTooLongException> violations = new CopyOnWriteArrayList<>();
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.violationListener(violations::add)
			.handle((connection) -> connection.receive()
				.doOnNext(received::add)
				.doOnError(error::set)
				.onErrorResume((ex) -> Mono.empty())
				.then()));
		Connection raw = rawConnect(server);
		byte[] sum = AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "Sum", "a", "13", "b", "81"));
		byte[] bad = HexFormat.of().parseHex("0100");
		raw.outbound().sendByteArray(Mono.just(concat(sum, bad))).then().block(TIMEOUT);
		raw.onDispose().block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(error.get()).isNotNull());
		assertThat(received).containsExactly(AmpBox.of("_ask", "1", "_command", "Sum", "a", "13", "b", "81"));
		assertThat(error.get()).isInstanceOfSatisfying(AmpTooLongException.class, (ex) -> {
			assertThat(ex.isKey()).isTrue();
			assertThat(ex.isLocal()).isFalse();
		});
		assertThat(violations).hasSize(1);
	}

	@Test
	void otherConnectionsSurviveAViolationOnOne() {
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> connection.receive().doOnNext(connection::write).then()));
		AmpConnection good = connect(server);
		Mono<AmpBox> echoed = good.receive().next().cache();
		echoed.subscribe();
		Connection bad = rawConnect(server);
		bad.outbound().sendByteArray(Mono.just(new byte[] { 'G', 'E', 'T', ' ' })).then().block(TIMEOUT);
		bad.onDispose().block(TIMEOUT);
		good.send(AmpBox.of("still", "here")).block(TIMEOUT);
		assertThat(echoed.block(TIMEOUT)).isEqualTo(AmpBox.of("still", "here"));
	}

	@Test
	void sendingOverTheLimitFailsThatSendAndTheConnectionStaysUsable() {
		Sinks.Many<AmpBox> serverReceived = Sinks.many().replay().all();
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> connection.receive().doOnNext(serverReceived::tryEmitNext).then()));
		AmpConnection client = connect(server);
		AmpBox tooLong = AmpBox.builder().put("hello", new byte[65536]).build();
		assertThatExceptionOfType(AmpTooLongException.class).isThrownBy(() -> client.send(tooLong).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getKeyName()).isEqualTo("hello"));
		assertThatExceptionOfType(AmpTooLongException.class).isThrownBy(() -> client.write(tooLong));
		AmpBox maximal = AmpBox.builder().put("hello", new byte[65535]).build();
		client.send(maximal).block(TIMEOUT);
		client.write(AmpBox.of("after", "limit"));
		assertThat(serverReceived.asFlux().take(2).collectList().block(TIMEOUT)).containsExactly(maximal,
				AmpBox.of("after", "limit"));
	}

	@Test
	void endlessBoxIsCutOffWithAClearError() {
		AtomicReference<Throwable> error = new AtomicReference<>();
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> connection.receive().doOnError(error::set).onErrorResume((ex) -> Mono.empty()).then()));
		Connection raw = rawConnect(server);
		byte[] pair = AmpBoxCodec.encode(AmpBox.builder().put("k", new byte[60_000]).build());
		byte[] withoutTerminator = java.util.Arrays.copyOf(pair, pair.length - 2);
		AtomicLong sent = new AtomicLong();
		// Up to 200 MB: the server must give up long before.
		raw.outbound()
			.sendByteArray(Flux.range(0, 3500).map((i) -> withoutTerminator).doOnNext((b) -> sent.addAndGet(b.length)))
			.then()
			.onErrorResume((ex) -> Mono.empty())
			.subscribe();
		raw.onDispose().block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(error.get()).isNotNull());
		assertThat(error.get()).isInstanceOfSatisfying(AmpTooLongException.class,
				(ex) -> assertThat(ex.getPart()).isEqualTo(AmpTooLongException.Part.BOX));
		assertThat(sent.get()).isLessThan(3500L * withoutTerminator.length);
	}

	@Test
	void slowSubscriberStopsSocketReads() {
		AtomicLong bytesRead = new AtomicLong();
		AtomicInteger boxesDelivered = new AtomicInteger();
		AtomicReference<Subscription> subscription = new AtomicReference<>();
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.tcpServer((tcp) -> tcp.doOnConnection((connection) -> connection.addHandlerFirst("count-bytes",
					new ChannelInboundHandlerAdapter() {
						@Override
						public void channelRead(ChannelHandlerContext ctx, Object msg) {
							bytesRead.addAndGet(((ByteBuf) msg).readableBytes());
							ctx.fireChannelRead(msg);
						}
					})))
			.handle((connection) -> {
				Sinks.Empty<Void> done = Sinks.empty();
				connection.receive().subscribe(new BaseSubscriber<>() {
					@Override
					protected void hookOnSubscribe(Subscription s) {
						subscription.set(s);
						s.request(1);
					}

					@Override
					protected void hookOnNext(AmpBox value) {
						boxesDelivered.incrementAndGet();
					}

					@Override
					protected void hookOnComplete() {
						done.tryEmitEmpty();
					}
				});
				return done.asMono();
			}));
		AmpConnection client = connect(server);
		AmpBox box = AmpBox.builder().put("payload", new byte[65_000]).build();
		int boxes = 1_540; // about 100 MB
		AtomicInteger produced = new AtomicInteger();
		Mono<Void> sending = client.send(Flux.range(0, boxes).map((i) -> box).doOnNext((b) -> produced.incrementAndGet()))
			.cache();
		sending.subscribe();
		// Wait until the sender is stuck: nothing more goes out while the subscriber waits.
		await().atMost(TIMEOUT).until(() -> {
			int before = produced.get();
			Thread.sleep(500);
			return produced.get() == before && before > 0;
		});
		long boxBytes = box.encodedLength();
		assertThat(boxesDelivered.get()).isEqualTo(1);
		assertThat(produced.get()).isLessThan(boxes);
		// Bounded: what the server read but did not deliver is a few read buffers, never the 100 MB.
		assertThat(bytesRead.get() - boxesDelivered.get() * boxBytes).isLessThan(8L * 1024 * 1024);
		subscription.get().request(Long.MAX_VALUE);
		sending.block(TIMEOUT.multipliedBy(4));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(boxesDelivered.get()).isEqualTo(boxes));
		assertThat(bytesRead.get()).isEqualTo(boxes * boxBytes);
	}

	@Test
	void closeIsSeenByBothSides() {
		AtomicReference<AmpConnection> serverSide = new AtomicReference<>();
		DisposableServer server = bind(AmpServer.create().host("127.0.0.1").handle((connection) -> {
			serverSide.set(connection);
			return connection.receive().then();
		}));
		AmpConnection client = connect(server);
		await().atMost(TIMEOUT).until(() -> serverSide.get() != null);
		client.dispose();
		client.onClose().block(TIMEOUT);
		serverSide.get().onClose().block(TIMEOUT);
		assertThat(serverSide.get().isActive()).isFalse();
		assertThatExceptionOfType(io.ampproto.box.AmpConnectionClosedException.class)
			.isThrownBy(() -> client.write(AmpBox.of("late", "box")));
	}

	/**
	 * A thread of a blocking pool holds the event-loop wake-up of the boxes it hands over
	 * while it has more to do. A box written on the event loop meanwhile goes out at
	 * once, after them, instead of waiting behind the held wake-up; the held drain then
	 * finds nothing left, and nothing goes out twice.
	 */
	@Test
	void aBoxWrittenOnTheEventLoopGoesOutAfterBoxesWhoseWakeUpIsHeld() throws InterruptedException {
		Sinks.Many<AmpBox> serverReceived = Sinks.many().replay().all();
		DisposableServer server = bind(AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> connection.receive().doOnNext(serverReceived::tryEmitNext).then()));
		AmpConnection client = connect(server);
		EventLoopWakeups wakeups = new EventLoopWakeups(() -> {
		});
		Thread holder = new Thread(() -> {
			wakeups.holdOnCurrentThread();
			client.write(AmpBox.of("n", "1"));
		});
		holder.start();
		holder.join();
		assertThat(wakeups.holds()).isTrue();
		client.eventLoop().execute(() -> client.write(AmpBox.of("n", "2")));
		assertThat(serverReceived.asFlux().take(2).collectList().block(Duration.ofSeconds(5)))
			.extracting((box) -> box.getText("n"))
			.containsExactly("1", "2");
		wakeups.release();
		client.write(AmpBox.of("n", "3"));
		assertThat(serverReceived.asFlux().take(3).collectList().block(TIMEOUT))
			.extracting((box) -> box.getText("n"))
			.containsExactly("1", "2", "3");
		client.eventLoop().submit(() -> null).syncUninterruptibly();
		assertThat(serverReceived.asFlux().take(Duration.ofMillis(200)).collectList().block(TIMEOUT)).hasSize(3);
	}

	private DisposableServer bind(AmpServer server) {
		DisposableServer bound = server.bindNow();
		this.toClose.add(bound);
		return bound;
	}

	private AmpConnection connect(DisposableServer server) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
		this.toClose.add(connection);
		return connection;
	}

	private Connection rawConnect(DisposableServer server) {
		Connection connection = TcpClient.newConnection().host("127.0.0.1").port(server.port()).connectNow();
		this.toClose.add(connection);
		return connection;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
