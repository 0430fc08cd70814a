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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.ampproto.transport.EventLoopWakeups;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The platform threads of an {@link AmpBlockingExecutor}: handing a task over is a queue
 * offer, and an unpark only when the queue was empty and no thread is searching (a busy
 * pool wakes no one). Up to one thread per CPU starts on demand; more start only when
 * the queued tasks have not moved for a millisecond while every thread runs a task and
 * is blocked (not runnable: waiting for a CPU or using it), so that short responders
 * keep a few threads busy instead of waking one thread per command, while a slow one
 * holds back the others for about a millisecond at most. An idle thread may spin for
 * its next task before parking ({@link TaskSpins}). A thread holds the event-loop
 * wake-ups of the answers it writes while it has more tasks ({@link EventLoopWakeups}),
 * so that the event loop is woken once for several; the monitor releases them if its
 * task is slow. Threads end after a minute idle.
 *
 * @author AMP for Spring Boot contributors
 */
final class BlockingThreadPool implements Executor, Disposable {

	private static final Logger logger = Loggers.getLogger(BlockingThreadPool.class);

	private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

	/** How long queued tasks may stand still before more threads start. */
	private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/**
	 * How long queued tasks may stand still on one CPU while a thread in a task waits for
	 * the CPU (preempted, not blocked): another thread would only take turns with it. A
	 * task that keeps the CPU this long lets others start beside it.
	 */
	private static final long PREEMPTED_STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	/** Most threads whose run state the monitor reads per look (a file each). */
	private static final int RUN_STATES_READ = 4;

	/**
	 * How long a thread holds the answers it made (and the event-loop wake-ups they
	 * need) while it has more tasks, so that the event loop is woken once for several.
	 */
	private static final long HOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	/** How long held answers may wait before the monitor releases them: a task is slow. */
	private static final long HELD_TOO_LONG_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	/**
	 * How often the monitor looks for answers held too long while no task waits: each
	 * look costs a wake-up, about 20 µs of CPU on a busy CPU, so held answers wait up to
	 * about 2.5 ms for a slow task.
	 */
	private static final long HELD_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	/** How long the monitor keeps looking after there was nothing to do, before it parks. */
	private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final int IDLE = 0;

	private static final int BUSY = 1;

	private static final int ENDED = 2;

	private final String namePrefix;

	private final int maxThreads;

	private final int coreThreads;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	/** Idle workers, the last to go idle first (its caches are warm). Entries may be stale. */
	private final Deque<Worker> idle = new ConcurrentLinkedDeque<>();

	/** Workers woken and not yet holding a task: they take what is offered meanwhile. */
	private final AtomicInteger searching = new AtomicInteger();

	private final TaskSpins spins;

	/**
	 * Whether the pool runs on one CPU: event loops wake threads after their reads rather
	 * than for each task, and a stall while a thread only waits for the CPU is no block.
	 */
	private final boolean oneCpu;

	/** Whether an event loop will wake a thread after its reads. */
	private final AtomicBoolean wakeScheduled = new AtomicBoolean();

	// Made once: a method reference at the call would be allocated each time.
	private final Runnable wakeAfterReadTask = this::wakeAfterRead;

	private final AtomicInteger threads = new AtomicInteger();

	/** The threads running, for the monitor to release the answers they hold. */
	private final Set<Worker> workers = ConcurrentHashMap.newKeySet();

	private final AtomicInteger started = new AtomicInteger();

	/** When a worker last took a task from the queue. */
	private volatile long lastTaken = System.nanoTime();

	private final Thread monitor;

	/** Whether the monitor waits for a task to be queued or an answer held (else it looks now and then). */
	private volatile boolean monitorIdle;

	private volatile boolean disposed;

	private final StallListener stallListener;

	BlockingThreadPool(String namePrefix, int maxThreads) {
		this(namePrefix, maxThreads, Runtime.getRuntime().availableProcessors());
	}

	BlockingThreadPool(String namePrefix, int maxThreads, int cpus) {
		this(namePrefix, maxThreads, cpus, (threads, woken) -> {
		});
	}

	BlockingThreadPool(String namePrefix, int maxThreads, int cpus, StallListener stallListener) {
		this.namePrefix = namePrefix;
		this.stallListener = stallListener;
		this.maxThreads = maxThreads;
		this.coreThreads = Math.min(maxThreads, Math.max(2, cpus));
		this.spins = new TaskSpins(cpus);
		this.oneCpu = cpus == 1;
		this.monitor = new Thread(this::watchStalls, namePrefix + "-monitor");
		this.monitor.setDaemon(true);
		this.monitor.start();
	}

