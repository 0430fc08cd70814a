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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spins of a {@link BlockingThreadPool}'s idle threads: a thread that ran a single
 * task since the queue was last empty looks for the next one for a while before it
 * parks, since few calls are in flight and the spin saves the wake-up; at most a given
 * number of threads at once (half the CPUs; none on one CPU, where a spinning thread only
 * takes the CPU from the thread it waits for).
 *
 * @author AMP for Spring Boot contributors
 */
final class TaskSpins {

	/**
	 * How long an idle thread looks for a task before it parks: long enough to catch the
	 * next command of a peer with one call in flight on loopback, a round trip of about
	 * 60 µs (50 µs gave 0.60x the round trips).
	 */
	private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

	/**
	 * Most tasks a thread may have run since it last found the queue empty for it to spin:
	 * with many calls in flight a wake-up's cost is shared, and a spinning thread would
	 * take a CPU from the event loops and the peer (docs/benchmarks/default-path.md).
	 */
	private static final int MOST_TASKS_BEFORE_A_SPIN = 1;

	/** Threads looking for a task before they park; at most {@link #maxSpinning}. */
	private final AtomicInteger spinning = new AtomicInteger();

	private final int maxSpinning;

	/** How many times a thread has begun to look for a task before parking. */
	private final AtomicLong spins = new AtomicLong();

	TaskSpins(int cpus) {
		this.maxSpinning = cpus / 2;
	}

	/**
	 * Whether a thread that found the queue empty should spin before parking.
	 * @param ranSinceEmpty the tasks it ran since it last found the queue empty
	 * @return whether to spin
	 */
	static boolean worthASpin(int ranSinceEmpty) {
		return ranSinceEmpty <= MOST_TASKS_BEFORE_A_SPIN;
	}

	/**
	 * Look for a task for {@link #SPIN_NANOS}, with a spin wait (a yield is a system
	 * call), counted as searching, so that nobody is woken for the task this thread will
	 * take; unless {@link #maxSpinning} threads already look.
	 * @param queued the number of tasks queued
	 * @param searching the number of threads on their way to take a task
	 * @return true when a task is queued, and this thread still counts as searching;
	 * false when it found none or did not look, and does not
	 */
	boolean awaitTask(AtomicInteger queued, AtomicInteger searching) {
		int count;
		do {
			count = this.spinning.get();
			if (count >= this.maxSpinning) {
				return false;
			}
		}
		while (!this.spinning.compareAndSet(count, count + 1));
		this.spins.incrementAndGet();
		searching.incrementAndGet();
		long start = System.nanoTime();
		try {
			do {
				if (queued.get() > 0) {
					return true;
				}
				Thread.onSpinWait();
			}
			while (System.nanoTime() - start < SPIN_NANOS);
			searching.decrementAndGet();
			return false;
		}
		finally {
			this.spinning.decrementAndGet();
		}
	}

	int spinning() {
		return this.spinning.get();
	}

	long spins() {
		return this.spins.get();
	}

	int maxSpinning() {
		return this.maxSpinning;
	}

}
