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
package io.ampproto.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLSession;

import io.ampproto.command.AmpCommand;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * StartTLS answered while answers made on other threads wait to be written: they go out
 * in the clear before the StartTLS answer, and the handshake starts (a stress test over
 * many rounds, with a slow responder answering off the event loop and two calling
 * threads).
 */
class AmpStartTlsQueuedAnswersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int ROUNDS = 40;

	private static final int CALLS_PER_THREAD = 20;

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	record Slow(int n) implements AmpCommand<Slow.Result> {
		record Result(int n) {
		}
	}

	static AmpResponders responders() {
		// Answered on a timer thread, a millisecond or two later: the answers queue for the event loop.
		return AmpResponders.builder()
			.respond(Slow.class, (slow, session) -> Mono
				.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(3)))
				.map((tick) -> new Slow.Result(slow.n())))
			.build();
	}

	@Test
	void startTlsAnsweredWhileAnswersFromOtherThreadsAreQueuedStartsTheHandshake() throws Exception {
		AmpTls serverTls = AmpTls.of(TlsTestMaterial.provider());
		DisposableServer server = this.loopback.server(responders(), AmpSessionOptions.DEFAULTS.withTls(serverTls));
		AmpSessionOptions clientOptions = AmpSessionOptions.DEFAULTS.withTls(AmpTls
			.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)))
			.peer("localhost", server.port())
			.handshakeTimeout(Duration.ofSeconds(20)));
		for (int round = 0; round < ROUNDS; round++) {
			AmpConnection connection = this.loopback.connect(server);
			AmpSession client = AmpSession.start(connection, responders(), clientOptions);
			List<Mono<Slow.Result>> calls = new CopyOnWriteArrayList<>();
			List<Mono<SSLSession>> tls = new CopyOnWriteArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			List<Thread> callers = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				int thread = t;
				Thread caller = new Thread(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					for (int i = 0; i < CALLS_PER_THREAD; i++) {
						calls.add(InFlight.started(client.call(new Slow(thread * CALLS_PER_THREAD + i))));
						if (thread == 0 && i == CALLS_PER_THREAD / 2) {
							tls.add(InFlight.started(client.startTls(Duration.ofSeconds(10))));
						}
					}
				});
				caller.start();
				callers.add(caller);
			}
			start.countDown();
			for (Thread caller : callers) {
				caller.join();
			}
			assertThat(tls.get(0).block(TIMEOUT)).as("round %d: the handshake ran", round).isNotNull();
			for (Mono<Slow.Result> call : calls) {
				assertThat(call.block(TIMEOUT)).isNotNull();
			}
			assertThat(calls).hasSize(2 * CALLS_PER_THREAD);
			connection.dispose();
		}
	}

}