	@Override
	public void execute(Runnable task) {
		if (offer(task)) {
			wakeAnother();
		}
	}

	/**
	 * Run a task handed over by an event loop. On one CPU, a thread woken now could only
	 * take the CPU from the event loop, one command at a time: it is woken when the event
	 * loop has read what its peers sent, once for all the commands in it.
	 * @param task the task
	 * @param caller the event loop that hands it over
	 */
	void execute(Runnable task, EventLoop caller) {
		if (!this.oneCpu || !caller.inEventLoop()) {
			if (offer(task)) {
				wakeAnother();
			}
			return;
		}
		// Scheduled before the task is queued: an event loop preempted in between would
		// otherwise leave a task that no wake-up is on its way to, a stall to the monitor.
		boolean scheduled = !this.wakeScheduled.get() && this.wakeScheduled.compareAndSet(false, true);
		try {
			offer(task);
		}
		catch (RejectedExecutionException ex) {
			if (scheduled) {
				this.wakeScheduled.set(false);
			}
			throw ex;
		}
		// Cleared since it was seen set: another event loop's wake-up may have looked
		// before the task was queued, so this one schedules its own.
		if (scheduled || (!this.wakeScheduled.get() && this.wakeScheduled.compareAndSet(false, true))) {
			scheduleWakeAfterRead(caller);
		}
	}

	private void scheduleWakeAfterRead(EventLoop caller) {
		try {
			caller.execute(this.wakeAfterReadTask);
		}
		catch (RejectedExecutionException ex) {
			this.wakeScheduled.set(false);
			wakeAnother();
		}
	}

	/**
	 * Queue a task; return whether a thread should be woken for it: only for a task queued
	 * in an empty queue with no thread searching. Behind queued tasks, the thread woken
	 * for the first wakes another when it takes it and more wait, and threads running
	 * tasks take the rest: a wake-up per task would only take a CPU from them.
	 */
	private boolean offer(Runnable task) {
		if (this.disposed) {
			throw new RejectedExecutionException(this.namePrefix + " threads are disposed");
		}
		this.tasks.offer(task);
		if (this.queued.getAndIncrement() == 0) {
			this.lastTaken = System.nanoTime();
			return this.searching.get() == 0;
		}
		return false;
	}

	/**
	 * Run by an event loop after its reads: wake a thread for the tasks they queued. A
	 * task queued while this was scheduled counted before it cleared the flag, so it is
	 * seen here. The tasks waited for the reads, not for a thread: to the monitor, which
	 * may look between the flag and the wake-up, they are no stall.
	 */
	private void wakeAfterRead() {
		this.lastTaken = System.nanoTime();
		this.wakeScheduled.set(false);
		if (this.queued.get() > 0 && this.searching.get() == 0) {
			wakeAnother();
		}
	}

	/**
	 * Wake or start a thread for queued tasks. When every thread is busy, the first to
	 * finish takes the task, or the monitor starts another if none finishes soon: it
	 * looks every half stall while tasks wait, so it is woken only from its idle park.
	 */
	private void wakeAnother() {
		if (!wakeIdle() && !startIfBelow(this.coreThreads) && this.monitorIdle) {
			LockSupport.unpark(this.monitor);
		}
	}

