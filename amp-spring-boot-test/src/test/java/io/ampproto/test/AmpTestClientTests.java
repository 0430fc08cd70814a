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
package io.ampproto.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.server.AmpServerLimits;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.test.inprocess.AmpInProcessTransport;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AmpTestClient} outside Spring, on the in-process transport.
 */
class AmpTestClientTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final AmpInProcessTransport transport = AmpInProcessTransport.create();

	private final AtomicInteger requestersMade = new AtomicInteger();

	private AmpSessionServer server;

	private AmpTestClient client;

	@BeforeEach
	void start() {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respond(Hang.class, (hang, session) -> Mono.never())
			.build();
		this.server = new AmpSessionServer(List.of(this.transport.server(AmpServer.create())), responders,
				AmpSessionOptions.DEFAULTS, AmpServerLimits.DEFAULTS, TIMEOUT);
		this.server.start();
		this.client = AmpTestClient.bindTo(() -> {
			this.requestersMade.incrementAndGet();
			return AmpRequester.builder().host("in-process").port(1).connector(this.transport::connector).build();
		}, this.transport.address().toString()).withTimeout(TIMEOUT);
	}

	@AfterEach
	void stop() {
		this.client.reset();
		this.server.stop();
	}

	@RepeatedTest(20)
	void callsFromManyThreadsAtOnceShareOneConnection() throws Exception {
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				long n = i;
				calls.add(executor.submit(() -> {
					start.await();
					for (int j = 0; j < 10; j++) {
						this.client.call(new Sum(n, j)).expectAnswer().isEqualTo(new Sum.Result(n + j));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> call : calls) {
				call.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		// Requesters that lost the race to be the first were dropped before they connected.
		assertThat(this.requestersMade.get()).isBetween(1, threads);
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void resetOpensANewConnectionForTheNextCall() {
		this.client.call(new Sum(1, 1)).expectAnswer().isEqualTo(new Sum.Result(2));
		this.client.reset();
		this.client.call(new Sum(1, 1)).expectAnswer().isEqualTo(new Sum.Result(2));
		assertThat(this.server.connectionsAccepted()).isEqualTo(2);
		assertThat(this.requestersMade.get()).isEqualTo(2);
	}

	@Test
	void timeoutFailsEveryKindOfExpectationWithTheSameReason() {
		AmpTestClient impatient = this.client.withTimeout(Duration.ofMillis(200));
		String noAnswer = "no answer came within PT0.2S from " + this.transport.address()
				+ " (the responder never completed it; wait longer with AmpTestClient.withTimeout)";
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> impatient.call(new Hang()).expectError("X"))
			.withMessage("Expected Hang[] to be answered with error X, but " + noAnswer);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> impatient.call(new Hang()).expectFailure())
			.withMessage("Expected Hang[] to fail, but " + noAnswer);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> impatient.callRaw("Hang", java.util.Map.of()).expectAnswer())
			.withMessage("Expected an answer to Hang{}, but " + noAnswer);
		assertThat(impatient.timeout()).isEqualTo(Duration.ofMillis(200));
		assertThat(this.client.timeout()).isEqualTo(TIMEOUT);
	}

	@Test
	void timeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.withTimeout(Duration.ZERO))
			.withMessage("timeout must be positive, but was PT0S");
	}

	@Test
	void unreachableServerFailsWithWhatWasTried() {
		this.server.stop();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.call(new Sum(1, 2)).expectAnswer())
			.withMessageStartingWith("Expected an answer to Sum[a=1, b=2], but it failed without an answer from "
					+ this.transport.address() + ": io.ampproto.client.AmpConnectException: Cannot connect");
	}

	record Hang() implements AmpCommand<Void> {
	}

}
