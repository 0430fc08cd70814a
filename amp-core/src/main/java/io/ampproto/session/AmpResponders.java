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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The responders of a session, by exact (case-sensitive) command name, as Twisted's
 * {@code CommandLocator}. Immutable and shared by every connection.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpResponders {

	private static final AmpResponders NONE = new AmpResponders(Map.of());

	private final Map<String, Responder<?, ?>> responders;

	private AmpResponders(Map<String, Responder<?, ?>> responders) {
		this.responders = responders;
	}

	/**
	 * Return responders that answer nothing (every command gets {@code UNHANDLED}).
	 * @return no responders
	 */
	public static AmpResponders none() {
		return NONE;
	}

	/**
	 * Return a new builder.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the names of the commands answered.
	 * @return the command names
	 */
	public Set<String> commandNames() {
		return this.responders.keySet();
	}

	/**
	 * Return the schema of an answered command.
	 * @param name the command name
	 * @return its schema, or {@code null} when the command is not answered
	 */
	public @Nullable AmpCommandSchema<?, ?> schema(String name) {
		Responder<?, ?> responder = this.responders.get(name);
		return (responder != null) ? responder.schema() : null;
	}

	@Nullable Responder<?, ?> find(String name) {
		return this.responders.get(name);
	}

	/**
	 * A command schema with its handler, the interceptors it runs behind, and the
	 * executor it runs on when it may block ({@code null}: on the connection's event
	 * loop).
	 */
	record Responder<C, R>(AmpCommandSchema<C, R> schema, AmpCommandHandler<C, R> handler,
			AmpServerInterceptor[] interceptors, @Nullable AmpBlockingExecutor blocking) {

		/**
		 * Read the command, telling {@code read} (when given) the command first.
		 */
		C read(AmpBox box, AmpSession session, @Nullable Consumer<Object> read) {
			C command = this.schema.arguments().fromBox(box, session.connection().argumentContext());
			if (read != null) {
				read.accept(command);
			}
			return command;
		}

		/**
		 * Read the command and call the handler, behind the interceptors and in the
		 * command's scope, telling {@code read} (when given) the command first.
		 */
		Mono<?> invoke(AmpBox box, AmpSession session, @Nullable Consumer<Object> read,
				AmpSessionObserver.@Nullable Call observed) {
			return call(read(box, session, read), session, observed);
		}

		/**
		 * Call the handler with a command read before, behind the interceptors and in the
		 * command's scope: where the handler runs (a blocking one on its executor).
		 */
		@SuppressWarnings("unchecked")
		Mono<?> call(Object read, AmpSession session, AmpSessionObserver.@Nullable Call observed) {
			C command = (C) read;
			AmpCallContext call = new AmpCallContext(this.schema, command, session, observed);
			if (this.interceptors.length == 0) {
				try (AmpSessionObserver.Scope scope = call.openScope()) {
					return Mono.from(this.handler.handle(command, call));
				}
			}
			return InterceptorChains.server(this.interceptors, call,
					() -> Mono.from(this.handler.handle(command, call)));
		}

	}

	/**
	 * Builds {@link AmpResponders}.
	 */
	public static final class Builder {

		private final Map<String, Responder<?, ?>> responders = new LinkedHashMap<>();

		private final List<AmpServerInterceptor> interceptors = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Run every command through an interceptor, after those added before it and
		 * before the interceptors of the command's own responder.
		 * @param interceptor the interceptor
		 * @return this builder
		 */
		public Builder intercept(AmpServerInterceptor interceptor) {
			this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
			return this;
		}

		/**
		 * Answer a command record with a reactive handler.
		 * @param <C> the command type
		 * @param <R> the response type
		 * @param commandType the command record class
		 * @param handler the handler
		 * @return this builder
		 */
		public <C extends AmpCommand<R>, R> Builder respond(Class<C> commandType, AmpCommandHandler<C, R> handler) {
			return respond(AmpCommandSchema.of(commandType), handler);
		}

		/**
		 * Answer a command record with a plain function, run on the connection's event
		 * loop (it must not block).
		 * @param <C> the command type
		 * @param <R> the response type
		 * @param commandType the command record class
		 * @param handler the handler; returns the response ({@code null} for {@code Void})
		 * @return this builder
		 */
		public <C extends AmpCommand<R>, R> Builder respondSync(Class<C> commandType, Function<C, R> handler) {
			return respond(AmpCommandSchema.of(commandType),
					(command, session) -> Mono.fromSupplier(() -> handler.apply(command)));
		}

		/**
		 * Answer a command described by a schema.
		 * @param <C> the command type
		 * @param <R> the response type
		 * @param schema the schema
		 * @param handler the handler
		 * @return this builder
		 * @throws IllegalStateException when the command already has a responder
		 */
		public <C, R> Builder respond(AmpCommandSchema<C, R> schema, AmpCommandHandler<C, R> handler) {
			return respond(schema, handler, List.of());
		}

		/**
		 * Answer a command described by a schema, behind interceptors of its own (which
		 * run after those of {@link #intercept(AmpServerInterceptor)}).
		 * @param <C> the command type
		 * @param <R> the response type
		 * @param schema the schema
		 * @param handler the handler
		 * @param interceptors the interceptors of this command, in order
		 * @return this builder
		 * @throws IllegalStateException when the command already has a responder
		 */
		public <C, R> Builder respond(AmpCommandSchema<C, R> schema, AmpCommandHandler<C, R> handler,
				List<? extends AmpServerInterceptor> interceptors) {
			return respond(schema, handler, interceptors, null);
		}

		/**
		 * Answer a command described by a schema with a handler that may block, behind
		 * interceptors of its own: the handler (and the interceptors) run on the given
		 * executor, never on an event loop. The command is read on the event loop, and
		 * the answer is written from the executor's thread.
		 * @param <C> the command type
		 * @param <R> the response type
		 * @param schema the schema
		 * @param executor where the handler runs
		 * @param handler the handler
		 * @param interceptors the interceptors of this command, in order
		 * @return this builder
		 * @throws IllegalStateException when the command already has a responder
		 */
		public <C, R> Builder respondBlocking(AmpCommandSchema<C, R> schema, AmpBlockingExecutor executor,
				AmpCommandHandler<C, R> handler, List<? extends AmpServerInterceptor> interceptors) {
			return respond(schema, handler, interceptors, Objects.requireNonNull(executor, "executor"));
		}

		private <C, R> Builder respond(AmpCommandSchema<C, R> schema, AmpCommandHandler<C, R> handler,
				List<? extends AmpServerInterceptor> interceptors, @Nullable AmpBlockingExecutor executor) {
			Objects.requireNonNull(schema, "schema");
			Objects.requireNonNull(handler, "handler");
			AmpServerInterceptor[] own = interceptors.toArray(new AmpServerInterceptor[0]);
			Responder<?, ?> previous = this.responders.putIfAbsent(schema.name(),
					new Responder<>(schema, handler, own, executor));
			if (previous != null) {
				throw new IllegalStateException("AMP command '" + schema.name() + "' already has a responder");
			}
			return this;
		}

		/**
		 * Answer a protocol switch command: the handler returns the protocol to switch to,
		 * or fails to refuse the switch.
		 * @param <C> the command type
		 * @param commandType the command record class
		 * @param handler the handler
		 * @return this builder
		 */
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public <C extends AmpSwitchCommand> Builder respondSwitch(Class<C> commandType,
				AmpCommandHandler<C, AmpSwitch> handler) {
			Objects.requireNonNull(handler, "handler");
			return respond((AmpCommandSchema) AmpCommandSchema.of(commandType), (AmpCommandHandler) handler);
		}

		/**
		 * Answer a command by name with raw boxes: the handler gets the whole command box
		 * and returns the fields of the answer.
		 * @param name the command name
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder respondRaw(String name, AmpCommandHandler<AmpBox, AmpBox> handler) {
			return respond(AmpCommandSchema.builder(name).build(), handler);
		}

		/**
		 * Build the responders.
		 * @return the responders
		 */
		public AmpResponders build() {
			Map<String, Responder<?, ?>> responders = new LinkedHashMap<>();
			this.responders.forEach((name, responder) -> responders.put(name, behindGlobal(responder)));
			return new AmpResponders(Collections.unmodifiableMap(responders));
		}

		private <C, R> Responder<C, R> behindGlobal(Responder<C, R> responder) {
			if (this.interceptors.isEmpty()) {
				return responder;
			}
			List<AmpServerInterceptor> all = new ArrayList<>(this.interceptors);
			all.addAll(Arrays.asList(responder.interceptors()));
			return new Responder<>(responder.schema(), responder.handler(), all.toArray(new AmpServerInterceptor[0]),
					responder.blocking());
		}

	}

}