	private boolean wakeIdle() {
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			if (worker.state.compareAndSet(IDLE, BUSY)) {
				this.searching.incrementAndGet();
				worker.wake();
				return true;
			}
		}
		return false;
	}

	private boolean startIfBelow(int limit) {
		int count;
		do {
			count = this.threads.get();
			if (count >= limit) {
				return false;
			}
		}
		while (!this.threads.compareAndSet(count, count + 1));
		this.searching.incrementAndGet();
		Worker worker = new Worker();
		Thread thread = new Thread(worker, this.namePrefix + "-" + this.started.incrementAndGet());
		thread.setDaemon(true);
		worker.thread = thread;
		thread.start();
		return true;
	}

	/**
	 * While tasks wait, start threads when none has been taken for {@link #STALL_NANOS}
	 * and no thread is on its way to take one: every thread is blocked in a responder (on
	 * one CPU, for {@link #PREEMPTED_STALL_NANOS} while one of them only waits for the
	 * CPU; on more, while each of them does). As many start as tasks wait, at most as many
	 * as are in tasks: a hundred blocked responders get threads in a few stalls, and a
	 * stall that was none costs few. While threads hold answers, release those held for
	 * {@link #HELD_TOO_LONG_NANOS}. Park when there has been nothing to do for
	 * {@link #LINGER_NANOS}.
	 */
	private void watchStalls() {
		long quietSince = System.nanoTime();
		while (!this.disposed) {
			long now = System.nanoTime();
			boolean holding = releaseAnswersHeldSince(now - HELD_TOO_LONG_NANOS);
			int waiting = this.queued.get();
			if (waiting <= 0 && !holding) {
				if (now - quietSince < LINGER_NANOS) {
					// Under steady load, looking costs less than being woken for every batch.
					LockSupport.parkNanos(this, HELD_LOOK_NANOS);
					continue;
				}
				// Idle before the second look: a task queued or held meanwhile sees it and unparks.
				this.monitorIdle = true;
				if (this.queued.get() <= 0 && !holdsAnswers()) {
					LockSupport.park(this);
				}
				this.monitorIdle = false;
				quietSince = System.nanoTime();
				continue;
			}
			quietSince = now;
			// A woken or spinning thread that has not taken a task yet, or an event loop
			// that will wake one after its reads, is waiting for a CPU, not blocked: on a
			// busy machine more threads would only wait too.
			long sinceTaken = System.nanoTime() - this.lastTaken;
			if (waiting > 0 && this.searching.get() == 0 && !this.wakeScheduled.get() && sinceTaken >= STALL_NANOS
					&& (sinceTaken >= PREEMPTED_STALL_NANOS || !threadsInTasksWaitForTheCpu())) {
				int threads = this.threads.get();
				int more = Math.min(waiting, Math.max(1, threadsInTasks()));
				int woken = 0;
				while (woken < more && (wakeIdle() || startIfBelow(this.maxThreads))) {
					this.lastTaken = System.nanoTime();
					woken++;
				}
				this.stallListener.threadsWoken(threads, woken);
			}
			// While tasks are taken, no stall can be seen before a stall's time after the last.
			LockSupport.parkNanos(this, (waiting > 0) ? Math.max(STALL_NANOS / 2, STALL_NANOS - sinceTaken)
					: HELD_LOOK_NANOS);
		}
	}

	/** The threads in tasks (none is searching when the monitor counts them). */
	private int threadsInTasks() {
		int count = 0;
		for (Worker worker : this.workers) {
			if (worker.state.get() == BUSY) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Whether the threads in tasks wait for a CPU (are runnable: preempted by the event
	 * loops, the peer, the JIT compiler) rather than being blocked, so that more threads
	 * would only take turns with them: on one CPU, when one of them is runnable (the
	 * monitor runs, so none is running); on more, when each of them is. Each look reads a
	 * file per thread, so it reads at most {@value #RUN_STATES_READ}: beyond those, or
	 * where Linux does not tell, the stall counts as blocking.
	 */
	private boolean threadsInTasksWaitForTheCpu() {
		int read = 0;
		for (Worker worker : this.workers) {
			ThreadRunState runState = worker.runState;
			if (worker.state.get() != BUSY) {
				continue;
			}
			if (runState == null) {
				return false;
			}
			boolean runnable = runState.isRunnable();
			if (runnable && this.oneCpu) {
				return true;
			}
			if (!runnable && !this.oneCpu) {
				return false;
			}
			if (++read == RUN_STATES_READ) {
				return false;
			}
		}
		return !this.oneCpu && read > 0;
	}

	/**
	 * Release the answers that threads have held since a given time: such a thread is in
	 * a slow task, and answers made before it must not wait for it.
	 * @return whether any thread still holds answers
	 */
	private boolean releaseAnswersHeldSince(long nanoTime) {
		boolean holding = false;
		for (Worker worker : this.workers) {
			EventLoopWakeups wakeups = worker.wakeups;
			if (wakeups.holdsSince(nanoTime)) {
				wakeups.release();
			}
			holding |= wakeups.holds();
		}
		return holding;
	}

	/**
	 * A thread holds answers: the monitor looks, to release them if its task is slow.
	 */
	private void watchHeldAnswers() {
		if (this.monitorIdle) {
			LockSupport.unpark(this.monitor);
		}
	}

	private boolean holdsAnswers() {
		for (Worker worker : this.workers) {
			if (worker.wakeups.holds()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Take a queued task, if any.
	 * @return the task, or {@code null}
	 */
	private @Nullable Runnable take() {
		Runnable task = this.tasks.poll();
		if (task != null) {
			this.queued.decrementAndGet();
		}
		return task;
	}

	int threads() {
		return this.threads.get();
	}

	/** Whether every thread is idle and parked: none would take a task unless woken. */
	boolean allParked() {
		// A thread just started is searching before it is among the workers.
		if (this.searching.get() != 0 || this.workers.size() != this.threads.get()) {
			return false;
		}
		for (Worker worker : this.workers) {
			Thread thread = worker.thread;
			if (worker.state.get() != IDLE || thread == null || thread.getState() != Thread.State.TIMED_WAITING) {
				return false;
			}
		}
		return true;
	}

	int coreThreads() {
		return this.coreThreads;
	}

	TaskSpins taskSpins() {
		return this.spins;
	}

	@Override
	public void dispose() {
		this.disposed = true;
		LockSupport.unpark(this.monitor);
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

		/** Started as searching, BUSY: {@link #startIfBelow} counted it. */
		final AtomicInteger state = new AtomicInteger(BUSY);

		volatile @Nullable Thread thread;

		/** Whether this thread waits for the CPU, where Linux tells it. */
		volatile @Nullable ThreadRunState runState;

		/** Answers made on this thread, held while it has more tasks. */
		final EventLoopWakeups wakeups = new EventLoopWakeups(BlockingThreadPool.this::watchHeldAnswers);

		void wake() {
			Thread thread = this.thread;
			if (thread != null) {
				LockSupport.unpark(thread);
			}
		}

		@Override
		public void run() {
			boolean searching = true;
			// Tasks run since this thread last found the queue empty.
			int ranSinceEmpty = 0;
			EventLoopWakeups wakeups = this.wakeups;
			wakeups.holdOnCurrentThread();
			this.runState = ThreadRunState.ofCurrentThread();
			BlockingThreadPool.this.workers.add(this);
			try {
				while (!BlockingThreadPool.this.disposed) {
					Runnable task = take();
					if (task == null) {
						wakeups.release();
					}
					else {
						// One clock read per task, for the monitor and for the answers held.
						long now = System.nanoTime();
						BlockingThreadPool.this.lastTaken = now;
						if (wakeups.holdsSince(now - HOLD_NANOS)) {
							wakeups.release();
						}
					}
					if (searching) {
						searching = false;
						BlockingThreadPool.this.searching.decrementAndGet();
						// More wait: another thread takes them while this one runs its task. On one
						// CPU too: the wake-up that finds no idle thread left is what unparks an idle
						// monitor, so tasks behind blocked ones must not wait for the monitor alone.
						if (task != null && BlockingThreadPool.this.queued.get() > 0) {
							wakeAnother();
						}
					}
					if (task != null) {
						ranSinceEmpty++;
						runTask(task);
					}
					else {
						boolean woken = awaitTask(TaskSpins.worthASpin(ranSinceEmpty));
						ranSinceEmpty = 0;
						if (!woken) {
							return;
						}
						searching = true;
					}
				}
			}
			finally {
				BlockingThreadPool.this.workers.remove(this);
				wakeups.stopHolding();
				if (searching) {
					BlockingThreadPool.this.searching.decrementAndGet();
				}
				if (this.state.getAndSet(ENDED) != ENDED) {
					BlockingThreadPool.this.threads.decrementAndGet();
				}
			}
		}

		/**
		 * Go idle until a task is handed over.
		 * @param spin whether to look for a task for a while before parking
		 * @return true when woken to search for a task, false when this thread ends, idle
		 * for too long
		 */
		private boolean awaitTask(boolean spin) {
			if (spin && BlockingThreadPool.this.spins.awaitTask(BlockingThreadPool.this.queued,
					BlockingThreadPool.this.searching)) {
				return true;
			}
			this.state.set(IDLE);
			BlockingThreadPool.this.idle.addFirst(this);
			// A task offered just before this thread went idle woke no one: take it.
			if (BlockingThreadPool.this.queued.get() > 0 && this.state.compareAndSet(IDLE, BUSY)) {
				BlockingThreadPool.this.searching.incrementAndGet();
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
				LockSupport.parkNanos(this, left);
			}
			// Woken: the waker counted this thread as searching.
			return !BlockingThreadPool.this.disposed || this.state.get() == BUSY;
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
