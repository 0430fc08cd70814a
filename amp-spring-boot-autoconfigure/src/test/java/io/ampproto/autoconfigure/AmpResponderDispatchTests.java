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
package io.ampproto.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.ampproto.autoconfigure.AmpServerAutoConfigurationTests.SumResponder;
import io.ampproto.autoconfigure.AmpServerAutoConfigurationTests.ThreadResponder;
import io.ampproto.autoconfigure.AmpServerAutoConfigurationTests.WhichThread;
import io.ampproto.autoconfigure.AmpServerAutoConfigurationTests.WhichThreadReactive;
import io.ampproto.command.AmpCommand;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpBlockingExecutor;
import io.ampproto.session.AmpSession;
import io.ampproto.testsupport.TestCommands.Sum;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.ampproto.autoconfigure.AmpServerAutoConfigurationTests.call;
import static io.ampproto.autoconfigure.AmpServerAutoConfigurationTests.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for where responder methods run: {@code amp.server.dispatch}, the blocking
 * executor, its bound and its threads.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpResponderDispatchTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1");

	@Test
	void eventLoopDispatchRunsPlainMethodsOnTheEventLoopButAMethodsOwnDispatchWins() {
		this.runner.withUserConfiguration(ThreadResponder.class, PinnedResponder.class)
			.withPropertyValues("amp.server.dispatch=event-loop")
			.run((context) -> {
				int port = context.getBean(AmpSessionServer.class).port();
				assertThat(threadOf(port, new WhichThread(0))).containsAnyOf("epoll", "nio");
				assertThat(threadOf(port, new WhichThreadBlocking())).contains("amp-responder");
			});
	}

	@Test
	void blockingDispatchRunsReactiveMethodsOnTheBlockingExecutor() {
		this.runner.withUserConfiguration(ThreadResponder.class)
			.withPropertyValues("amp.server.dispatch=blocking")
			.run((context) -> {
				int port = context.getBean(AmpSessionServer.class).port();
				assertThat(threadOf(port, new WhichThreadReactive())).contains("amp-responder");
				assertThat(threadOf(port, new WhichThread(0))).contains("amp-responder");
			});
	}

	@Test
	void virtualThreadsRunBlockingMethodsWhereTheJvmHasThem() {
		this.runner.withUserConfiguration(PinnedResponder.class)
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> {
				AmpBlockingExecutor executor = context.getBean(AmpBlockingExecutor.class);
				String thread = threadOf(context.getBean(AmpSessionServer.class).port(), new WhichThreadBlocking());
				if (Runtime.version().feature() >= 21) {
					assertThat(executor.usesVirtualThreads()).isTrue();
					assertThat(thread).startsWith("VirtualThread").contains("amp-responder-");
				}
				else {
					// Java 17 has none: platform threads, as without the property.
					assertThat(executor.usesVirtualThreads()).isFalse();
					assertThat(thread).startsWith("Thread[").contains("amp-responder-");
				}
			});
	}

	@Test
	void platformThreadsRunBlockingMethodsByDefault() {
		this.runner.withUserConfiguration(ThreadResponder.class).run((context) -> {
			AmpBlockingExecutor executor = context.getBean(AmpBlockingExecutor.class);
			assertThat(executor.usesVirtualThreads()).isFalse();
			assertThat(executor.maxConcurrency()).isEqualTo(AmpBlockingExecutor.DEFAULT_MAX_CONCURRENCY);
		});
	}

	@Test
	void aHundredSlowBlockingCallsDoNotHoldBackAFastOneOnTheSameOrAnotherConnection() {
		Gate gate = new Gate();
		this.runner.withBean(Gate.class, () -> gate)
			.withUserConfiguration(HoldResponder.class, SumResponder.class)
			.run((context) -> {
				int port = context.getBean(AmpSessionServer.class).port();
				AmpSession first = connect(port);
				AmpSession second = connect(port);
				List<Mono<Hold.Result>> held = hold(first, 100, "");
				await(() -> gate.running.get() == 100);
				// Both answered while all hundred slow responders still run: not behind them.
				assertThat(first.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
				assertThat(second.call(new Sum(3, 4)).block(TIMEOUT)).isEqualTo(new Sum.Result(7));
				assertThat(gate.running).hasValue(100);
				gate.release.countDown();
				for (int i = 0; i < held.size(); i++) {
					assertThat(held.get(i).block(TIMEOUT)).isEqualTo(new Hold.Result(i));
				}
				first.dispose();
				second.dispose();
			});
	}

	@Test
	void aSaturatedBlockingExecutorPausesReadingAndLosesNothing() {
		Gate gate = new Gate();
		this.runner.withBean(Gate.class, () -> gate)
			.withUserConfiguration(HoldResponder.class)
			.withPropertyValues("amp.server.max-blocking-calls=4")
			.run((context) -> {
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				AmpSession first = connect(server.port());
				AmpSession second = connect(server.port());
				// About 250 KB of commands: more than a paused connection holds before it stops reading.
				String padding = "x".repeat(200);
				List<Mono<Hold.Result>> held = new ArrayList<>(hold(first, 1000, padding));
				held.addAll(hold(second, 10, padding));
				await(() -> server.blockingLimitPauses() > 0 && gate.running.get() >= 4);
				io.netty.channel.Channel accepted = server.sessions()
					.stream()
					.map((session) -> session.connection().nettyConnection().channel())
					.filter((channel) -> channel.remoteAddress().equals(first.connection().nettyConnection().channel()
						.localAddress()))
					.findFirst()
					.orElseThrow();
				await(() -> !accepted.config().isAutoRead());
				// At the bound, each connection may have handed one more over before it paused.
				assertThat(gate.mostRunning.get()).isLessThanOrEqualTo(4 + 2);
				gate.release.countDown();
				for (int i = 0; i < 1000; i++) {
					assertThat(held.get(i).block(TIMEOUT)).isEqualTo(new Hold.Result(i));
				}
				for (int i = 0; i < 10; i++) {
					assertThat(held.get(1000 + i).block(TIMEOUT)).isEqualTo(new Hold.Result(i));
				}
				assertThat(gate.calls).hasValue(1010);
				assertThat(accepted.config().isAutoRead()).isTrue();
				first.dispose();
				second.dispose();
			});
	}

	private static List<Mono<Hold.Result>> hold(AmpSession session, int count, String padding) {
		List<Mono<Hold.Result>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Mono<Hold.Result> call = session.call(new Hold(i, padding)).cache();
			call.subscribe((result) -> {
			}, (error) -> {
			});
			calls.add(call);
		}
		return calls;
	}

	private static String threadOf(int port, AmpCommand<WhichThread.Result> command) {
		return ((WhichThread.Result) call(port, command)).name();
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	record WhichThreadBlocking() implements AmpCommand<WhichThread.Result> {
	}

	record Hold(int n, String padding) implements AmpCommand<Hold.Result> {
		record Result(int n) {
		}
	}

	/**
	 * Holds the blocking responders until released, counting them.
	 */
	static final class Gate {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger mostRunning = new AtomicInteger();

		final AtomicInteger calls = new AtomicInteger();

	}

	@AmpResponder
	static class PinnedResponder {

		@AmpCommandMapping(dispatch = AmpCommandMapping.Dispatch.BLOCKING)
		WhichThread.Result which(WhichThreadBlocking command) {
			return new WhichThread.Result(Thread.currentThread().toString());
		}

	}

	@AmpResponder
	static class HoldResponder {

		private final Gate gate;

		HoldResponder(Gate gate) {
			this.gate = gate;
		}

		@AmpCommandMapping
		Hold.Result hold(Hold hold) throws InterruptedException {
			this.gate.calls.incrementAndGet();
			int running = this.gate.running.incrementAndGet();
			this.gate.mostRunning.accumulateAndGet(running, Math::max);
			try {
				assertThat(this.gate.release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				return new Hold.Result(hold.n());
			}
			finally {
				this.gate.running.decrementAndGet();
			}
		}

	}

}
