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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/<pid>/stat}: on a shared machine, CPU time per
 * call varies far less than calls per second.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class ProcCpu {

	/** Linux reports CPU time in ticks of 10 ms (USER_HZ is 100). */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private ProcCpu() {
	}

	/**
	 * Return the user and system CPU time of a process.
	 * @param pid the process
	 * @return the CPU time in nanoseconds, or -1 when unknown
	 */
	static long nanos(long pid) {
		if (pid <= 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// Fields after the command name, which is in parentheses and may hold spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
