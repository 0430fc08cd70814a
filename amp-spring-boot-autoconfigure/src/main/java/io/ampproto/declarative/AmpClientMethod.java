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
package io.ampproto.declarative;

import io.ampproto.client.AmpRequester;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.switching.AmpSwitchCommand;
import io.netty.util.internal.ThreadExecutorMap;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One method of an {@link AmpClient} proxy, bound once: what it sends, how long it waits
 * and how it hands back the response.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpClientMethod {

	private final String where;

	private final AmpRequester requester;

	private final AmpClientCommand command;

	private final AmpClientReturn returns;

	private final @Nullable Duration timeout;

	private AmpClientMethod(String where, AmpRequester requester, AmpClientCommand command, AmpClientReturn returns,
			@Nullable Duration timeout) {
		this.where = where;
		this.requester = requester;
		this.command = command;
		this.returns = returns;
		this.timeout = timeout;
	}

	/**
	 * Bind a method.
	 * @throws IllegalStateException when it cannot be bound, saying why (the caller names
	 * the method)
	 */
	static AmpClientMethod of(Method method, String where, AmpRequester requester, @Nullable Duration timeout) {
		AmpClientReturn returns = AmpClientReturn.of(method);
		AmpClientCommand command = AmpClientCommand.of(method, where);
		AmpCommandSchema<Object, Object> schema = command.schema;
		if (command.switchesProtocol) {
			AmpClientReturn.check(method, Void.class, "a protocol switch");
		}
		else if (schema != null) {
			AmpClientReturn.check(method, schema.responseType(), schema.name());
		}
		return new AmpClientMethod(where, requester, command, returns, timeout);
	}

	@Nullable Object invoke(@Nullable Object[] arguments) throws Throwable {
		return switch (this.returns) {
			case MONO -> call(arguments);
			case FUTURE -> call(arguments).toFuture();
			case BLOCKING -> block(arguments);
		};
	}

	@SuppressWarnings("unchecked")
	private Mono<Object> call(@Nullable Object[] arguments) {
		Object command = this.command.command(arguments);
		if (this.command.switchesProtocol) {
			return this.requester.switchProtocol((AmpSwitchCommand) command, this.command.innerProtocol(arguments))
				.cast(Object.class);
		}
		if (this.command.declaredBySignature) {
			AmpCommandSchema<Object, Object> schema = Objects.requireNonNull(this.command.schema,
					"a signature declares its schema");
			return (this.timeout != null) ? this.requester.call(schema, command, this.timeout)
					: this.requester.call(schema, command);
		}
		AmpCommand<Object> ampCommand = (AmpCommand<Object>) command;
		return (this.timeout != null) ? this.requester.call(ampCommand, this.timeout)
				: this.requester.call(ampCommand);
	}

	private @Nullable Object block(@Nullable Object[] arguments) throws Throwable {
		if (Schedulers.isInNonBlockingThread() || ThreadExecutorMap.currentExecutor() != null) {
			throw new IllegalStateException(this.where + " blocks until the answer arrives, which is not allowed on "
					+ "the non-blocking thread " + Thread.currentThread().getName() + " (such as a connection's "
					+ "event loop): declare it to return a Mono or a CompletableFuture, or call it elsewhere");
		}
		try {
			return call(arguments).block();
		}
		catch (RuntimeException ex) {
			// A declared checked exception arrives wrapped by block(): unwrapped, the proxy
			// throws it as the method declares it.
			throw Exceptions.unwrap(ex);
		}
	}

	@Override
	public String toString() {
		return this.where;
	}

}
