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

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AmpBlockingExecutor} and its {@link BlockingThreadPool}.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpBlockingExecutorTests {

	private final AmpBlockingExecutor executor = AmpBlockingExecutor.platformThreads("test-blocking", 3);

	@AfterEach
	void dispose() {
		this.executor.dispose();
	}

	@Test
	void everyTaskRunsOnceOnAPoolThreadThatIsReused() throws InterruptedException {
		int tasks = 10_000;
		CountDownLatch done = new CountDownLatch(tasks);
		AtomicInteger runs = new AtomicInteger();
		Set<String> threads = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < tasks; i++) {
			this.executor.execute(() -> {
				runs.incrementAndGet();
				threads.add(Thread.currentThread().getName());
				done.countDown();
			});
		}
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(runs).hasValue(tasks);
		assertThat(threads).isNotEmpty().hasSizeLessThanOrEqualTo(3).allMatch((name) -> name.startsWith("test-blocking-"));
	}

	@Test
	void atTheBoundTheCallerIsToldToPauseAndIsResumedOnceATaskEnds() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch resumed = new CountDownLatch(1);
		Runnable resume = resumed::countDown;
		for (int i = 0; i < 2; i++) {
			this.executor.execute(() -> await(release));
			assertThat(this.executor.pauseIfSaturated(resume)).isFalse();
		}
		this.executor.execute(() -> await(release));
		assertThat(this.executor.inUse()).isEqualTo(3);
		assertThat(this.executor.pauseIfSaturated(resume)).isTrue();
		assertThat(resumed.getCount()).isOne();
		release.countDown();
		assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aSlowTaskDoesNotHoldBackAnotherBelowTheBound() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch fast = new CountDownLatch(1);
		this.executor.execute(() -> await(release));
		this.executor.execute(() -> await(release));
		this.executor.execute(fast::countDown);
		assertThat(fast.await(30, TimeUnit.SECONDS)).isTrue();
		release.countDown();
	}

	@Test
	void virtualThreadsWhereTheJvmHasThem() throws InterruptedException {
		AmpBlockingExecutor virtual = AmpBlockingExecutor.virtualThreads("test-virtual-", 2);
		if (Runtime.version().feature() < 21) {
			assertThat(virtual).isNull();
			return;
		}
		assertThat(virtual).isNotNull();
		assertThat(virtual.usesVirtualThreads()).isTrue();
		CountDownLatch done = new CountDownLatch(1);
		List<String> thread = new java.util.concurrent.CopyOnWriteArrayList<>();
		virtual.execute(() -> {
			thread.add(Thread.currentThread().toString());
			done.countDown();
		});
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(thread).singleElement().asString().startsWith("VirtualThread").contains("test-virtual-");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
