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

import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The platform threads of an {@link AmpBlockingExecutor}: handing a task over is a queue
 * offer, and an unpark only when a thread is idle (a busy pool wakes no one); threads
 * start on demand up to a maximum and end after a minute idle. Unlike a scheduler, no
 * task object is allocated per hand-off and no lock is taken.
 *
 * @author AMP for Spring Boot contributors
 */
final class BlockingThreadPool implements Executor, Disposable {

	private static final Logger logger = Loggers.getLogger(BlockingThreadPool.class);

	private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final int IDLE = 0;

	private static final int BUSY = 1;

	private static final int ENDED = 2;

	private final String namePrefix;

	private final int maxThreads;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/** Idle workers, the last to go idle first (its caches are warm). Entries may be stale. */
	private final Deque<Worker> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger threads = new AtomicInteger();

	private final AtomicInteger started = new AtomicInteger();

	private volatile boolean disposed;

	BlockingThreadPool(String namePrefix, int maxThreads) {
		this.namePrefix = namePrefix;
		this.maxThreads = maxThreads;
	}

	@Override
	public void execute(Runnable task) {
		if (this.disposed) {
			throw new RejectedExecutionException(this.namePrefix + " threads are disposed");
		}
		this.tasks.offer(task);
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			if (worker.state.compareAndSet(IDLE, BUSY)) {
				worker.wake();
				return;
			}
		}
		startIfBelowMax();
	}

	private void startIfBelowMax() {
		int count;
		do {
			count = this.threads.get();
			if (count >= this.maxThreads) {
				// Every thread is busy: the first to finish takes the task.
				return;
			}
		}
		while (!this.threads.compareAndSet(count, count + 1));
		Worker worker = new Worker();
		Thread thread = new Thread(worker, this.namePrefix + "-" + this.started.incrementAndGet());
		thread.setDaemon(true);
		worker.thread = thread;
		thread.start();
	}

	int threads() {
		return this.threads.get();
	}

	@Override
	public void dispose() {
		this.disposed = true;
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			worker.wake();
		}
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	private final class Worker implements Runnable {

		final AtomicInteger state = new AtomicInteger(BUSY);

		volatile @Nullable Thread thread;

		void wake() {
			Thread thread = this.thread;
			if (thread != null) {
				java.util.concurrent.locks.LockSupport.unpark(thread);
			}
		}

		@Override
		public void run() {
			try {
				while (!BlockingThreadPool.this.disposed) {
					Runnable task = BlockingThreadPool.this.tasks.poll();
					if (task != null) {
						runTask(task);
					}
					else if (!awaitTask()) {
						return;
					}
				}
			}
			finally {
				if (this.state.getAndSet(ENDED) != ENDED) {
					BlockingThreadPool.this.threads.decrementAndGet();
				}
			}
		}

		/**
		 * Go idle until a task is handed over.
		 * @return false when this thread ends, idle for too long
		 */
		private boolean awaitTask() {
			this.state.set(IDLE);
			BlockingThreadPool.this.idle.addFirst(this);
			// A task offered just before this thread went idle woke no one: take it.
			if (!BlockingThreadPool.this.tasks.isEmpty() && this.state.compareAndSet(IDLE, BUSY)) {
				return true;
			}
			long deadline = System.nanoTime() + KEEP_ALIVE_NANOS;
			while (this.state.get() == IDLE && !BlockingThreadPool.this.disposed) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					if (this.state.compareAndSet(IDLE, ENDED)) {
						BlockingThreadPool.this.threads.decrementAndGet();
						return false;
					}
					break;
				}
				java.util.concurrent.locks.LockSupport.parkNanos(this, left);
			}
			return true;
		}

		private void runTask(Runnable task) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				logger.error("A blocking AMP task failed", ex);
			}
		}

	}

}
