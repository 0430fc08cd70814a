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

package io.ampproto.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.testsupport.TestCommands.Twice;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpRequester} against real loopback servers.
 */
class AmpRequesterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	/** Connections accepted by the servers of a test. */
	private final AtomicInteger accepted = new AtomicInteger();

	/** Connection attempts made by the requester of a test. */
	private final AtomicInteger attempts = new AtomicInteger();

	/** Sessions of the connections accepted by the servers of a test. */
	private final List<AmpSession> serverSessions = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.toClose.forEach(Disposable::dispose);
	}

	@Test
	void doesNotConnectBeforeTheFirstCall() {
		DisposableServer server = server(0);
		AmpRequester requester = requester(server.port());
		assertThat(requester.isConnected()).isFalse();
		assertThat(this.attempts).hasValue(0);
		assertThat(requester.call(new Sum(13, 81)).block(TIMEOUT)).isEqualTo(new Sum.Result(94));
		assertThat(requester.isConnected()).isTrue();
		assertThat(this.attempts).hasValue(1);
		assertThat(this.accepted).hasValue(1);
	}

	@Test
	void concurrentFirstCallsShareOneConnection() {
		DisposableServer server = server(0);
		AmpRequester requester = requester(server.port());
		List<Sum.Result> results = Flux.range(1, 100)
			.flatMap((i) -> requester.call(new Sum(i, i)), 100)
			.collectList()
			.block(TIMEOUT);
		assertThat(results).hasSize(100);
		assertThat(this.attempts).hasValue(1);
		assertThat(this.accepted).hasValue(1);
	}

	@Test
	void connectOpensTheConnectionOnceAndSessionReturnsIt() {
		DisposableServer server = server(0);
		AmpRequester requester = requester(server.port());
		requester.connect().block(TIMEOUT);
		requester.connect().block(TIMEOUT);
		assertThat(requester.isConnected()).isTrue();
		assertThat(requester.session().block(TIMEOUT)).isSameAs(requester.session().block(TIMEOUT));
		assertThat(requester.callRaw("Sum", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT).getText("total"))
			.isEqualTo("3");
		assertThat(this.accepted).hasValue(1);
	}

	@Test
	void reconnectsAfterTheServerClosesTheConnection() {
		DisposableServer server = server(0);
		AmpRequester requester = requester(server.port());
		AmpSession first = requester.session().block(TIMEOUT);
		assertThat(requester.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		this.serverSessions.get(0).dispose();
		first.onClose().block(TIMEOUT);
		assertThat(requester.isConnected()).isFalse();
		assertThat(requester.call(new Sum(3, 4)).block(TIMEOUT)).isEqualTo(new Sum.Result(7));
		assertThat(requester.session().block(TIMEOUT)).isNotSameAs(first);
		assertThat(this.accepted).hasValue(2);
	}

	@Test
	void callInFlightWhenTheConnectionDropsFailsWithConnectionClosed() {
		DisposableServer server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> connection.receive().take(1).then())
			.bindNow();
		this.toClose.add(server);
		AmpRequester requester = requester(server.port());
		assertThatExceptionOfType(AmpConnectionClosedException.class)
			.isThrownBy(() -> requester.call(new Sum(1, 2)).block(TIMEOUT));
	}

	@Test
	void callFailsWhenTheServerIsDownAndSucceedsWhenItIsBack() {
		int port = freePort();
		AmpRequester requester = track(
				requesterBuilder(port).reconnect(Duration.ofMillis(50), Duration.ofMillis(200)).build());
		assertThatExceptionOfType(AmpConnectException.class)
			.isThrownBy(() -> requester.call(new Sum(1, 2)).block(TIMEOUT))
			.withMessageContaining("127.0.0.1:" + port);
		assertThat(requester.isConnected()).isFalse();
		server(port);
		assertThat(requester.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThat(this.accepted).hasValue(1);
	}

	@Test
	void callsWhileTheServerIsDownShareBackedOffAttempts() {
		Duration minBackoff = Duration.ofMillis(500);
		AmpRequester requester = track(
				requesterBuilder(freePort()).reconnect(minBackoff, Duration.ofSeconds(1)).build());
		// Taken before the attempt: the backoff runs from its failure, a moment before the
		// call returns.
		long failedAt = System.nanoTime();
		assertThatExceptionOfType(AmpConnectException.class)
			.isThrownBy(() -> requester.call(new Sum(1, 2)).block(TIMEOUT));
		assertThat(this.attempts).hasValue(1);
		// Callers during the backoff wait for one shared attempt, made after it.
		List<Throwable> errors = Flux.range(0, 50)
			.flatMap((i) -> requester.call(new Sum(i, i)).then(Mono.<Throwable>empty()).onErrorResume(Mono::just))
			.collectList()
			.block(TIMEOUT);
		assertThat(errors).hasSize(50).allSatisfy((error) -> assertThat(error).isInstanceOf(AmpConnectException.class));
		assertThat(this.attempts).hasValue(2);
		assertThat(Duration.ofNanos(System.nanoTime() - failedAt)).isGreaterThanOrEqualTo(minBackoff);
	}

	@Test
	void serverThatAcceptsAndClosesAtOnceGetsAnExponentialBackoff() throws Exception {
		// Each connection is closed as soon as it is accepted: before, each one reset the
		// backoff, and the server got a new attempt every minimum backoff, forever.
		List<Long> acceptedAt = new CopyOnWriteArrayList<>();
		ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.toClose.add(() -> closeQuietly(server));
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try (Socket socket = server.accept()) {
					acceptedAt.add(System.nanoTime());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "accept-and-close");
		acceptor.setDaemon(true);
		acceptor.start();
		Duration minBackoff = Duration.ofMillis(20);
		AmpRequester requester = track(requesterBuilder(server.getLocalPort())
			.reconnect(minBackoff, Duration.ofMinutes(1))
			.build());
		long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		int calls = 0;
		while (System.nanoTime() < end) {
			calls++;
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> requester.call(new Sum(1, 2)).block(TIMEOUT));
		}
		// 20 ms doubling: at most 8 attempts fit in 3 s (20 + 40 + ... + 1280 ms, then 2.56 s)
		// where a fixed 20 ms pace makes over a hundred.
		assertThat(acceptedAt).hasSizeBetween(3, 12);
		assertThat(this.attempts.get()).isEqualTo(acceptedAt.size()).isLessThanOrEqualTo(calls);
		for (int i = 1; i < acceptedAt.size(); i++) {
			Duration interval = Duration.ofNanos(acceptedAt.get(i) - acceptedAt.get(i - 1));
			assertThat(interval).as("interval before connection %d", i + 1)
				.isGreaterThanOrEqualTo(ReconnectBackoff.backoff(i, minBackoff, Duration.ofMinutes(1)));
		}
	}

	@Test
	void aConnectionThatAnsweredACallResetsTheBackoff() {
		DisposableServer server = server(0);
		Duration minBackoff = Duration.ofMillis(100);
		AmpRequester requester = track(requesterBuilder(server.port()).reconnect(minBackoff, Duration.ofMinutes(1))
			.stableAfter(Duration.ofHours(1))
			.build());
		for (int round = 0; round < 8; round++) {
			assertThat(requester.call(new Sum(round, 1)).block(TIMEOUT)).isEqualTo(new Sum.Result(round + 1));
			AmpSession session = requester.session().block(TIMEOUT);
			this.serverSessions.get(round).dispose();
			session.onClose().onErrorResume((error) -> Mono.empty()).block(TIMEOUT);
		}
		long start = System.nanoTime();
		assertThat(requester.call(new Sum(1, 1)).block(TIMEOUT)).isEqualTo(new Sum.Result(2));
		// Had the closes counted as failures, this wait would be 100 ms * 2^8 = 25.6 s.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(this.accepted).hasValue(9);
	}

	@Test
	void backoffDoublesUpToTheMaximum() {
		Duration min = Duration.ofMillis(100);
		Duration max = Duration.ofSeconds(1);
		assertThat(ReconnectBackoff.backoff(1, min, max)).isEqualTo(Duration.ofMillis(100));
		assertThat(ReconnectBackoff.backoff(2, min, max)).isEqualTo(Duration.ofMillis(200));
		assertThat(ReconnectBackoff.backoff(4, min, max)).isEqualTo(Duration.ofMillis(800));
		assertThat(ReconnectBackoff.backoff(5, min, max)).isEqualTo(max);
		assertThat(ReconnectBackoff.backoff(Integer.MAX_VALUE, min, max)).isEqualTo(max);
	}

	@Test
	void serverCallsTheClientBackThroughItsResponders() {
		DisposableServer server = server(0);
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.build();
		AmpRequester requester = track(requesterBuilder(server.port()).responders(responders).build());
		assertThat(requester.call(new Twice(21)).block(TIMEOUT)).isEqualTo(new Twice.Result(42));
	}

	@Test
	void disposeClosesTheConnectionAndLaterCallsFail() {
		DisposableServer server = server(0);
		AmpRequester requester = track(requesterBuilder(server.port()).name("orders").build());
		requester.connect().block(TIMEOUT);
		// The server may see the connection after the client does.
		await().atMost(TIMEOUT).until(() -> this.serverSessions.size() == 1);
		requester.dispose();
		assertThat(requester.isDisposed()).isTrue();
		assertThat(requester.isConnected()).isFalse();
		this.serverSessions.get(0).onClose().block(TIMEOUT);
		assertThatIllegalStateException().isThrownBy(() -> requester.call(new Sum(1, 2)).block(TIMEOUT))
			.withMessageContaining("orders")
			.withMessageContaining("disposed");
		assertThat(requester.toString()).contains("orders", "disposed=true");
	}

	@Test
	void disposeFailsCallsWaitingForAConnection() {
		AmpRequester requester = track(
				requesterBuilder(freePort()).reconnect(Duration.ofSeconds(10), Duration.ofSeconds(10)).build());
		assertThatExceptionOfType(AmpConnectException.class)
			.isThrownBy(() -> requester.call(new Sum(1, 2)).block(TIMEOUT));
		// The next attempt waits out a long backoff: dispose must not leave the call hanging.
		Mono<Sum.Result> waiting = requester.call(new Sum(1, 2)).cache();
		waiting.subscribe(null, (ex) -> {
		});
		requester.dispose();
		assertThatIllegalStateException().isThrownBy(() -> waiting.block(TIMEOUT)).withMessageContaining("disposed");
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void builderRequiresAPort() {
		assertThatIllegalStateException().isThrownBy(() -> AmpRequester.builder().build());
	}

	private AmpRequester.Builder requesterBuilder(int port) {
		AmpRequester.Builder builder = AmpRequester.builder()
			.host("127.0.0.1")
			.port(port)
			.connector((connector) -> connector.tcpClient((tcp) -> tcp.doOnConnect((config) -> this.attempts.incrementAndGet())))
			.options(AmpSessionOptions.DEFAULTS.withCallTimeout(TIMEOUT));
		return builder;
	}

	private AmpRequester requester(int port) {
		return track(requesterBuilder(port).build());
	}

	private AmpRequester track(AmpRequester requester) {
		this.toClose.add(requester);
		return requester;
	}

	private DisposableServer server(int port) {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respond(Twice.class,
					(command, session) -> session.call(new Sum(command.n(), command.n()))
						.map((sum) -> new Twice.Result(sum.total())))
			.build();
		DisposableServer server = AmpServer.create().host("127.0.0.1").port(port).handle((connection) -> {
			this.accepted.incrementAndGet();
			AmpSession session = AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS);
			this.serverSessions.add(session);
			return session.onClose();
		}).bindNow();
		this.toClose.add(server);
		return server;
	}

	private static void closeQuietly(ServerSocket server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			// Closed anyway.
		}
	}

	/** A port on which nothing listens, until a test binds it. */
	private static int freePort() {
		DisposableServer server = AmpServer.create().host("127.0.0.1").port(0).bindNow();
		int port = server.port();
		server.disposeNow();
		return port;
	}

}
