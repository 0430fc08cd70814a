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

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The deadlines of calls that share one timeout, in one queue with one timer. Calls
 * join in the order they are made, so the queue is in deadline order; an answered call
 * only leaves a mark, taken off when it reaches the head or when marks outnumber the
 * calls still waiting. So a call costs no timer of its own: scheduling and cancelling
 * one per call took a tenth of a pipelining client's CPU. Event loop only.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class CallDeadlines {

	/** Marks beyond twice the waiting calls (plus this slack) are swept out. */
	private static final int SLACK = 64;

	private final EventExecutor executor;

	private final long timeoutNanos;

	private final Consumer<Entry> onExpired;

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private int waiting;

	private @Nullable ScheduledFuture<?> timer;

	private final Runnable expire = this::expire;

	/** Whether {@link #expire()} runs: it schedules the timer for its new head itself. */
	private boolean expiring;

	/**
	 * Create a queue.
	 * @param executor the event loop that runs the timer
	 * @param timeoutNanos the timeout of every call in the queue
	 * @param onExpired told about each call whose deadline passed, after it left the
	 * queue
	 */
	CallDeadlines(EventExecutor executor, long timeoutNanos, Consumer<Entry> onExpired) {
		this.executor = executor;
		this.timeoutNanos = timeoutNanos;
		this.onExpired = onExpired;
	}

	/**
	 * Start the clock of a call.
	 * @param entry the call
	 */
	void add(Entry entry) {
		entry.deadline = System.nanoTime() + this.timeoutNanos;
		entry.queued = true;
		this.entries.add(entry);
		this.waiting++;
		if (this.timer == null && !this.expiring) {
			schedule(entry.deadline);
		}
	}

	/**
	 * Stop the clock of a call that ended before its deadline.
	 * @param entry the call
	 */
	void remove(Entry entry) {
		if (!entry.queued) {
			return;
		}
		entry.queued = false;
		this.waiting--;
		Entry head;
		while ((head = this.entries.peek()) != null && !head.queued) {
			this.entries.poll();
		}
		if (this.entries.size() > 2 * this.waiting + SLACK) {
			// Calls answered behind a slow one: bounded by the calls still waiting.
			this.entries.removeIf((marked) -> !marked.queued);
		}
	}

	/**
	 * Return how many entries the queue holds, answered ones not yet swept included.
	 * @return the number of entries
	 */
	int size() {
		return this.entries.size();
	}

	/**
	 * Forget every call and stop the timer: the session has ended.
	 */
	void clear() {
		for (Entry entry : this.entries) {
			entry.queued = false;
		}
		this.entries.clear();
		this.waiting = 0;
		ScheduledFuture<?> timer = this.timer;
		this.timer = null;
		if (timer != null) {
			timer.cancel(false);
		}
	}

	private void schedule(long deadline) {
		this.timer = this.executor.schedule(this.expire, Math.max(0, deadline - System.nanoTime()),
				TimeUnit.NANOSECONDS);
	}

	private void expire() {
		this.timer = null;
		this.expiring = true;
		try {
			long now = System.nanoTime();
			Entry head;
			while ((head = this.entries.peek()) != null) {
				if (head.queued && head.deadline - now > 0) {
					break;
				}
				this.entries.poll();
				if (head.queued) {
					head.queued = false;
					this.waiting--;
					this.onExpired.accept(head);
				}
			}
		}
		finally {
			this.expiring = false;
		}
		Entry head = this.entries.peek();
		if (head != null && this.timer == null) {
			schedule(head.deadline);
		}
	}

	/**
	 * A call in the queue.
	 */
	static class Entry {

		long deadline;

		boolean queued;

	}

}
