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

import io.ampproto.session.AmpSession;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * The connection of a load-balanced requester to one instance: made on first use and
 * kept. When it cannot be made, the instance is unreachable, skipped by calls, while
 * Reactor's jittered, capped {@link Retry#backoff backoff} connects again until it can.
 * An instance that left the service is retired: its connection closes once the calls
 * waiting on it are answered.
 *
 * @author AMP for Spring Boot contributors
 */
final class InstanceConnection {

	private static final Logger logger = Loggers.getLogger(InstanceConnection.class);

	private static final Duration DRAIN_POLL = Duration.ofMillis(50);

	private final AmpServiceInstance instance;

	private final AmpRequester requester;

	private final Retry reconnect;

	private final Object lock = new Object();

	private volatile boolean unreachable;

	private volatile boolean retired;

	private @Nullable Disposable reconnecting;

	InstanceConnection(AmpServiceInstance instance, AmpRequester requester, Duration minBackoff, Duration maxBackoff) {
		this.instance = instance;
		this.requester = requester;
		this.reconnect = Retry.backoff(Long.MAX_VALUE, minBackoff).maxBackoff(maxBackoff).jitter(0.5);
	}

	AmpServiceInstance instance() {
		return this.instance;
	}

	/**
	 * Return the session when connected, without connecting.
	 */
	@Nullable AmpSession openSession() {
		return this.requester.openSession();
	}

	/**
	 * Return the session, connecting first if needed. A failure means nothing was sent,
	 * and marks the instance unreachable.
	 */
	Mono<AmpSession> session() {
		return this.requester.session().doOnError(this::unreachable);
	}

	boolean isUnreachable() {
		return this.unreachable;
	}

	boolean isConnected() {
		return this.requester.isConnected();
	}

	boolean isRetired() {
		return this.retired;
	}

	private void unreachable(Throwable error) {
		synchronized (this.lock) {
			if (this.unreachable || this.retired) {
				return;
			}
			this.unreachable = true;
			logger.warn("[{}] Instance {} at {} is unreachable, skipped until it can be reached: {}", this.requester,
					this.instance.instanceId(), this.instance.address(), error.toString());
			this.reconnecting = Mono.defer(this.requester::connect)
				.retryWhen(this.reconnect)
				.subscribe(null, (ex) -> logger.debug("Stopped reconnecting to {}: {}", this.instance, ex.toString()),
						this::reachable);
		}
	}

	private void reachable() {
		synchronized (this.lock) {
			this.unreachable = false;
			this.reconnecting = null;
		}
		logger.info("[{}] Instance {} at {} is reachable again", this.requester, this.instance.instanceId(),
				this.instance.address());
	}

	/**
	 * The instance left the service: stop reconnecting, and close the connection once no
	 * call waits on it (or after the timeout).
	 */
	void retire(Duration drainTimeout) {
		Disposable pending;
		synchronized (this.lock) {
			if (this.retired) {
				return;
			}
			this.retired = true;
			pending = this.reconnecting;
			this.reconnecting = null;
		}
		if (pending != null) {
			pending.dispose();
		}
		logger.info("[{}] Instance {} at {} left the service: draining", this.requester, this.instance.instanceId(),
				this.instance.address());
		long deadline = System.nanoTime() + drainTimeout.toNanos();
		Flux.interval(Duration.ZERO, DRAIN_POLL)
			.takeUntil((tick) -> isDrained() || System.nanoTime() - deadline > 0)
			.then()
			.subscribe(null, (ex) -> this.requester.dispose(), this.requester::dispose);
	}

	private boolean isDrained() {
		AmpSession session = this.requester.openSession();
		return session == null || session.outboundCallsInFlight() == 0;
	}

	void dispose() {
		Disposable pending;
		synchronized (this.lock) {
			this.retired = true;
			pending = this.reconnecting;
			this.reconnecting = null;
		}
		if (pending != null) {
			pending.dispose();
		}
		this.requester.dispose();
	}

	@Override
	public String toString() {
		return this.instance.instanceId() + "@" + this.instance.address() + (this.unreachable ? " (unreachable)" : "")
				+ (this.retired ? " (retired)" : "");
	}

}
