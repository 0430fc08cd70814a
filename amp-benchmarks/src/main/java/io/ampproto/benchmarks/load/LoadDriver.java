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
package io.ampproto.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * A closed loop of calls: {@code concurrency} calls in flight, each answered call starting
 * the next one at once. Calls answered during the measuring window are counted and their
 * latencies recorded; the warm-up before it is not.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class LoadDriver {

	private LoadDriver() {
	}

	/**
	 * Run one phase.
	 * @param caller the client
	 * @param concurrency the calls in flight
	 * @param warmup the time before measuring
	 * @param measure the measuring window
	 * @return the figures of the measuring window
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static PhaseResult run(Caller caller, int concurrency, Duration warmup, Duration measure)
			throws InterruptedException {
		return run(caller, concurrency, warmup, measure, -1);
	}

	/**
	 * Run one phase and measure the CPU time that this process and the server's spend in
	 * the measuring window.
	 * @param caller the client
	 * @param concurrency the calls in flight
	 * @param warmup the time before measuring
	 * @param measure the measuring window
	 * @param serverPid the server's process, or -1
	 * @return the figures of the measuring window
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static PhaseResult run(Caller caller, int concurrency, Duration warmup, Duration measure, long serverPid)
			throws InterruptedException {
		Phase phase = new Phase(concurrency, warmup, measure);
		long self = ProcessHandle.current().pid();
		long[] cpu = new long[4];
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
		timer.schedule(() -> {
			cpu[0] = ProcCpu.nanos(self);
			cpu[1] = ProcCpu.nanos(serverPid);
		}, Math.max(0, phase.measureStart - System.nanoTime()), TimeUnit.NANOSECONDS);
		ScheduledFuture<?> end = timer.schedule(() -> {
			cpu[2] = ProcCpu.nanos(self);
			cpu[3] = ProcCpu.nanos(serverPid);
		}, Math.max(0, phase.measureEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
		caller.executor().execute(() -> {
			for (int i = 0; i < concurrency; i++) {
				new Slot(caller, phase, i).issue();
			}
		});
		long waitMillis = warmup.plus(measure).toMillis() + 60_000;
		if (!phase.done.await(waitMillis, TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(
					"Calls still in flight " + (waitMillis / 1000) + " s after the phase ended: " + phase.inFlight);
		}
		try {
			end.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		timer.shutdown();
		Throwable error = phase.firstError.get();
		if (error != null) {
			throw new IllegalStateException("A call failed", error);
		}
		Histogram latencies = phase.latencies;
		double seconds = measure.toNanos() / 1e9;
		return new PhaseResult(concurrency, phase.measured / seconds, latencies.getValueAtPercentile(50) / 1000.0,
				latencies.getValueAtPercentile(99) / 1000.0, phase.measured, cpu[2] - cpu[0],
				(serverPid > 0 && cpu[1] >= 0 && cpu[3] >= 0) ? cpu[3] - cpu[1] : -1);
	}

	/**
	 * The figures of one phase.
	 *
	 * @param concurrency the calls in flight
	 * @param callsPerSecond calls answered per second
	 * @param p50Micros median latency in microseconds
	 * @param p99Micros 99th percentile latency in microseconds
	 * @param calls calls answered while measuring
	 * @param clientCpuNanos CPU time of the client process while measuring
	 * @param serverCpuNanos CPU time of the server process while measuring, or -1
	 */
	public record PhaseResult(int concurrency, double callsPerSecond, double p50Micros, double p99Micros,
			long calls, long clientCpuNanos, long serverCpuNanos) {

		/**
		 * Return the CPU time of the server per call.
		 * @return microseconds per call, or -1 when unknown
		 */
		public double serverCpuMicrosPerCall() {
			if (this.calls == 0 || this.serverCpuNanos < 0) {
				return -1;
			}
			return this.serverCpuNanos / 1000.0 / this.calls;
		}

		/**
		 * Return the CPU time of client and server per call.
		 * @return microseconds per call, or -1 when not measured
		 */
		public double cpuMicrosPerCall() {
			if (this.calls == 0 || this.clientCpuNanos < 0 || this.serverCpuNanos < 0) {
				return -1;
			}
			return (this.clientCpuNanos + this.serverCpuNanos) / 1000.0 / this.calls;
		}

		/**
		 * Render as the line a client process prints.
		 * @return the line
		 */
		public String toLine() {
			return "RESULT " + this.concurrency + " " + this.callsPerSecond + " " + this.p50Micros + " "
					+ this.p99Micros + " " + this.calls + " " + this.clientCpuNanos + " " + this.serverCpuNanos;
		}

		/**
		 * Parse a line printed by {@link #toLine()} (or by the Twisted client).
		 * @param line the line
		 * @return the result
		 */
		public static PhaseResult parse(String line) {
			String[] parts = line.trim().split("\\s+");
			return new PhaseResult(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]),
					Double.parseDouble(parts[3]), Double.parseDouble(parts[4]), Long.parseLong(parts[5]),
					Long.parseLong(parts[6]), Long.parseLong(parts[7]));
		}

	}

	/**
	 * State of a phase. Slots of one connection complete on its event loop, but the
	 * counters are guarded anyway, as a completion may come from another thread.
	 */
	private static final class Phase {

		final long measureStart;

		final long measureEnd;

		final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

		final CountDownLatch done = new CountDownLatch(1);

		final AtomicReference<@Nullable Throwable> firstError = new AtomicReference<>();

		long measured;

		int inFlight;

		Phase(int concurrency, Duration warmup, Duration measure) {
			this.measureStart = System.nanoTime() + warmup.toNanos();
			this.measureEnd = this.measureStart + measure.toNanos();
			this.inFlight = concurrency;
		}

		/** Return whether the slot goes on. */
		synchronized boolean completed(long start, long end) {
			if (end >= this.measureStart && end < this.measureEnd) {
				this.latencies.recordValue(Math.min(end - start, this.latencies.getHighestTrackableValue()));
				this.measured++;
			}
			if (end < this.measureEnd && this.firstError.get() == null) {
				return true;
			}
			if (--this.inFlight == 0) {
				this.done.countDown();
			}
			return false;
		}

	}

	/**
	 * One call in flight at a time.
	 */
	private static final class Slot implements Caller.Completion {

		private final Caller caller;

		private final Phase phase;

		private int a;

		private final int b;

		private long start;

		Slot(Caller caller, Phase phase, int index) {
			this.caller = caller;
			this.phase = phase;
			this.a = index * 1000;
			this.b = index + 7;
		}

		void issue() {
			this.a = (this.a + 1) & 0xFFFFFF;
			this.start = System.nanoTime();
			this.caller.call(this.a, this.b, this);
		}

		@Override
		public void completed(int total) {
			long end = System.nanoTime();
			if (total != this.a + this.b) {
				failed(new IllegalStateException("Expected " + (this.a + this.b) + " but got " + total));
				return;
			}
			if (this.phase.completed(this.start, end)) {
				// Started on the caller's event loop: a completion on another thread hands it over.
				if (this.caller.executor().inEventLoop()) {
					issue();
				}
				else {
					this.caller.executor().execute(this::issue);
				}
			}
		}

		@Override
		public void failed(Throwable error) {
			this.phase.firstError.compareAndSet(null, error);
			this.phase.completed(this.start, System.nanoTime());
		}

	}

}
