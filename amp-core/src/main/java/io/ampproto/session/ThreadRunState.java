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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Whether a thread waits for a CPU (runnable) rather than for something else (asleep,
 * blocked in a read or a lock), as Linux tells it in {@code /proc}: Java cannot tell, as
 * a thread blocked in a socket read is {@code RUNNABLE} to it too. Elsewhere, unknown.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class ThreadRunState {

	private static final Path THREAD_SELF = Path.of("/proc/thread-self");

	private final Path stat;

	private ThreadRunState(Path stat) {
		this.stat = stat;
	}

	/**
	 * The run state of the calling thread, to be read from any thread.
	 * @return its run state, or {@code null} where {@code /proc} does not tell it
	 */
	static @Nullable ThreadRunState ofCurrentThread() {
		try {
			// "/proc/thread-self" links to "<pid>/task/<tid>" of the thread that reads it.
			Path task = Path.of("/proc").resolve(Files.readSymbolicLink(THREAD_SELF));
			ThreadRunState state = new ThreadRunState(task.resolve("stat"));
			return (state.read() != 0) ? state : null;
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return null;
		}
	}

	/**
	 * Whether the thread is running or waits for a CPU.
	 * @return true when it is, false when it sleeps, is blocked, or is unknown
	 */
	boolean isRunnable() {
		return read() == 'R';
	}

	/**
	 * The state letter after the command name: "1234 (name) S ...". The name may hold
	 * spaces and parentheses, so the last ')' ends it.
	 */
	private char read() {
		try {
			String line = new String(Files.readAllBytes(this.stat), StandardCharsets.US_ASCII);
			int end = line.lastIndexOf(')');
			return (end >= 0 && end + 2 < line.length()) ? line.charAt(end + 2) : 0;
		}
		catch (IOException | SecurityException ex) {
			return 0;
		}
	}

}
