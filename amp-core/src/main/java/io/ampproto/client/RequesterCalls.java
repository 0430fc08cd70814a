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
package io.ampproto.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where the calls of an {@link AmpRequester} go: the connection to one server, or the
 * instances of a load-balanced service. Exactly one of the two is set.
 *
 * @author AMP for Spring Boot contributors
 */
final class RequesterCalls {

	/** The connection to one server; {@code null} for a load-balanced requester. */
	private final @Nullable ServerConnection server;

	/** The calls of a load-balanced requester; {@code null} for one server. */
	private final @Nullable BalancedCalls balanced;

	private RequesterCalls(@Nullable ServerConnection server, @Nullable BalancedCalls balanced) {
		this.server = server;
		this.balanced = balanced;
	}

	static RequesterCalls toServer(ServerConnection server) {
		return new RequesterCalls(server, null);
	}

	static RequesterCalls balanced(BalancedCalls balanced) {
		return new RequesterCalls(null, balanced);
	}

	<R> Mono<R> call(AmpCommand<R> command) {
		BalancedCalls balanced = this.balanced;
		if (balanced != null) {
			AmpCommandSchema<?, ?> schema = schemaOf(command);
			return balanced.call(schema.name(), schema.idempotent(), (session) -> session.call(command));
		}
		ServerConnection server = Objects.requireNonNull(this.server);
		return Mono.defer(() -> {
			// Connected: straight to the session, without the connecting machinery.
			AmpSession current = server.openSession();
			if (current != null) {
				return current.call(command);
			}
			return server.session().flatMap((session) -> session.call(command));
		});
	}

	<R> Mono<R> call(AmpCommand<R> command, Duration timeout) {
		BalancedCalls balanced = this.balanced;
		if (balanced != null) {
			AmpCommandSchema<?, ?> schema = schemaOf(command);
			return balanced.call(schema.name(), schema.idempotent(), (session) -> session.call(command, timeout));
		}
		ServerConnection server = Objects.requireNonNull(this.server);
		return Mono.defer(() -> {
			AmpSession current = server.openSession();
			if (current != null) {
				return current.call(command, timeout);
			}
			return server.session().flatMap((session) -> session.call(command, timeout));
		});
	}

	<R> Mono<R> call(AmpCommandSchema<?, R> schema, Function<AmpSession, Mono<R>> call) {
		BalancedCalls balanced = this.balanced;
		if (balanced != null) {
			return balanced.call(schema.name(), schema.idempotent(), call);
		}
		ServerConnection server = Objects.requireNonNull(this.server);
		return Mono.defer(() -> {
			AmpSession current = server.openSession();
			return (current != null) ? call.apply(current) : server.session().flatMap(call);
		});
	}

	Mono<AmpBox> callRaw(String command, AmpBox arguments) {
		BalancedCalls balanced = this.balanced;
		if (balanced != null) {
			// Nothing says a raw command is idempotent: sent once.
			return balanced.call(command, false, (session) -> session.callRaw(command, arguments));
		}
		return session().flatMap((session) -> session.callRaw(command, arguments));
	}

	Mono<AmpSession> session() {
		BalancedCalls balanced = this.balanced;
		if (balanced != null) {
			return balanced.session();
		}
		return Objects.requireNonNull(this.server).session();
	}

	boolean isConnected() {
		BalancedCalls balanced = this.balanced;
		if (balanced != null) {
			return balanced.connectedInstances() > 0;
		}
		return Objects.requireNonNull(this.server).isConnected();
	}

	@Nullable String serviceId() {
		BalancedCalls balanced = this.balanced;
		return (balanced != null) ? balanced.serviceId() : null;
	}

	int connectedInstances() {
		BalancedCalls balanced = this.balanced;
		if (balanced != null) {
			return balanced.connectedInstances();
		}
		return isConnected() ? 1 : 0;
	}

	List<AmpServiceInstance> knownInstances() {
		BalancedCalls balanced = this.balanced;
		return (balanced != null) ? balanced.knownInstances() : List.of();
	}

	@Nullable AmpSession openSession() {
		ServerConnection server = this.server;
		return (server != null) ? server.openSession() : null;
	}

	void dispose() {
		if (this.balanced != null) {
			this.balanced.dispose();
		}
		if (this.server != null) {
			this.server.dispose();
		}
	}

	@SuppressWarnings("unchecked")
	private static AmpCommandSchema<?, ?> schemaOf(AmpCommand<?> command) {
		return AmpCommandSchema.of((Class<AmpCommand<Object>>) command.getClass());
	}

}
