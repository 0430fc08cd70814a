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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.session.AmpSession;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.ContextView;

/**
 * The calls of a load-balanced {@link AmpRequester}: each attempt asks the
 * {@link AmpLoadBalancer} for an instance and goes over that instance's one connection.
 * <p>
 * Failover: an attempt that sent nothing (the instance is unreachable, or connecting to
 * it failed) goes to another instance; an attempt whose connection dropped before the
 * answer is sent again to another instance only for an
 * {@link io.ampproto.command.AmpCommandSpec#idempotent() idempotent} command, at most
 * {@code maxAttempts} times in all; any other failure is the caller's.
 *
 * @author AMP for Spring Boot contributors
 */
final class BalancedCalls implements Disposable {

	private static final Logger logger = Loggers.getLogger(BalancedCalls.class);

	private final String name;

	private final AmpLoadBalancer loadBalancer;

	private final Function<AmpServiceInstance, AmpRequester> requesters;

	private final AmpRequester.LoadBalancing settings;

	private final ConcurrentHashMap<AmpServiceInstance, InstanceConnection> connections = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	private volatile @Nullable Disposable refresher;

	private volatile boolean disposed;

	BalancedCalls(String name, AmpLoadBalancer loadBalancer, Function<AmpServiceInstance, AmpRequester> requesters,
			AmpRequester.LoadBalancing settings) {
		this.name = name;
		this.loadBalancer = loadBalancer;
		this.requesters = requesters;
		this.settings = settings;
	}

	String serviceId() {
		return this.loadBalancer.serviceId();
	}

	/**
	 * Call through a chosen instance's session.
	 * @param command the command name
	 * @param idempotent whether the command may be sent again after a dropped connection
	 * @param send sends the command on a session
	 */
	<R> Mono<R> call(String command, boolean idempotent, Function<AmpSession, Mono<R>> send) {
		return Mono.deferContextual((context) -> attempt(command, idempotent, send, null, context));
	}

	/**
	 * Return the session of a chosen instance, connecting first if needed: calls made on it
	 * all go to that instance.
	 */
	Mono<AmpSession> session() {
		return call("session", false, Mono::just);
	}

	private <R> Mono<R> attempt(String command, boolean idempotent, Function<AmpSession, Mono<R>> send,
			@Nullable Failover failover, ContextView context) {
		if (this.disposed) {
			return Mono.error(new IllegalStateException("AmpRequester " + this.name + " is disposed"));
		}
		if (this.refresher == null) {
			startRefreshing();
		}
		Mono<AmpLoadBalancer.Choice> chosen = this.loadBalancer.choose(command, context);
		if (chosen instanceof Fuseable.ScalarCallable<?> ready) {
			// Chosen at once (a cached instance list): taken as is, no Reactor pipeline per call.
			AmpLoadBalancer.Choice choice;
			try {
				choice = (AmpLoadBalancer.Choice) ready.call();
			}
			catch (Exception ex) {
				return Mono.error(ex);
			}
			return (choice != null) ? attempt(choice, command, idempotent, send, failover, context) : Mono.empty();
		}
		return chosen.flatMap((choice) -> attempt(choice, command, idempotent, send, failover, context));
	}

	private <R> Mono<R> attempt(AmpLoadBalancer.Choice choice, String command, boolean idempotent,
			Function<AmpSession, Mono<R>> send, @Nullable Failover failover, ContextView context) {
		AmpServiceInstance instance = choice.instance();
		if (instance == null) {
			choice.discarded();
			return Mono.error(new AmpConnectException(
					"No instance of service '" + serviceId() + "' for AMP client " + this.name, null));
		}
		InstanceConnection target = connection(instance);
		if (target == null) {
			choice.discarded();
			return Mono.error(new IllegalStateException("AmpRequester " + this.name + " is disposed"));
		}
		if (target.isUnreachable() || (failover != null && failover.excludes(target))) {
			choice.discarded();
			return skipped(command, idempotent, send, (failover != null) ? failover : new Failover(), null, context);
		}
		AmpSession session = target.openSession();
		if (session != null) {
			return send(choice, target, session, command, idempotent, send, failover, context);
		}
		// Connecting: a failure sent nothing, so the call goes to another instance.
		return target.session().materialize().flatMap((signal) -> {
			AmpSession connected = signal.get();
			if (connected != null) {
				return send(choice, target, connected, command, idempotent, send, failover, context);
			}
			Throwable error = (signal.getThrowable() != null) ? signal.getThrowable()
					: new AmpConnectException("No session", null);
			choice.started();
			choice.completed(error);
			Failover next = (failover != null) ? failover : new Failover();
			next.exclude(target);
			return skipped(command, idempotent, send, next, error, context);
		});
	}

