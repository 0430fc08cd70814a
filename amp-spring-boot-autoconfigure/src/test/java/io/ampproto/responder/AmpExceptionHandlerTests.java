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
package io.ampproto.responder;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpCallContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpExceptionHandler} methods of responders and of
 * {@link AmpResponderAdvice} beans, over loopback.
 */
class AmpExceptionHandlerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpClientAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withBean(Validating.class)
		.withBean(Plain.class)
		.withBean(LastAdvice.class)
		.withBean(FirstAdvice.class)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1");

	@Test
	void aRespondersHandlerMapsAnUndeclaredExceptionToADeclaredCodeAndTheConnectionStaysOpen() {
		this.runner.run((context) -> {
			AmpRequester requester = requester(context);
			try {
				assertThatExceptionOfType(BadInputException.class)
					.isThrownBy(() -> requester.call(new Check(-1)).block(TIMEOUT))
					.withMessage("mapped: negative");
				// The closest handler wins: IllegalArgumentException's, not RuntimeException's.
				assertThat(requester.call(new Check(1)).block(TIMEOUT)).isEqualTo(new Check.Result(1));
				assertThat(context.getBean(FirstAdvice.class).connections()).as("one connection for all").isEqualTo(1);
			}
			finally {
				requester.dispose();
			}
		});
	}

	@Test
	void adviceMapsTheExceptionsOfEveryResponderInOrderForMonoAndCompletionStageMethodsToo() {
		this.runner.run((context) -> {
			AmpRequester requester = requester(context);
			try {
				assertThatExceptionOfType(AmpRemoteException.class)
					.isThrownBy(() -> requester.call(new Unsupported("mono")).block(TIMEOUT))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("NOT_SUPPORTED"))
					.satisfies((ex) -> assertThat(ex.getDescription()).isEqualTo("first advice: mono"));
				assertThatExceptionOfType(AmpRemoteException.class)
					.isThrownBy(() -> requester.call(new Unsupported("stage")).block(TIMEOUT))
					.satisfies((ex) -> assertThat(ex.getDescription()).isEqualTo("first advice: stage"));
				// The first advice leaves it (null): the second maps it.
				assertThatExceptionOfType(AmpRemoteException.class)
					.isThrownBy(() -> requester.call(new Unsupported("pass")).block(TIMEOUT))
					.satisfies((ex) -> assertThat(ex.getDescription()).isEqualTo("last advice: pass"));
				assertThat(requester.call(new Check(2)).block(TIMEOUT)).isEqualTo(new Check.Result(2));
				assertThat(context.getBean(FirstAdvice.class).connections()).isEqualTo(1);
			}
			finally {
				requester.dispose();
			}
		});
	}

	@Test
	void anExceptionNoHandlerMapsIsAnsweredUnknownAndClosesTheConnectionAsBefore() {
		this.runner.run((context) -> {
			AmpRequester requester = requester(context);
			try {
				assertThat(requester.call(new Check(3)).block(TIMEOUT)).isEqualTo(new Check.Result(3));
				assertThatExceptionOfType(AmpUnknownRemoteException.class)
					.isThrownBy(() -> requester.call(new Explode()).block(TIMEOUT));
				await().atMost(TIMEOUT).until(() -> !requester.isConnected());
				assertThat(requester.call(new Check(4)).block(TIMEOUT)).isEqualTo(new Check.Result(4));
				assertThat(context.getBean(FirstAdvice.class).connections()).as("a new one").isEqualTo(2);
			}
			finally {
				requester.dispose();
			}
		});
	}

	@Test
	void aHandlerThatReturnsNoExceptionFailsStartup() {
		this.runner.withBean(BadHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("@AmpExceptionHandler")
				.hasMessageContaining("returns String");
		});
	}

	private static AmpRequester requester(AssertableApplicationContext context) {
		int port = context.getBean(AmpSessionServer.class).port();
		return context.getBean(AmpRequester.Builder.class).host("127.0.0.1").port(port).build();
	}

	/** A declared error (public: the caller makes one from the error answer). */
	public static class BadInputException extends RuntimeException {

		public BadInputException(String message) {
			super(message);
		}

	}

	@AmpCommandSpec(errors = @AmpError(code = "BAD_INPUT", exception = BadInputException.class))
	record Check(int n) implements AmpCommand<Check.Result> {
		record Result(int n) {
		}
	}

	record Unsupported(String how) implements AmpCommand<Void> {
	}

	record Explode() implements AmpCommand<Void> {
	}

	// tag::responder-exception-handlers[]
	@AmpResponder
	static class Validating {

		@AmpCommandMapping
		Check.Result check(Check check, AmpCallContext call) {
			FirstAdvice.count(call);
			if (check.n() < 0) {
				throw new IllegalArgumentException("negative");
			}
			return new Check.Result(check.n());
		}

		@AmpExceptionHandler
		BadInputException badInput(IllegalArgumentException ex) {
			return new BadInputException("mapped: " + ex.getMessage());
		}

		@AmpExceptionHandler(RuntimeException.class)
		RuntimeException anyOther(RuntimeException ex, AmpCallContext call) {
			return new AmpRemoteException("OTHER", call.commandName() + ": " + ex.getMessage());
		}

	}
	// end::responder-exception-handlers[]

	@AmpResponder
	static class Plain {

		@AmpCommandMapping
		Mono<Void> unsupported(Unsupported unsupported, AmpCallContext call) {
			FirstAdvice.count(call);
			if (unsupported.how().equals("stage")) {
				return Mono.fromCompletionStage(failedStage(unsupported.how()));
			}
			return Mono.error(new UnsupportedOperationException(unsupported.how()));
		}

		@AmpCommandMapping
		void explode(Explode explode, AmpCallContext call) {
			FirstAdvice.count(call);
			throw new IllegalStateException("unmapped");
		}

		private static CompletionStage<Void> failedStage(String how) {
			return CompletableFuture.failedFuture(new UnsupportedOperationException(how));
		}

	}

	@AmpResponderAdvice
	@Order(1)
	static class FirstAdvice {

		private static final AtomicInteger connections = new AtomicInteger();

		FirstAdvice() {
			connections.set(0);
		}

		static void count(AmpCallContext call) {
			if (call.session().attributes().putIfAbsent("counted", Boolean.TRUE) == null) {
				connections.incrementAndGet();
			}
		}

		int connections() {
			return connections.get();
		}

		@AmpExceptionHandler
		@Nullable AmpRemoteException unsupported(UnsupportedOperationException ex) {
			if ("pass".equals(ex.getMessage())) {
				return null;
			}
			return new AmpRemoteException("NOT_SUPPORTED", "first advice: " + ex.getMessage());
		}

	}

	// tag::responder-advice[]
	@AmpResponderAdvice
	@Order(2)
	static class LastAdvice {

		@AmpExceptionHandler
		AmpRemoteException unsupported(UnsupportedOperationException ex) {
			return new AmpRemoteException("NOT_SUPPORTED", "last advice: " + ex.getMessage());
		}

	}
	// end::responder-advice[]

	@AmpResponder
	static class BadHandler {

		@AmpExceptionHandler
		String handle(IllegalStateException ex) {
			return ex.getMessage();
		}

	}

}
