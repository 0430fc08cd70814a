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
package io.ampproto.autoconfigure.metrics;

import java.util.function.ToLongFunction;

import io.ampproto.server.AmpSessionServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The server's limits and how often they were reached, as meters, so that an alert can
 * compare open connections with {@code amp.server.max-connections} and see connections
 * held at {@code amp.server.max-calls-in-flight}: the gauges
 * {@code amp.server.connections.limit} and {@code amp.server.calls.in.flight.limit}, and
 * the counters {@code amp.server.connections.refused}, {@code amp.server.call.limit.pauses},
 * {@code amp.server.writability.pauses} and {@code amp.server.idle.timeouts}. Nothing is
 * bound without an {@link AmpSessionServer}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpServerLimitMeters implements MeterBinder {

	/** Gauge: {@code amp.server.max-connections}. */
	public static final String CONNECTIONS_LIMIT = "amp.server.connections.limit";

	/** Counter: connections closed on accepting, beyond the limit. */
	public static final String CONNECTIONS_REFUSED = "amp.server.connections.refused";

	/** Gauge: {@code amp.server.max-calls-in-flight}, per connection. */
	public static final String CALLS_IN_FLIGHT_LIMIT = "amp.server.calls.in.flight.limit";

	/** Counter: times a connection stopped starting commands at the in-flight limit. */
	public static final String CALL_LIMIT_PAUSES = "amp.server.call.limit.pauses";

	/** Counter: times a connection stopped starting commands for a client that does not read. */
	public static final String WRITABILITY_PAUSES = "amp.server.writability.pauses";

	/** Counter: times a connection stopped starting commands at {@code amp.server.max-blocking-calls}. */
	public static final String BLOCKING_LIMIT_PAUSES = "amp.server.blocking.limit.pauses";

	/** Counter: connections closed by {@code amp.server.idle-timeout}. */
	public static final String IDLE_TIMEOUTS = "amp.server.idle.timeouts";

	private final ObjectProvider<AmpSessionServer> server;

	/**
	 * Create the meters of the server, if there is one when they are bound.
	 * @param server the server
	 */
	public AmpServerLimitMeters(ObjectProvider<AmpSessionServer> server) {
		this.server = server;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		AmpSessionServer server = this.server.getIfAvailable();
		if (server == null) {
			return;
		}
		Gauge.builder(CONNECTIONS_LIMIT, server, (s) -> s.limits().maxConnections())
			.description("Connections the AMP server holds at most (amp.server.max-connections)")
			.tag("side", "server")
			.register(registry);
		Gauge.builder(CALLS_IN_FLIGHT_LIMIT, server, (s) -> s.options().maxInboundCallsInFlight())
			.description("Commands of one connection answered at once at most (amp.server.max-calls-in-flight)")
			.tag("side", "server")
			.register(registry);
		counter(registry, CONNECTIONS_REFUSED, server, AmpSessionServer::refusedConnections,
				"Connections closed on accepting because max-connections were open");
		counter(registry, CALL_LIMIT_PAUSES, server, AmpSessionServer::callLimitPauses,
				"Times a connection had max-calls-in-flight commands unanswered and was paused");
		counter(registry, WRITABILITY_PAUSES, server, AmpSessionServer::writabilityPauses,
				"Times a connection was paused because its client did not read its answers");
		counter(registry, BLOCKING_LIMIT_PAUSES, server, AmpSessionServer::blockingLimitPauses,
				"Times a connection was paused because max-blocking-calls blocking responders were running");
		counter(registry, IDLE_TIMEOUTS, server, AmpSessionServer::idleTimeouts,
				"Connections closed after idle-timeout without traffic");
	}

	private static void counter(MeterRegistry registry, String name, AmpSessionServer server,
			ToLongFunction<AmpSessionServer> count, String description) {
		FunctionCounter.builder(name, server, (s) -> count.applyAsLong(s))
			.description(description)
			.tag("side", "server")
			.register(registry);
	}

}
