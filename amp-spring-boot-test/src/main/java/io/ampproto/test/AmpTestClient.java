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
package io.ampproto.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.ampproto.box.AmpBox;
import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpErrorMapping;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.session.AmpSession;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.MapAssert;
import org.assertj.core.api.ObjectAssert;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Calls commands on the AMP server under test and asserts on their answers with AssertJ,
 * over whatever transport it is bound to (the in-process one, or the server's real port):
 *
 * <pre class="code">
 * client.call(new Sum(1, 2)).expectAnswer().extracting(Sum.Result::total).isEqualTo(3);
 * client.call(new Divide(1, 0)).expectError("ZERO_DIVISION").isEqualTo("division by zero");
 * client.callRaw("Sum", Map.of("a", "1", "b", "2")).expectAnswer().containsEntry("total", "3");
 * </pre>
 * <p>
 * Error answers are seen as sent, code and description, whatever exception the command
 * declares for them; {@link CommandCall#expectFailure()} shows the exception a caller
 * gets. Every call waits at most the {@link #withTimeout(Duration) timeout} and then
 * fails the test with a message saying so, instead of hanging it.
 * <p>
 * One connection serves the calls until {@link #reset()} (done after each test method
 * in a Spring test), so per-connection state of responders does not leak from one test
 * into another. Responders of the application answer what the server calls back.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpTestClient {

	/** How long a call waits for its answer unless told otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final Map<Class<?>, AmpCommandSchema<?, ?>> bareSchemas = new ConcurrentHashMap<>();

	private final Connection connection;

	private final Duration timeout;

	private AmpTestClient(Connection connection, Duration timeout) {
		this.connection = connection;
		this.timeout = timeout;
	}

	/**
	 * Create a client whose connections are made by the given requesters.
	 * @param requesters makes the requester of each connection (a new one after every
	 * {@link #reset()})
	 * @param server describes the server in failure messages, such as
	 * {@code local:amp-in-process-1} or {@code 127.0.0.1:7777}
	 * @return the client
	 */
	public static AmpTestClient bindTo(Supplier<AmpRequester> requesters, String server) {
		Objects.requireNonNull(server, "server");
		return bindTo(requesters, () -> server);
	}

	/**
	 * Create a client whose connections are made by the given requesters, for a server
	 * known only once it runs (its port).
	 * @param requesters makes the requester of each connection (a new one after every
	 * {@link #reset()})
	 * @param server describes the server in failure messages
	 * @return the client
	 */
	public static AmpTestClient bindTo(Supplier<AmpRequester> requesters, Supplier<String> server) {
		Objects.requireNonNull(requesters, "requesters");
		Objects.requireNonNull(server, "server");
		return new AmpTestClient(new Connection(requesters, server), DEFAULT_TIMEOUT);
	}

	/**
	 * Return a client on the same connection whose calls wait at most the given time.
	 * @param timeout how long a call waits for its answer
	 * @return the client
	 */
	public AmpTestClient withTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
		}
		return new AmpTestClient(this.connection, timeout);
	}

	/**
	 * Return how long a call waits for its answer.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Return the server calls go to, as it appears in failure messages.
	 * @return the server's description
	 */
	public String server() {
		return this.connection.server();
	}

	/**
	 * Prepare a call of a command; nothing is sent until one of its {@code expect}
	 * methods runs.
	 * @param <R> the response type
	 * @param command the command
	 * @return the call
	 */
	public <R> CommandCall<R> call(AmpCommand<R> command) {
		Objects.requireNonNull(command, "command");
		return new CommandCall<>(command);
	}

	/**
	 * Prepare a call of a command by name with raw (text) arguments; nothing is sent
	 * until one of its {@code expect} methods runs.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return the call
	 */
	public RawCall callRaw(String command, Map<String, String> arguments) {
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(arguments, "arguments");
		return new RawCall(command, new LinkedHashMap<>(arguments));
	}

	/**
	 * Return the requester of the current connection, for what the assertions do not
	 * cover (StartTLS, switching protocols...).
	 * @return the requester
	 */
	public AmpRequester requester() {
		return this.connection.requester();
	}

	/**
	 * Return the session of the current connection, connecting first if needed.
	 * @return the session
	 * @throws AssertionError when the connection cannot be made within the timeout
	 */
	public AmpSession session() {
		return await(this.connection.requester().session());
	}

	/**
	 * Close the current connection; the next call opens a new one.
	 */
	public void reset() {
		this.connection.reset();
	}

	private AmpSession await(Mono<AmpSession> session) {
		Duration timeout = this.timeout;
		try {
			return Objects.requireNonNull(session.timeout(timeout).block());
		}
		catch (RuntimeException ex) {
			if (Exceptions.unwrap(ex) instanceof TimeoutException) {
				throw new AssertionError(
						"AmpTestClient: could not connect to " + this.connection.server() + " within " + timeout);
			}
			throw new AssertionError("AmpTestClient: could not connect to " + this.connection.server() + ": " + ex, ex);
		}
	}

	private Outcome run(Mono<?> call) {
		Duration timeout = this.timeout;
		try {
			Object answer = call.timeout(timeout).block();
			return new Outcome(answer, null, false);
		}
		catch (RuntimeException ex) {
			Throwable failure = Exceptions.unwrap(ex);
			return new Outcome(null, failure, failure instanceof TimeoutException);
		}
	}

	@SuppressWarnings("unchecked")
	private static <C, R> AmpCommandSchema<C, R> bare(AmpCommandSchema<C, R> schema) {
		return (AmpCommandSchema<C, R>) bareSchemas.computeIfAbsent(schema.commandType(), (type) -> {
			AmpCommandSchema.Builder<C, R> builder = AmpCommandSchema.builder(schema.name())
				.arguments(schema.commandType(), schema.arguments())
				.response(schema.responseType(), schema.response())
				.requiresAnswer(schema.requiresAnswer());
			// The same codes, so that observations count them as declared; AmpRemoteException has no
			// constructor of a description alone, so each error arrives as sent, code and description.
			for (AmpErrorMapping error : schema.errors()) {
				builder.error(error.code(), AmpRemoteException.class, error.fatal());
			}
			return builder.build();
		});
	}

	private String noAnswer() {
		return "no answer came within " + this.timeout + " from " + this.connection.server()
				+ " (the responder never completed it; wait longer with AmpTestClient.withTimeout)";
	}

	private static String describe(Throwable failure) {
		if (failure instanceof AmpRemoteException remote) {
			return "error " + remote.getErrorCode() + ": " + remote.getDescription();
		}
		return failure.toString();
	}

	/** What went wrong, completing "Expected ..., but ". */
	private String failedOutcome(Outcome outcome) {
		Throwable failure = Objects.requireNonNull(outcome.failure);
		if (outcome.timedOut) {
			return noAnswer();
		}
		if (failure instanceof AmpRemoteException) {
			return "it was answered with " + describe(failure);
		}
		return "it failed without an answer from " + this.connection.server() + ": " + failure;
	}

	/**
	 * A call of a command record, made when it is asserted on.
	 *
	 * @param <R> the response type
	 */
	public final class CommandCall<R> {

		private final AmpCommand<R> command;

		private final AmpCommandSchema<AmpCommand<R>, R> schema;

		@SuppressWarnings("unchecked")
		private CommandCall(AmpCommand<R> command) {
			this.command = command;
			this.schema = AmpCommandSchema.of((Class<AmpCommand<R>>) command.getClass());
		}

		/**
		 * Call the command and expect an answer.
		 * @return an assertion on the answer ({@code null} for a {@link Void} response)
		 * @throws AssertionError when the command failed, got no answer in time, or is
		 * one that asks for no answer
		 */
		public ObjectAssert<R> expectAnswer() {
			return Assertions.assertThat(returnAnswer());
		}

		/**
		 * Call the command and return its answer.
		 * @return the answer ({@code null} for a {@link Void} response)
		 * @throws AssertionError when the command failed, got no answer in time, or is
		 * one that asks for no answer
		 */
		@SuppressWarnings("unchecked")
		public @Nullable R returnAnswer() {
			if (!this.schema.requiresAnswer()) {
				throw new AssertionError("Expected an answer to " + this.command + ", but " + this.schema.name()
						+ " asks for none (requiresAnswer = false): use expectNoAnswer()");
			}
			Outcome outcome = send();
			if (outcome.failure != null) {
				throw new AssertionError("Expected an answer to " + this.command + ", but "
						+ failedOutcome(outcome), outcome.failure);
			}
			return (R) outcome.answer;
		}

		/**
		 * Call the command and expect an error answer with the given code.
		 * @param code the expected error code
		 * @return an assertion on the error's description
		 * @throws AssertionError when the command was answered, failed otherwise or got
		 * no answer in time
		 */
		public AbstractStringAssert<?> expectError(String code) {
			Objects.requireNonNull(code, "code");
			if (!this.schema.requiresAnswer()) {
				throw new AssertionError("Expected error " + code + " to " + this.command + ", but "
						+ this.schema.name() + " asks for no answer (requiresAnswer = false): use expectNoAnswer()");
			}
			return expectedError(code, this.command.toString(), send());
		}

		/**
		 * Call the command and expect it to fail, as a caller sees the failure: the
		 * exception the command declares for an error code, an
		 * {@link AmpRemoteException} for the others, or a local failure (a box too long
		 * to send, a closed connection...).
		 * @return an assertion on the exception
		 * @throws AssertionError when the command was answered or got no answer in time
		 */
		public AbstractThrowableAssert<?, ? extends Throwable> expectFailure() {
			Outcome outcome = send();
			Throwable failure = outcome.failure;
			if (failure == null) {
				throw new AssertionError(
						"Expected " + this.command + " to fail, but it was answered: " + outcome.answer);
			}
			if (outcome.timedOut) {
				throw new AssertionError("Expected " + this.command + " to fail, but " + noAnswer(), failure);
			}
			if (failure instanceof AmpRemoteException remote) {
				failure = this.schema.exceptionFor(remote.getErrorCode(), remote.getDescription());
			}
			return Assertions.assertThat(failure);
		}

		/**
		 * Send a command that asks for no answer ({@code requiresAnswer = false}) and
		 * check that it was sent.
		 * @throws AssertionError when the command asks for an answer, or could not be sent
		 */
		public void expectNoAnswer() {
			if (this.schema.requiresAnswer()) {
				throw new AssertionError("Expected " + this.command + " to be sent without an answer, but "
						+ this.schema.name() + " asks for one: use expectAnswer() or expectError(code)");
			}
			Outcome outcome = send();
			if (outcome.failure != null) {
				throw new AssertionError("Expected " + this.command + " to be sent, but "
						+ failedOutcome(outcome), outcome.failure);
			}
		}

		private Outcome send() {
			AmpCommandSchema<AmpCommand<R>, R> bare = bare(this.schema);
			return run(AmpTestClient.this.connection.requester()
				.session()
				.flatMap((session) -> session.call(bare, this.command, null)));
		}

	}

	/**
	 * A call of a command by name with raw arguments, made when it is asserted on.
	 */
	public final class RawCall {

		private final String command;

		private final Map<String, String> arguments;

		private RawCall(String command, Map<String, String> arguments) {
			this.command = command;
			this.arguments = arguments;
		}

		/**
		 * Call the command and expect an answer.
		 * @return an assertion on the answer's keys and values, without {@code _answer}
		 * @throws AssertionError when the command failed or got no answer in time
		 */
		public MapAssert<String, String> expectAnswer() {
			Outcome outcome = send(true);
			if (outcome.failure != null) {
				throw new AssertionError("Expected an answer to " + this + ", but " + failedOutcome(outcome),
						outcome.failure);
			}
			Map<String, String> answer = new LinkedHashMap<>(((AmpBox) Objects.requireNonNull(outcome.answer)).toTextMap());
			answer.remove("_answer");
			return Assertions.assertThat(answer);
		}

		/**
		 * Call the command and expect an error answer with the given code.
		 * @param code the expected error code
		 * @return an assertion on the error's description
		 * @throws AssertionError when the command was answered, failed otherwise or got
		 * no answer in time
		 */
		public AbstractStringAssert<?> expectError(String code) {
			Objects.requireNonNull(code, "code");
			return expectedError(code, toString(), send(true));
		}

		/**
		 * Send the command without asking for an answer, and check that it was sent.
		 * @throws AssertionError when it could not be sent
		 */
		public void expectNoAnswer() {
			Outcome outcome = send(false);
			if (outcome.failure != null) {
				throw new AssertionError("Expected " + this + " to be sent, but " + failedOutcome(outcome),
						outcome.failure);
			}
		}

		private Outcome send(boolean ask) {
			AmpBox.Builder box = AmpBox.builder();
			this.arguments.forEach(box::put);
			AmpBox arguments = box.build();
			return run(AmpTestClient.this.connection.requester()
				.session()
				.flatMap((session) -> ask ? session.call(AmpCommandSchema.builder(this.command).build(), arguments, null)
						: session.sendRaw(this.command, arguments)));
		}

		@Override
		public String toString() {
			return this.command + this.arguments;
		}

	}

	private AbstractStringAssert<?> expectedError(String code, String call, Outcome outcome) {
		Throwable failure = outcome.failure;
		if (failure == null) {
			throw new AssertionError(
					"Expected " + call + " to be answered with error " + code + ", but it was answered: " + outcome.answer);
		}
		if (!(failure instanceof AmpRemoteException remote) || outcome.timedOut) {
			throw new AssertionError("Expected " + call + " to be answered with error " + code + ", but "
					+ failedOutcome(outcome), failure);
		}
		if (!code.equals(remote.getErrorCode())) {
			throw new AssertionError("Expected " + call + " to be answered with error " + code
					+ ", but it was answered with " + describe(remote), remote);
		}
		return Assertions.assertThat(remote.getDescription()).as("description of error %s to %s", code, call);
	}

	private record Outcome(@Nullable Object answer, @Nullable Throwable failure, boolean timedOut) {
	}

	/**
	 * The requester of the current connection, shared by the clients that differ only
	 * in their timeout.
	 */
	private static final class Connection {

		private final Supplier<AmpRequester> requesters;

		private final Supplier<String> server;

		private final AtomicReference<@Nullable AmpRequester> current = new AtomicReference<>();

		Connection(Supplier<AmpRequester> requesters, Supplier<String> server) {
			this.requesters = requesters;
			this.server = server;
		}

		String server() {
			try {
				return this.server.get();
			}
			catch (RuntimeException ex) {
				return "the AMP server (" + ex.getMessage() + ")";
			}
		}

		AmpRequester requester() {
			AmpRequester requester = this.current.get();
			while (requester == null) {
				AmpRequester created = this.requesters.get();
				if (this.current.compareAndSet(null, created)) {
					return created;
				}
				created.dispose();
				requester = this.current.get();
			}
			return requester;
		}

		void reset() {
			AmpRequester requester = this.current.getAndSet(null);
			if (requester != null) {
				requester.dispose();
			}
		}

	}

}
