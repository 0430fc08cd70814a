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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ThreadRunState}, where Linux's {@code /proc} tells it.
 */
class ThreadRunStateTests {

	@BeforeEach
	void linux() {
		assumeTrue(ThreadRunState.ofCurrentThread() != null, "Linux's /proc tells a thread's run state");
	}

	@Test
	void aThreadThatSpinsIsRunnable() throws InterruptedException {
		AtomicBoolean spin = new AtomicBoolean(true);
		AtomicReference<ThreadRunState> state = new AtomicReference<>();
		CountDownLatch started = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			state.set(ThreadRunState.ofCurrentThread());
			started.countDown();
			while (spin.get()) {
				Thread.onSpinWait();
			}
		});
		thread.start();
		try {
			assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(state.get().isRunnable()).isTrue();
		}
		finally {
			spin.set(false);
			thread.join();
		}
	}

	@Test
	void aThreadThatSleepsOrWaitsIsNotRunnable() throws InterruptedException {
		AtomicReference<ThreadRunState> state = new AtomicReference<>();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			state.set(ThreadRunState.ofCurrentThread());
			started.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		thread.start();
		try {
			assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
			// Parked soon after its countDown; until then it may still be running.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (state.get().isRunnable() && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
			assertThat(state.get().isRunnable()).isFalse();
		}
		finally {
			release.countDown();
			thread.join();
		}
	}

}
