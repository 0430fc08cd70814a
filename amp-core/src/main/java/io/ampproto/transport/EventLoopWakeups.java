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
package io.ampproto.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Event-loop tasks that a thread running many short tasks in a row hands over together,
 * instead of waking an event loop for each. A thread answering commands off the event
 * loop would otherwise wake it once per answer, and on a busy CPU give way to it each
 * time. The thread that holds them releases them when it runs out of work or they get
 * old; another thread may release them for it while it runs a slow task. Tasks handed
 * over on other threads run at once.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class EventLoopWakeups {

	private static final Logger logger = Loggers.getLogger(EventLoopWakeups.class);

	private static final ThreadLocal<@Nullable EventLoopWakeups> HOLDER = new ThreadLocal<>();

	private List<Held> held = new ArrayList<>();

	/** When the oldest task held was handed over ({@link System#nanoTime()}), or 0. */
	private volatile long heldSince;

	private final Runnable firstHeld;

	/**
	 * Create an empty set of held tasks, for {@link #holdOnCurrentThread()}.
	 * @param firstHeld what to run when a task is held and none was: for example, make
	 * sure that someone will release it if the holding thread gets stuck
	 */
	public EventLoopWakeups(Runnable firstHeld) {
		this.firstHeld = firstHeld;
	}

	/**
	 * Hold the event-loop tasks handed over on the current thread from now on, until
	 * {@link #stopHolding()}.
	 */
	public void holdOnCurrentThread() {
		HOLDER.set(this);
	}

	/**
	 * Hand over what is held, and hold nothing more on the current thread.
	 */
	public void stopHolding() {
		if (HOLDER.get() == this) {
			HOLDER.remove();
		}
		release();
	}

	/**
	 * Run a task on an event loop: now, or when the current thread releases what it holds.
	 * @param eventLoop the event loop
	 * @param task the task
	 * @param ifRejected what to run instead, on the releasing thread, when the event loop
	 * has shut down
	 */
	public static void execute(EventLoop eventLoop, Runnable task, @Nullable Runnable ifRejected) {
		EventLoopWakeups wakeups = HOLDER.get();
		if (wakeups != null) {
			wakeups.hold(new Held(eventLoop, task, ifRejected));
			return;
		}
		executeNow(eventLoop, task, ifRejected);
	}

	private void hold(Held task) {
		boolean first;
		synchronized (this) {
			first = this.held.isEmpty();
			if (first) {
				long now = System.nanoTime();
				// 0 means nothing held.
				this.heldSince = (now != 0) ? now : 1;
			}
			this.held.add(task);
		}
		if (first) {
			this.firstHeld.run();
		}
	}

	/**
	 * Return whether tasks are held, handed over before a given time.
	 * @param nanoTime a {@link System#nanoTime()}
	 * @return whether the oldest task held is older than that
	 */
	public boolean holdsSince(long nanoTime) {
		long since = this.heldSince;
		return since != 0 && since - nanoTime <= 0;
	}

	/**
	 * Return whether any task is held.
	 * @return whether a release would run something
	 */
	public boolean holds() {
		return this.heldSince != 0;
	}

	/**
	 * Hand the held tasks to their event loops. Any thread may release them, once.
	 */
	public void release() {
		List<Held> tasks;
		synchronized (this) {
			if (this.held.isEmpty()) {
				return;
			}
			tasks = this.held;
			this.held = new ArrayList<>(tasks.size());
			this.heldSince = 0;
		}
		for (Held task : tasks) {
			executeNow(task.eventLoop, task.task, task.ifRejected);
		}
	}

	private static void executeNow(EventLoop eventLoop, Runnable task, @Nullable Runnable ifRejected) {
		try {
			eventLoop.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// The event loop is gone, and its connections with it.
			if (ifRejected == null) {
				logger.debug("Dropping a task for a shut down event loop", ex);
				return;
			}
			try {
				ifRejected.run();
			}
			catch (RuntimeException failure) {
				logger.debug("A task for a shut down event loop failed", failure);
			}
		}
	}

	private record Held(EventLoop eventLoop, Runnable task, @Nullable Runnable ifRejected) {
	}

}
