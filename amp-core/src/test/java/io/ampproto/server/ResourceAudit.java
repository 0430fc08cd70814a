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

package io.ampproto.server;

import java.io.File;
import java.time.Duration;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What failure-injection tests check after each scenario: open file descriptors and
 * Netty's leak reports.
 *
 * @author AMP for Spring Boot contributors
 */
final class ResourceAudit {

	private ResourceAudit() {
	}

	/**
	 * Run a scenario once to warm up (lazy threads, class loading), then count the open
	 * file descriptors.
	 */
	static int openFileDescriptors(Runnable warmUp) {
		warmUp.run();
		return openFileDescriptors();
	}

	static int openFileDescriptors() {
		String[] fds = new File("/proc/self/fd").list();
		assertThat(fds).as("/proc/self/fd").isNotNull();
		return fds.length;
	}

	/**
	 * Wait until the descriptors come back to their count (a few of slack for the JVM's
	 * own).
	 */
	static void awaitDescriptorsBackTo(int before, Duration timeout) {
		await().atMost(timeout).untilAsserted(() -> assertThat(openFileDescriptors()).isLessThanOrEqualTo(before + 3));
	}

	/**
	 * Leaks are reported when a leaked buffer has been collected and another buffer is
	 * allocated.
	 */
	static void assertNoLeakReported(ListAppender<ILoggingEvent> logs) {
		for (int i = 0; i < 3; i++) {
			System.gc();
			ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
			buffer.release();
		}
		assertThat(logs.list).as("leak reports").noneMatch((event) -> event.getFormattedMessage().contains("LEAK:"));
	}

}
