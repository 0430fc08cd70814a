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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.ampproto.box.AmpBox;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.transport.AmpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the backpressure of {@link AmpSession}.
 */
class AmpBackpressureTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	@Test
	void clientThatPipelinesFarMoreCallsThanItsSocketHoldsGetsEveryAnswer() throws InterruptedException {
		AmpResponders responders = AmpResponders.builder()
			.respondRaw("Echo", (box, session) -> Mono.just(box.toBuilder().remove("_command").remove("_ask").build()))
			.build();
		DisposableServer server = this.loopback.server(responders, AmpSessionOptions.DEFAULTS);
		AmpConnection connection = this.loopback.connect(server);
		AmpSession client = AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
		int calls = 20_000;
		String text = "x".repeat(1000);
		LongAdder echoed = new LongAdder();
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		CountDownLatch answered = new CountDownLatch(calls);
		// All at once, one subscription each: 20 MB each way, more than both sockets hold.
		for (int i = 0; i < calls; i++) {
			client.callRaw("Echo", AmpBox.of("text", text))
				.doFinally((signal) -> answered.countDown())
				.subscribe((answer) -> echoed.add(answer.valueLength("text")), errors::add);
		}
		assertThat(answered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("every call answered").isTrue();
		assertThat(errors).isEmpty();
		assertThat(echoed.sum()).isEqualTo((long) calls * text.length());
	}

	@Test
	void answersToTheServersOwnCallsAreReadBeyondTheInFlightLimit() throws InterruptedException {
		// Each Callback waits for the client's answer to a Sum the server sends it: with
		// every credit taken by Callbacks, those answers must still be read.
		AmpResponders responders = AmpResponders.builder()
			.respondRaw("Callback", (box, session) -> session.callRaw("Sum", AmpBox.of("a", box.getText("n")))
				.map((answer) -> AmpBox.of("total", answer.getText("total"))))
			.build();
		DisposableServer server = this.loopback.server(responders, AmpSessionOptions.DEFAULTS);
		AmpConnection connection = this.loopback.connect(server);
		AmpResponders sums = AmpResponders.builder()
			.respondRaw("Sum", (box, session) -> Mono.just(AmpBox.of("total", box.getText("a"))))
			.build();
		AmpSession client = AmpSession.start(connection, sums, AmpSessionOptions.DEFAULTS);
		int calls = 4 * AmpSessionOptions.DEFAULT_MAX_INBOUND_CALLS_IN_FLIGHT;
		List<String> totals = new CopyOnWriteArrayList<>();
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		CountDownLatch answered = new CountDownLatch(calls);
		for (int i = 0; i < calls; i++) {
			client.callRaw("Callback", AmpBox.of("n", String.valueOf(i)))
				.doFinally((signal) -> answered.countDown())
				.subscribe((answer) -> totals.add(answer.getText("total")), errors::add);
		}
		assertThat(answered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("every Callback answered").isTrue();
		assertThat(errors).isEmpty();
		assertThat(totals).hasSize(calls).doesNotHaveDuplicates();
	}

}
