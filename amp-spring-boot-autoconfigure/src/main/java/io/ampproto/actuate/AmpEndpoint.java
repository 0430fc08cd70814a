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
package io.ampproto.actuate;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ampproto.client.AmpRequesters;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpDescriptions;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code amp} actuator endpoint, read-only: the server's address, the commands it
 * answers, the method that answers each and its schema (as {@code amp describe} and
 * {@code amp codegen} read it), its open connections, the named clients, and totals.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Endpoint(id = "amp")
public final class AmpEndpoint {

	private final @Nullable AmpSessionServer server;

	private final AmpResponders responders;

	private final Map<String, String> methodsByCommand;

	private final @Nullable AmpRequesters requesters;

	private final boolean tls;

	private final Clock clock;

	/**
	 * Create an endpoint.
	 * @param server the server, or {@code null} when the application runs none
	 * @param responders the responders of the application
	 * @param methodsByCommand the method that answers each command, for those answered
	 * by {@code @AmpResponder} methods
	 * @param requesters the named clients, or {@code null}
	 * @param tls whether the server is configured for TLS
	 */
	public AmpEndpoint(@Nullable AmpSessionServer server, AmpResponders responders,
			Map<String, String> methodsByCommand, @Nullable AmpRequesters requesters, boolean tls) {
		this(server, responders, methodsByCommand, requesters, tls, Clock.systemUTC());
	}

	AmpEndpoint(@Nullable AmpSessionServer server, AmpResponders responders, Map<String, String> methodsByCommand,
			@Nullable AmpRequesters requesters, boolean tls, Clock clock) {
		this.server = server;
		this.responders = responders;
		this.methodsByCommand = Map.copyOf(methodsByCommand);
		this.requesters = requesters;
		this.tls = tls;
		this.clock = clock;
	}

	/**
	 * Describe the AMP server, commands, connections and clients.
	 * @return the description
	 */
	@ReadOperation
	public AmpDescriptor amp() {
		AmpSessionServer server = this.server;
		AmpResponders responders = (server != null) ? server.responders() : this.responders;
		Map<String, String> commands = new LinkedHashMap<>();
		Map<String, AmpCommandDescription> schemas = new LinkedHashMap<>();
		for (String command : responders.commandNames()) {
			commands.put(command, this.methodsByCommand.getOrDefault(command, "(registered without @AmpResponder)"));
			AmpCommandSchema<?, ?> schema = responders.schema(command);
			if (schema != null) {
				schemas.put(command, AmpDescriptions.describe(schema));
			}
		}
		Map<String, ClientDescriptor> clients = new LinkedHashMap<>();
		if (this.requesters != null) {
			for (String name : this.requesters.names()) {
				clients.put(name, new ClientDescriptor(this.requesters.get(name).isConnected()));
			}
		}
		if (server == null) {
			return new AmpDescriptor(null, commands, schemas, List.of(), clients, new TotalsDescriptor(0, 0, 0, 0));
		}
		Instant now = this.clock.instant();
		List<ConnectionDescriptor> connections = new ArrayList<>();
		int inbound = 0;
		int outbound = 0;
		List<AmpSession> sessions = new ArrayList<>(server.sessions());
		sessions.sort(Comparator.comparing(AmpSession::openedAt));
		for (AmpSession session : sessions) {
			ConnectionDescriptor connection = describe(session, now);
			inbound += connection.inboundCallsInFlight();
			outbound += connection.outboundCallsInFlight();
			connections.add(connection);
		}
		SocketAddress address = server.address();
		ServerDescriptor serverDescriptor = new ServerDescriptor((address != null) ? format(address) : null,
				server.port(), server.isRunning(), server.isShuttingDown(), this.tls);
		TotalsDescriptor totals = new TotalsDescriptor(server.connectionsAccepted(), connections.size(), inbound,
				outbound);
		return new AmpDescriptor(serverDescriptor, commands, schemas, connections, clients, totals);
	}

	private static ConnectionDescriptor describe(AmpSession session, Instant now) {
		boolean tls = session.connection().isSecure();
		boolean switched = session.isSwitched();
		Instant openedAt = session.openedAt();
		long age = Math.max(0, Duration.between(openedAt, now).toSeconds());
		return new ConnectionDescriptor(format(session.connection().remoteAddress()), openedAt.toString(), age,
				session.inboundCallsInFlight(), session.outboundCallsInFlight(), tls, switched);
	}

	private static String format(@Nullable SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			return ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	/**
	 * The description of AMP in the application.
	 *
	 * @param server the server, or {@code null} when the application runs none
	 * @param commands the method answering each command, by command name
	 * @param schemas the schema of each command, by command name
	 * @param connections the open connections of the server, oldest first
	 * @param clients the named clients
	 * @param totals totals of the server
	 */
	public record AmpDescriptor(@Nullable ServerDescriptor server, Map<String, String> commands,
			Map<String, AmpCommandDescription> schemas, List<ConnectionDescriptor> connections, Map<String, ClientDescriptor> clients,
			TotalsDescriptor totals) implements OperationResponseBody {

	}

	/**
	 * The server.
	 *
	 * @param address the bound address, or {@code null} when not bound
	 * @param port the bound port, or -1
	 * @param running whether the server is bound
	 * @param shuttingDown whether a graceful shutdown is under way
	 * @param tls whether TLS is configured
	 */
	public record ServerDescriptor(@Nullable String address, int port, boolean running, boolean shuttingDown,
			boolean tls) {

	}

	/**
	 * An open connection of the server.
	 *
	 * @param peer the peer's address
	 * @param openedAt when the connection was accepted (ISO-8601)
	 * @param ageSeconds how long it has been open
	 * @param inboundCallsInFlight commands from the peer being answered
	 * @param outboundCallsInFlight calls to the peer waiting for their answer
	 * @param tls whether the connection is encrypted
	 * @param switched whether the connection has switched to another protocol
	 */
	public record ConnectionDescriptor(String peer, String openedAt, long ageSeconds, int inboundCallsInFlight,
			int outboundCallsInFlight, boolean tls, boolean switched) {

	}

	/**
	 * A named client.
	 *
	 * @param connected whether it is connected
	 */
	public record ClientDescriptor(boolean connected) {

	}

	/**
	 * Totals of the server.
	 *
	 * @param connectionsAccepted connections accepted since the server was created
	 * @param openConnections connections open now
	 * @param inboundCallsInFlight commands from clients being answered
	 * @param outboundCallsInFlight calls to clients waiting for their answer
	 */
	public record TotalsDescriptor(long connectionsAccepted, int openConnections, int inboundCallsInFlight,
			int outboundCallsInFlight) {

	}

}
