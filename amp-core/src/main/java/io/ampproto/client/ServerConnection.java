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
import java.util.List;

import io.ampproto.auth.AmpLogin;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The connection of an {@link AmpRequester} to one server: opened on first use, shared,
 * opened again after it is lost, with a backoff after consecutive failures. Concurrent
 * callers share one attempt, which runs to the end even when they cancel.
 *
 * @author AMP for Spring Boot contributors
 */
final class ServerConnection implements Disposable {

	private static final Logger logger = Loggers.getLogger(ServerConnection.class);

	private final String name;

	private final String address;

	private final AmpConnector connector;

	private final AmpResponders responders;

	private final AmpSessionOptions options;

	private final ReconnectBackoff backoff;

	private final boolean startTls;

	private final @Nullable AmpLogin login;

	/** Guards the fields below; never held while connecting or signalling callers. */
	private final Object lock = new Object();

	private volatile @Nullable AmpSession session;

	private @Nullable Attempt attempt;

	private volatile boolean disposed;

	ServerConnection(String name, String address, AmpConnector connector, AmpResponders responders,
			AmpSessionOptions options, ReconnectBackoff backoff, boolean startTls, @Nullable AmpLogin login) {
		this.name = name;
		this.address = address;
		this.connector = connector;
		this.responders = responders;
		this.backoff = backoff;
		// The backoff watches each session: an answered call proves a connection good.
		this.options = options.withObserver(AmpSessionObserver.of(List.of(options.observer(), backoff)));
		this.startTls = startTls;
		this.login = login;
	}

	/**
	 * Return the open session, without connecting.
	 */
	@Nullable AmpSession openSession() {
		AmpSession current = this.session;
		return (current != null && !this.disposed && isOpen(current)) ? current : null;
	}

	/**
	 * Return the session, connecting first if needed.
	 */
	Mono<AmpSession> session() {
		return Mono.defer(() -> {
			Attempt started;
			Duration delay;
			AmpSession lost = null;
			int failed = 0;
			synchronized (this.lock) {
				if (this.disposed) {
					return Mono.error(disposedException());
				}
				AmpSession current = this.session;
				if (current != null && isOpen(current)) {
					return Mono.just(current);
				}
				if (this.attempt != null) {
					return this.attempt.result.asMono();
				}
				if (current != null) {
					// Closed, but not told yet: count it before computing the backoff.
					lost = current;
					failed = forget(current);
				}
				started = new Attempt();
				this.attempt = started;
				delay = this.backoff.remaining();
			}
			if (lost != null) {
				logClosed(failed);
			}
			// Subscribed outside the lock: the connection may complete on this thread.
			Mono<AmpConnection> connection = this.connector.connect();
			if (!delay.isZero()) {
				logger.debug("[{}] Reconnecting to {} in {} ms", this.name, this.address, delay.toMillis());
				connection = Mono.delay(delay).then(connection);
			}
			connection.subscribe(started);
			return started.result.asMono();
		});
	}

	boolean isConnected() {
		AmpSession current = this.session;
		return current != null && isOpen(current);
	}

	@Override
	public void dispose() {
		Attempt pending;
		AmpSession current;
		synchronized (this.lock) {
			if (this.disposed) {
				return;
			}
			this.disposed = true;
			pending = this.attempt;
			current = this.session;
			this.attempt = null;
			this.session = null;
		}
		if (pending != null) {
			pending.dispose();
			pending.result.tryEmitError(disposedException());
		}
		if (current != null) {
			current.dispose();
		}
		logger.debug("[{}] Disposed", this.name);
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	private void connected(Attempt attempt, AmpConnection connection) {
		// Started outside the lock: responders may run at once and call back into us.
		AmpSession started = AmpSession.start(connection, this.responders, this.options);
		AmpLogin login = this.login;
		if (!this.startTls && login == null) {
			accept(attempt, started);
			return;
		}
		// Callers get the session once TLS runs and the login is answered; a failed StartTLS
		// or login fails the attempt.
		Mono<?> tls = this.startTls ? started.startTls() : Mono.empty();
		Mono<Void> loggedIn = (login != null) ? login.login(started) : Mono.empty();
		tls.then(loggedIn).subscribe(null, (error) -> {
			started.dispose();
			failed(attempt, error);
		}, () -> accept(attempt, started));
	}

	private void accept(Attempt attempt, AmpSession started) {
		boolean accepted;
		synchronized (this.lock) {
			accepted = !this.disposed;
			if (accepted) {
				this.session = started;
				this.attempt = null;
				this.backoff.connected(started);
			}
		}
		if (!accepted) {
			started.dispose();
			attempt.result.tryEmitError(disposedException());
			return;
		}
		logger.debug("[{}] Connected to {}", this.name, this.address);
		started.onClose().subscribe(null, null, () -> closed(started));
		attempt.result.tryEmitValue(started);
	}

	private void failed(Attempt attempt, Throwable error) {
		int failed;
		synchronized (this.lock) {
			if (this.attempt == attempt) {
				this.attempt = null;
			}
			failed = this.backoff.attemptFailed();
		}
		logger.warn("[{}] Cannot connect to {} (attempt {}): {}", this.name, this.address, failed, error.toString());
		attempt.result.tryEmitError(new AmpConnectException(
				"Cannot connect to AMP server " + this.address + ": " + error.getMessage(), error));
	}

	private void closed(AmpSession closed) {
		int failed;
		synchronized (this.lock) {
			if (this.session != closed) {
				return;
			}
			failed = forget(closed);
		}
		logClosed(failed);
	}

	/** Call with the lock held; return the consecutive failures, 0 after a good connection. */
	private int forget(AmpSession closed) {
		this.session = null;
		return this.backoff.closed(closed);
	}

	private void logClosed(int failed) {
		if (failed == 0) {
			logger.debug("[{}] Connection to {} closed", this.name, this.address);
		}
		else {
			logger.info("[{}] Connection to {} closed before it answered a call (failure {}): next attempt in {} ms",
					this.name, this.address, failed, this.backoff.after(failed).toMillis());
		}
	}

	private static boolean isOpen(AmpSession session) {
		return !session.isDisposed() && session.connection().isActive() && !session.isSwitched();
	}

	private IllegalStateException disposedException() {
		return new IllegalStateException("AmpRequester " + this.name + " to " + this.address + " is disposed");
	}

	/**
	 * One connection attempt, shared by every caller that waits for it. It runs to the
	 * end even when they cancel, so a connection is never opened and then lost.
	 */
	private final class Attempt extends BaseSubscriber<AmpConnection> {

		final Sinks.One<AmpSession> result = Sinks.one();

		@Override
		protected void hookOnNext(AmpConnection connection) {
			start(connection);
		}

		private void start(AmpConnection connection) {
			try {
				connected(this, connection);
			}
			catch (RuntimeException ex) {
				connection.dispose();
				failed(this, ex);
			}
		}

		@Override
		protected void hookOnError(Throwable error) {
			failed(this, error);
		}

	}

}
