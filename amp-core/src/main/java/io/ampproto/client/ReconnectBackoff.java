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
package io.ampproto.client;

import java.time.Duration;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * The backoff of one requester's connection attempts: exponential in the consecutive
 * failures. A connection resets it only once it proves itself, by answering a call or by
 * staying open for a while; one that closes before is one more failure. So a server that
 * accepts and drops every connection gets the same backoff as one that refuses them.
 * <p>
 * As a session observer, it watches the calls of the current session for an answer (a
 * result or an error); once one has come, it costs nothing per call. Thread-safe.
 *
 * @author AMP for Spring Boot contributors
 */
final class ReconnectBackoff implements AmpSessionObserver {

	private final Duration min;

	private final Duration max;

	private final long stableAfterNanos;

	/** Consecutive failures; a connection lost after it proved itself counts as one. */
	private int failures;

	private long lastFailureNanos;

	private @Nullable AmpSession current;

	private long connectedNanos;

	/** Whether a call on the current session has been answered. */
	private volatile boolean answered;

	ReconnectBackoff(Duration min, Duration max, Duration stableAfter) {
		this.min = min;
		this.max = max;
		this.stableAfterNanos = stableAfter.toNanos();
	}

	/**
	 * Return how long the next attempt must still wait.
	 */
	synchronized Duration remaining() {
		if (this.failures == 0) {
			return Duration.ZERO;
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - this.lastFailureNanos);
		Duration remaining = backoff(this.failures, this.min, this.max).minus(elapsed);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	/**
	 * An attempt failed; return the number of consecutive failures.
	 */
	synchronized int attemptFailed() {
		this.lastFailureNanos = System.nanoTime();
		return ++this.failures;
	}

	/**
	 * A session started on a new connection: the backoff stands until it proves itself.
	 */
	synchronized void connected(AmpSession session) {
		this.current = session;
		this.connectedNanos = System.nanoTime();
		this.answered = false;
	}

	/**
	 * The connection of a session closed; return the consecutive failures: 1 when it had
	 * proved itself (wait the minimum before reconnecting), else one more than before.
	 */
	synchronized int closed(AmpSession session) {
		long now = System.nanoTime();
		boolean proven = session == this.current
				&& (this.answered || now - this.connectedNanos >= this.stableAfterNanos);
		this.current = null;
		this.failures = proven ? 1 : this.failures + 1;
		this.lastFailureNanos = now;
		return proven ? 0 : this.failures;
	}

	/**
	 * Return the backoff after consecutive failures.
	 */
	Duration after(int failures) {
		return backoff(failures, this.min, this.max);
	}

	/**
	 * Return the backoff after consecutive failures: doubling from the minimum, capped.
	 */
	static Duration backoff(int failures, Duration min, Duration max) {
		Duration backoff = min.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 30));
		return (backoff.compareTo(max) > 0) ? max : backoff;
	}

	@Override
	public AmpSessionObserver.@Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema,
			boolean declared, ContextView context) {
		if (this.answered || !schema.requiresAnswer()) {
			return null;
		}
		return (outcome, errorCode, error) -> {
			if (outcome == AmpCallOutcome.SUCCESS || outcome == AmpCallOutcome.ERROR) {
				answered(session);
			}
		};
	}

	private synchronized void answered(AmpSession session) {
		if (session == this.current) {
			this.answered = true;
		}
	}

	@Override
	public String toString() {
		return "ReconnectBackoff{min=" + this.min + ", max=" + this.max + ", stableAfter="
				+ Duration.ofNanos(this.stableAfterNanos) + "}";
	}

}
