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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Ping;
import io.ampproto.testsupport.TestCommands.Slow;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.util.context.ContextView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a call cancelled before the session registered it is never sent and leaves
 * nothing behind, whichever thread cancels and when.
 */
class AmpSessionCancelTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	/** Sum commands the server received. */
	private final LongAdder sums = new LongAdder();

	/** Ping commands (sent without _ask) the server received. */
	private final LongAdder pings = new LongAdder();

	/** Slow commands the server received; it never answers them. */
	private final LongAdder slows = new LongAdder();

	private final Outcomes outcomes = new Outcomes();

	private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		Hooks.resetOnErrorDropped();
	}

	AmpSession client() {
		Hooks.onErrorDropped(this.dropped::add);
		AmpResponders responders = AmpResponders.builder().respondSync(Sum.class, (sum) -> {
			this.sums.increment();
			return new Sum.Result(sum.a() + sum.b());
		}).respondSync(Ping.class, (ping) -> {
			this.pings.increment();
			return null;
		}).respond(Slow.class, (slow, session) -> {
			this.slows.increment();
			return Mono.never();
		}).build();
		// Slow commands that were sent stay unanswered: they must not stop the server reading.
		AmpSessionOptions serverOptions = AmpSessionOptions.DEFAULTS.withMaxInboundCallsInFlight(1_000_000);
		DisposableServer server = this.loopback.server(responders, serverOptions);
		AmpConnection connection = this.loopback.connect(server);
		return AmpSession.start(connection, AmpResponders.none(),
				AmpSessionOptions.DEFAULTS.withObserver(this.outcomes));
	}

	@Test
	void callsCancelledInOnSubscribeAreNeitherSentNorLeftWaiting() throws InterruptedException {
		AmpSession client = client();
		EventLoop eventLoop = client.connection().nettyConnection().channel().eventLoop();
		CountDownLatch done = new CountDownLatch(1);
		for (int i = 0; i < 100; i++) {
			client.call(new Sum(i, i)).subscribe(new CancelOnSubscribe());
			client.call(new Sum(i, i)).subscribe(null, null, null, Subscription::cancel);
			client.call(new Ping(i)).subscribe(new CancelOnSubscribe());
		}
		eventLoop.execute(() -> {
			// Callbacks of the connection call on its event loop, where the cancel hook runs at once.
			for (int i = 0; i < 100; i++) {
				client.call(new Sum(i, i)).subscribe(new CancelOnSubscribe());
				client.call(new Sum(i, i)).subscribe(null, null, null, Subscription::cancel);
			}
			done.countDown();
		});
		assertThat(done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// Sent after the cancelled ones: its answer shows that none of them was sent.
		assertThat(client.call(new Sum(20, 22)).block(TIMEOUT)).isEqualTo(new Sum.Result(42));
		assertThat(this.sums.sum()).isEqualTo(1);
		assertThat(this.pings.sum()).isZero();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.outboundCallsInFlight()).isZero());
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.outcomes.ended()).isEqualTo(501));
		assertThat(this.outcomes.count(AmpCallOutcome.CANCELLED)).isEqualTo(500);
		assertThat(this.outcomes.count(AmpCallOutcome.SUCCESS)).isEqualTo(1);
		assertThat(this.outcomes.endedTwice()).isZero();
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void callsCancelledFromOtherThreadsBeforeTheyAreRegisteredAreNeitherSentNorLeftWaiting() throws Exception {
		AmpSession client = client();
		EventLoop eventLoop = client.connection().nettyConnection().channel().eventLoop();
		// The event loop is held, so every call below is cancelled before it can be registered.
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		eventLoop.execute(() -> {
			held.countDown();
			awaitUninterruptibly(release);
		});
		assertThat(held.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		int threads = 4;
		int perThread = 5_000;
		try {
			subscribeAndCancel(client, threads, perThread);
		}
		finally {
			release.countDown();
		}
		assertThat(client.call(new Sum(20, 22)).block(TIMEOUT)).isEqualTo(new Sum.Result(42));
		assertThat(this.slows.sum()).isZero();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.outboundCallsInFlight()).isZero());
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.outcomes.ended()).isEqualTo(threads * perThread + 1));
		assertThat(this.outcomes.count(AmpCallOutcome.CANCELLED)).isEqualTo(threads * perThread);
		assertThat(this.outcomes.endedTwice()).isZero();
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void callsCancelledFromOtherThreadsWhileTheyAreRegisteredEndCancelledAndLeaveNothingWaiting()
			throws Exception {
		AmpSession client = client();
		int threads = 4;
		int perThread = 5_000;
		for (int round = 0; round < 3; round++) {
			this.outcomes.reset();
			subscribeAndCancel(client, threads, perThread);
			// The server never answers Slow: only the cancels can empty the table.
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.outboundCallsInFlight()).isZero());
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(this.outcomes.ended()).isEqualTo(threads * perThread));
			assertThat(this.outcomes.count(AmpCallOutcome.CANCELLED)).isEqualTo(threads * perThread);
			assertThat(this.outcomes.endedTwice()).isZero();
		}
		assertThat(client.call(new Sum(20, 22)).block(TIMEOUT)).isEqualTo(new Sum.Result(42));
		assertThat(this.dropped).isEmpty();
	}

	/**
	 * Make calls on some threads and cancel each right away, half on the thread that
	 * subscribed and half on another.
	 */
	private void subscribeAndCancel(AmpSession client, int threads, int perThread) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads * 2);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				BlockingQueue<Disposable> handOff = new ArrayBlockingQueue<>(perThread);
				futures.add(executor.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						Disposable call = client.call(new Slow(i, 0)).subscribe();
						if (i % 2 == 0) {
							call.dispose();
						}
						else {
							handOff.add(call);
						}
					}
					return null;
				}));
				futures.add(executor.submit(() -> {
					for (int i = 0; i < perThread / 2; i++) {
						handOff.take().dispose();
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		try {
			latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Cancels as soon as it is subscribed. */
	static final class CancelOnSubscribe extends BaseSubscriber<Object> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			cancel();
		}

	}

	/** Counts how the calls of a session ended. */
	static final class Outcomes implements AmpSessionObserver {

		private final Map<AmpCallOutcome, LongAdder> counts = new EnumMap<>(AmpCallOutcome.class);

		private final LongAdder ended = new LongAdder();

		private final AtomicInteger endedTwice = new AtomicInteger();

		Outcomes() {
			for (AmpCallOutcome outcome : AmpCallOutcome.values()) {
				this.counts.put(outcome, new LongAdder());
			}
		}

		@Override
		public @Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
				ContextView context) {
			AtomicInteger ends = new AtomicInteger();
			return (outcome, errorCode, error) -> {
				if (ends.incrementAndGet() > 1) {
					this.endedTwice.incrementAndGet();
				}
				this.counts.get(outcome).increment();
				this.ended.increment();
			};
		}

		long count(AmpCallOutcome outcome) {
			return this.counts.get(outcome).sum();
		}

		long ended() {
			return this.ended.sum();
		}

		int endedTwice() {
			return this.endedTwice.get();
		}

		void reset() {
			this.counts.values().forEach(LongAdder::reset);
			this.ended.reset();
		}

	}

}
