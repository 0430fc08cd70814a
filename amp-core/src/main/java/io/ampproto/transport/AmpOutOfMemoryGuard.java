/*
 * Copyright 2026 the AMP for Spring Boot authors
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

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * What happens when an {@link OutOfMemoryError} reaches AMP code: by default the process
 * exits, with status {@value #EXIT_STATUS} as the JVM's {@code -XX:+ExitOnOutOfMemoryError}
 * does, after one log line. Netty and Reactor catch it on the event loops and go on, so a
 * process short of heap or direct memory is left half alive: connections closed one by
 * one, health checks that no longer answer, a shutdown that never completes. The exit
 * runs the shutdown hooks (a Spring application closes its context); when they take
 * longer than {@link #HALT_AFTER} the process is halted.
 * <p>
 * {@code -XX:+ExitOnOutOfMemoryError} alone does not cover direct memory: Netty and the
 * JDK throw that error themselves, not the JVM.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpOutOfMemoryGuard {

	/** Exit status of the process after an {@link OutOfMemoryError}. */
	public static final int EXIT_STATUS = 3;

	/** Longest wait for the shutdown hooks before the process is halted. */
	public static final Duration HALT_AFTER = Duration.ofSeconds(30);

	private static final Logger logger = Loggers.getLogger(AmpOutOfMemoryGuard.class);

	private static final AtomicBoolean exiting = new AtomicBoolean();

	private static volatile boolean exitOnOutOfMemory = true;

	private static volatile Consumer<OutOfMemoryError> exit = AmpOutOfMemoryGuard::exitProcess;

	/** Name of the handler that watches a connection's pipeline. */
	static final String HANDLER_NAME = AmpPipeline.OUT_OF_MEMORY;

	private static final Handler HANDLER = new Handler();

	private AmpOutOfMemoryGuard() {
	}

	/**
	 * Set whether an {@link OutOfMemoryError} exits the process (the default) or is only
	 * logged. Applies to the whole process.
	 * @param exit whether to exit
	 */
	public static void exitOnOutOfMemory(boolean exit) {
		exitOnOutOfMemory = exit;
	}

	/**
	 * Return whether an {@link OutOfMemoryError} exits the process.
	 * @return whether it exits
	 */
	public static boolean isExitOnOutOfMemory() {
		return exitOnOutOfMemory;
	}

	/**
	 * Replace how the process exits, for tests.
	 * @param action told about the error instead of exiting
	 * @return the action replaced
	 */
	static Consumer<OutOfMemoryError> exitAction(Consumer<OutOfMemoryError> action) {
		Consumer<OutOfMemoryError> previous = exit;
		exit = action;
		exiting.set(false);
		return previous;
	}

	/**
	 * Look for an {@link OutOfMemoryError} in an error and its causes, and act on it.
	 * @param error the error caught
	 * @param where where it was caught, for the log
	 * @return whether it was an {@link OutOfMemoryError}
	 */
	public static boolean check(Throwable error, Object where) {
		OutOfMemoryError outOfMemory = find(error);
		if (outOfMemory == null) {
			return false;
		}
		if (!exitOnOutOfMemory) {
			logQuietly("OutOfMemoryError in AMP " + where + "; going on, as amp.exit-on-out-of-memory is false",
					outOfMemory);
			return true;
		}
		if (exiting.compareAndSet(false, true)) {
			logQuietly("OutOfMemoryError in AMP " + where + ": exiting the process with status " + EXIT_STATUS
					+ " (set amp.exit-on-out-of-memory to false to go on instead)", outOfMemory);
			exit.accept(outOfMemory);
		}
		return true;
	}

	private static @Nullable OutOfMemoryError find(Throwable error) {
		Throwable cause = error;
		for (int depth = 0; cause != null && depth < 16; depth++) {
			if (cause instanceof OutOfMemoryError outOfMemory) {
				return outOfMemory;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return null;
	}

	private static void logQuietly(String message, OutOfMemoryError error) {
		try {
			logger.error(message, error);
		}
		catch (Throwable ex) {
			// Short of memory to log: the exit matters more.
		}
	}

	private static void exitProcess(OutOfMemoryError error) {
		try {
			Thread halt = new Thread(() -> {
				try {
					Thread.sleep(HALT_AFTER.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				Runtime.getRuntime().halt(EXIT_STATUS);
			}, "amp-out-of-memory-halt");
			halt.setDaemon(true);
			halt.start();
			// Not on the event loop: the shutdown hooks may wait for it.
			Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "amp-out-of-memory-exit");
			exit.start();
		}
		catch (Throwable ex) {
			Runtime.getRuntime().halt(EXIT_STATUS);
		}
	}

	/**
	 * Add the handler that watches the errors of a connection's pipeline.
	 * @param connection the connection
	 */
	static void install(reactor.netty.Connection connection) {
		connection.addHandlerLast(HANDLER_NAME, HANDLER);
	}

	/**
	 * Sees the errors of a pipeline: a read buffer, a decoder or an encoder out of memory.
	 */
	@ChannelHandler.Sharable
	private static final class Handler extends ChannelInboundHandlerAdapter {

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			check(cause, "on the connection to " + ctx.channel().remoteAddress());
			ctx.fireExceptionCaught(cause);
		}

	}

}
