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

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Runs the responders that may block, off the event loops, with a bound on how many run
 * or wait at once. Handing a command over costs a queue offer (and waking a thread only
 * when one is idle). At the bound, sessions stop starting commands (and, once their
 * backlog is full, stop reading) until a responder returns: blocking work is never queued
 * without bound (past the bound, at most one command per connection waits), and no call
 * is failed for it.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpBlockingExecutor implements Disposable {

	/** The default bound: as many commands as one connection may have in flight. */
	public static final int DEFAULT_MAX_CONCURRENCY = AmpSessionOptions.DEFAULT_MAX_INBOUND_CALLS_IN_FLIGHT;

	private final Executor executor;

	private final @Nullable Disposable owned;

	private final int maxConcurrency;

	private final boolean virtualThreads;

	private final AtomicInteger inUse = new AtomicInteger();

	/** Sessions paused at the bound, all resumed by the first task that ends after. */
	private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

	private AmpBlockingExecutor(Executor executor, @Nullable Disposable owned, int maxConcurrency,
			boolean virtualThreads) {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("maxConcurrency must be positive, but was " + maxConcurrency);
		}
		this.executor = Objects.requireNonNull(executor, "executor");
		this.owned = owned;
		this.maxConcurrency = maxConcurrency;
		this.virtualThreads = virtualThreads;
	}

	/**
	 * Run blocking responders on platform threads, started as needed (up to
	 * {@code maxConcurrency}) and ended after a minute idle.
	 * @param threadNamePrefix the prefix of the threads' names
	 * @param maxConcurrency how many responders may run at once
	 * @return the executor
	 */
	public static AmpBlockingExecutor platformThreads(String threadNamePrefix, int maxConcurrency) {
		BlockingThreadPool pool = new BlockingThreadPool(threadNamePrefix, maxConcurrency);
		return new AmpBlockingExecutor(pool, pool, maxConcurrency, false);
	}

	/**
	 * Run each blocking responder on a virtual thread of its own, where the JVM has them
	 * (Java 21 and later).
	 * @param threadNamePrefix the prefix of the threads' names
	 * @param maxConcurrency how many responders may run at once
	 * @return the executor, or {@code null} when this JVM has no virtual threads
	 */
	public static @Nullable AmpBlockingExecutor virtualThreads(String threadNamePrefix, int maxConcurrency) {
		ThreadFactory factory = virtualThreadFactory(threadNamePrefix);
		if (factory == null) {
			return null;
		}
		return new AmpBlockingExecutor((task) -> factory.newThread(task).start(), null, maxConcurrency, true);
	}

	/**
	 * Run blocking responders on a given executor, which must not reject tasks while
	 * fewer than {@code maxConcurrency} of them run.
	 * @param executor the executor
	 * @param maxConcurrency how many responders may run or wait at once
	 * @return the executor
	 */
	public static AmpBlockingExecutor of(Executor executor, int maxConcurrency) {
		return new AmpBlockingExecutor(executor, null, maxConcurrency, false);
	}

	/**
	 * Virtual threads exist from Java 21 on; this code is compiled for 17.
	 */
	private static @Nullable ThreadFactory virtualThreadFactory(String prefix) {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Method name = builderType.getMethod("name", String.class, long.class);
			builder = name.invoke(builder, prefix, 0L);
			return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	/**
	 * Return how many responders may run or wait at once.
	 * @return the bound
	 */
	public int maxConcurrency() {
		return this.maxConcurrency;
	}

	/**
	 * Return whether responders run on virtual threads.
	 * @return whether each responder gets a virtual thread
	 */
	public boolean usesVirtualThreads() {
		return this.virtualThreads;
	}

	/**
	 * Return how many responders run or wait now.
	 * @return the number of tasks handed over and not ended
	 */
	public int inUse() {
		return this.inUse.get();
	}

	/**
	 * Run a task. It always runs, even past the bound: callers stop handing tasks over
	 * when {@link #pauseIfSaturated(Runnable)} says so.
	 * @param task the task
	 */
	public void execute(Runnable task) {
		execute(task, null);
	}

	/**
	 * Run a task handed over by an event loop (see {@link BlockingThreadPool}).
	 */
	void execute(Runnable task, @Nullable EventLoop caller) {
		this.inUse.incrementAndGet();
		Runnable released = () -> {
			try {
				task.run();
			}
			finally {
				release();
			}
		};
		try {
			if (caller != null && this.executor instanceof BlockingThreadPool pool) {
				pool.execute(released, caller);
			}
			else {
				this.executor.execute(released);
			}
		}
		catch (RuntimeException ex) {
			release();
			throw ex;
		}
	}

	/**
	 * Return whether the bound is reached; if so, {@code resume} runs once when a task
	 * ends.
	 * @param resume what to run when a task ends, on that task's thread (it must be quick)
	 * @return whether the caller should hand nothing more over until {@code resume} runs
	 */
	public boolean pauseIfSaturated(Runnable resume) {
		if (this.inUse.get() < this.maxConcurrency) {
			return false;
		}
		this.waiting.add(resume);
		// Every task may have ended in between: then no one else would resume the caller.
		if (this.inUse.get() < this.maxConcurrency) {
			resumeWaiting();
		}
		return true;
	}

	private void release() {
		if (this.inUse.decrementAndGet() < this.maxConcurrency && !this.waiting.isEmpty()) {
			resumeWaiting();
		}
	}

	/**
	 * Resume every paused session: one resumed with nothing blocking to start does not
	 * take the place that came free, and the others must not wait for a task that may
	 * never end after it.
	 */
	private void resumeWaiting() {
		Runnable resume;
		while ((resume = this.waiting.poll()) != null) {
			resume.run();
		}
	}

	@Override
	public void dispose() {
		if (this.owned != null) {
			this.owned.dispose();
		}
	}

	@Override
	public String toString() {
		return "AmpBlockingExecutor[" + (this.virtualThreads ? "virtual threads" : "platform threads") + ", max "
				+ this.maxConcurrency + "]";
	}

}