	private <R> Mono<R> send(AmpLoadBalancer.Choice choice, InstanceConnection target, AmpSession session,
			String command, boolean idempotent, Function<AmpSession, Mono<R>> send, @Nullable Failover failover,
			ContextView context) {
		boolean tracked = choice.tracked();
		if (!tracked && !idempotent) {
			// Nothing to tell the balancer and nothing to send again: the call as it is.
			return send.apply(session);
		}
		Mono<R> sent;
		if (tracked) {
			choice.started();
			sent = send.apply(session).doOnSuccess((result) -> choice.completed(null));
		}
		else {
			sent = send.apply(session);
		}
		return sent.onErrorResume((error) -> {
			if (tracked) {
				choice.completed(error);
			}
			if (!idempotent || !(error instanceof AmpConnectionClosedException)) {
				return Mono.error(error);
			}
			Failover next = (failover != null) ? failover : new Failover();
			if (++next.sends >= this.settings.maxAttempts()) {
				return Mono.error(error);
			}
			next.exclude(target);
			logger.debug("[{}] {} dropped on instance {}, sending it again to another: {}", this.name, command,
					target, error.toString());
			return attempt(command, true, send, next, context);
		});
	}

	/**
	 * Choose again after an instance that could not take the attempt; past a bound, fall
	 * back on any connected instance that was not tried, then give up.
	 */
	private <R> Mono<R> skipped(String command, boolean idempotent, Function<AmpSession, Mono<R>> send,
			Failover failover, @Nullable Throwable cause, ContextView context) {
		if (cause != null) {
			failover.lastError = cause;
		}
		if (++failover.skips <= 2 * this.connections.size() + 2) {
			return attempt(command, idempotent, send, failover, context);
		}
		for (InstanceConnection connection : this.connections.values()) {
			AmpSession session = connection.openSession();
			if (session != null && !connection.isRetired() && !failover.excludes(connection)) {
				failover.exclude(connection);
				return send.apply(session);
			}
		}
		Throwable last = failover.lastError;
		return Mono.error(new AmpConnectException("No reachable instance of service '" + serviceId()
				+ "' for AMP client " + this.name + " (tried " + failover.tried() + ")", last));
	}

	private @Nullable InstanceConnection connection(AmpServiceInstance instance) {
		InstanceConnection connection = this.connections.get(instance);
		if (connection != null) {
			return connection;
		}
		synchronized (this.lock) {
			if (this.disposed) {
				return null;
			}
			return this.connections.computeIfAbsent(instance, (key) -> new InstanceConnection(key,
					this.requesters.apply(key), this.settings.minBackoff(), this.settings.maxBackoff()));
		}
	}

	private void startRefreshing() {
		synchronized (this.lock) {
			if (this.refresher != null || this.disposed) {
				return;
			}
			Duration interval = this.settings.refreshInterval();
			this.refresher = Flux.interval(interval, interval)
				.onBackpressureDrop()
				.concatMap((tick) -> this.loadBalancer.instances().onErrorResume((ex) -> {
					logger.warn("[{}] Cannot list the instances of {}: {}", this.name, serviceId(), ex.toString());
					return Mono.empty();
				}), 1)
				.subscribe(this::retain);
		}
	}

	/**
	 * Drain and close the connections of instances no longer listed.
	 */
	void retain(List<AmpServiceInstance> current) {
		Set<AmpServiceInstance> listed = new HashSet<>(current);
		this.connections.forEach((instance, connection) -> {
			if (!listed.contains(instance) && this.connections.remove(instance, connection)) {
				connection.retire(this.settings.drainTimeout());
			}
		});
	}

	/**
	 * Return how many instances have an open connection.
	 */
	int connectedInstances() {
		int connected = 0;
		for (InstanceConnection connection : this.connections.values()) {
			if (connection.isConnected()) {
				connected++;
			}
		}
		return connected;
	}

	/**
	 * Return the instances that have a connection (open, being made or unreachable).
	 */
	List<AmpServiceInstance> knownInstances() {
		return List.copyOf(this.connections.keySet());
	}

	@Override
	public void dispose() {
		Disposable refreshing;
		synchronized (this.lock) {
			this.disposed = true;
			refreshing = this.refresher;
		}
		if (refreshing != null) {
			refreshing.dispose();
		}
		this.connections.values().forEach(InstanceConnection::dispose);
		this.connections.clear();
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	/**
	 * What one call went through: the instances it left, how often it was sent.
	 */
	private static final class Failover {

		private final Set<InstanceConnection> excluded = new HashSet<>();

		int skips;

		int sends = 1;

		@Nullable Throwable lastError;

		synchronized void exclude(InstanceConnection connection) {
			this.excluded.add(connection);
		}

		synchronized boolean excludes(InstanceConnection connection) {
			return this.excluded.contains(connection);
		}

		synchronized String tried() {
			return this.excluded.toString();
		}

	}

}
