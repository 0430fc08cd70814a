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
import java.util.concurrent.TimeUnit;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CallDeadlines}, on a real event loop.
 *
 * @author AMP for Spring Boot contributors
 */
class CallDeadlinesTests {

	private final EventLoop loop = new DefaultEventLoop();

	private final List<Named> expired = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	@Test
	void callsNotEndedByTheirDeadlineExpireInOrder() throws Exception {
		CallDeadlines deadlines = new CallDeadlines(this.loop, Duration.ofMillis(100).toNanos(),
				(entry) -> this.expired.add((Named) entry));
		Named a = new Named("a");
		Named b = new Named("b");
		Named c = new Named("c");
		long start = System.nanoTime();
		this.loop.submit(() -> {
			deadlines.add(a);
			deadlines.add(b);
		}).get();
		Thread.sleep(50);
		this.loop.submit(() -> {
			deadlines.add(c);
			deadlines.remove(b);
		}).get();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.expired.size() == 2);
		assertThat(this.expired).containsExactly(a, c);
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
		assertThat(this.loop.submit(deadlines::size).get()).isZero();
	}

	@Test
	void callsEndedBehindAWaitingOneAreSweptSoTheQueueStaysBounded() throws Exception {
		CallDeadlines deadlines = new CallDeadlines(this.loop, Duration.ofSeconds(30).toNanos(),
				(entry) -> this.expired.add((Named) entry));
		Named slow = new Named("slow");
		int maxSize = this.loop.submit(() -> {
			deadlines.add(slow);
			int max = 0;
			for (int i = 0; i < 100_000; i++) {
				Named quick = new Named("quick");
				deadlines.add(quick);
				deadlines.remove(quick);
				max = Math.max(max, deadlines.size());
			}
			return max;
		}).get();
		assertThat(maxSize).isLessThanOrEqualTo(2 + 64 + 1);
		this.loop.submit(() -> deadlines.remove(slow)).get();
		assertThat(this.loop.submit(deadlines::size).get()).isZero();
		assertThat(this.expired).isEmpty();
	}

	@Test
	void aCallMadeWhileOthersExpireIsTimedFromItsOwnStart() throws Exception {
		CallDeadlines[] holder = new CallDeadlines[1];
		Named late = new Named("late");
		holder[0] = new CallDeadlines(this.loop, Duration.ofMillis(100).toNanos(), (entry) -> {
			this.expired.add((Named) entry);
			if (entry != late) {
				// As a caller that retries from its error callback.
				holder[0].add(late);
			}
		});
		Named first = new Named("first");
		this.loop.submit(() -> holder[0].add(first)).get();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.expired.size() == 2);
		assertThat(this.expired).containsExactly(first, late);
	}

	@Test
	void clearForgetsEveryCallAndStopsTheTimer() throws Exception {
		CallDeadlines deadlines = new CallDeadlines(this.loop, Duration.ofMillis(50).toNanos(),
				(entry) -> this.expired.add((Named) entry));
		Named a = new Named("a");
		this.loop.submit(() -> {
			deadlines.add(a);
			deadlines.clear();
		}).get();
		Thread.sleep(200);
		assertThat(this.expired).isEmpty();
		assertThat(a.queued).isFalse();
	}

	static final class Named extends CallDeadlines.Entry {

		private final String name;

		Named(String name) {
			this.name = name;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
