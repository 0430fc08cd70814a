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
package io.ampproto.benchmarks.codec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that divides operations by the CPU time the benchmark process used:
 * operations per CPU-second (the throughput of one core) and CPU nanoseconds per
 * operation, which a machine shared with other work does not disturb the way it disturbs
 * operations per second or wall time per operation. {@code worker.cpu.per.op} counts only
 * the CPU time of JMH's worker threads, the code measured: on a crowded machine the
 * garbage collector's threads, waiting for each other, can add more than the code itself.
 * The operations are JMH's count of the iteration, so all three work in any benchmark mode
 * and time unit. Use with {@code -prof io.ampproto.benchmarks.codec.CpuTimeProfiler}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class CpuTimeProfiler implements InternalProfiler {

	private static final String WORKER = "-jmh-worker-";

	private long startCpu;

	private long startWorkerCpu;

	@Override
	public String getDescription() {
		return "Operations per CPU-second and CPU time per operation of the benchmark process";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startCpu = processCpuNanos();
		this.startWorkerCpu = workerCpuNanos();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long cpu = processCpuNanos() - this.startCpu;
		long workerCpu = workerCpuNanos() - this.startWorkerCpu;
		long operations = result.getMetadata().getAllOps();
		if (cpu <= 0 || operations <= 0) {
			return List.of();
		}
		return List.of(
				new ScalarResult("ops.per.cpu.s", operations / (cpu / 1e9), "ops/cpu-s", AggregationPolicy.AVG),
				new ScalarResult("cpu.per.op", (double) cpu / operations, "cpu-ns/op", AggregationPolicy.AVG),
				new ScalarResult("worker.cpu.per.op", (double) workerCpu / operations, "cpu-ns/op",
						AggregationPolicy.AVG));
	}

	/**
	 * The CPU time of JMH's worker threads; they live for the whole benchmark, so the
	 * difference over an iteration is theirs.
	 */
	private static long workerCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (thread != null && thread.getThreadName().contains(WORKER)) {
				total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
			}
		}
		return total;
	}

	private static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

}
