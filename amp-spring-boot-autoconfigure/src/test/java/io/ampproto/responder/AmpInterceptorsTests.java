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

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.AmpServerAutoConfiguration;
import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpCallContext;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpClientCall;
import io.ampproto.session.AmpClientInterceptor;
import io.ampproto.session.AmpServerInterceptor;
import io.ampproto.session.AmpSession;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpServerInterceptor} and {@link AmpClientInterceptor} beans and the
 * interceptors an {@link AmpResponder} names, over loopback.
 */
class AmpInterceptorsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class,
				AmpClientAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer())
		.withUserConfiguration(Interceptors.class, Greeter.class)
		.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1");

	@Test
	void globalInterceptorsRunInTheirOrderThenTheRespondersOwnThenTheResponder() {
		this.runner.run((context) -> {
			try (Client client = Client.of(context)) {
				Greet.Result result = client.requester.call(new Greet("Ada")).block(TIMEOUT);
				// Registered second and third, but ordered first and second; the responder's own come last.
				assertThat(result.text()).isEqualTo("first,second,own -> hello Ada as ada (tenant acme)");
			}
		});
	}

	@Test
	void anInterceptorRefusesACommandWithADeclaredErrorAndTheConnectionStaysOpen() {
		this.runner.run((context) -> {
			try (Client client = Client.of(context)) {
				Greeter greeter = context.getBean(Greeter.class);
				assertThatExceptionOfType(RefusedException.class)
					.isThrownBy(() -> client.requester.call(new Guarded(-1)).block(TIMEOUT))
					.withMessage("negative: -1");
				assertThat(greeter.guarded).as("the responder never ran").hasValue(0);
				assertThat(client.requester.call(new Guarded(2)).block(TIMEOUT)).isEqualTo(new Guarded.Result(4));
				assertThat(greeter.guarded).hasValue(1);
				assertThat(client.requester.isConnected()).as("the same connection answered").isTrue();
				assertThat(context.getBean(Interceptors.class).connections).hasValue(1);
			}
		});
	}

	@Test
	void anInterceptorFailingWithAnUndeclaredErrorIsAnsweredUnknownAndClosesAsTwisted() {
		this.runner.run((context) -> {
			try (Client client = Client.of(context)) {
				assertThatExceptionOfType(AmpUnknownRemoteException.class)
					.isThrownBy(() -> client.requester.call(new Guarded(1000)).block(TIMEOUT));
				assertThat(context.getBean(Greeter.class).guarded).hasValue(0);
				await().atMost(TIMEOUT).until(() -> !client.requester.isConnected());
				client.requester.call(new Guarded(1)).block(TIMEOUT);
				assertThat(context.getBean(Interceptors.class).connections).as("a new connection").hasValue(2);
			}
		});
	}

	@Test
	void clientInterceptorsSeeEachCallsOutcomeAndTiming() {
		this.runner.run((context) -> {
			try (Client client = Client.of(context)) {
				Interceptors interceptors = context.getBean(Interceptors.class);
				client.requester.call(new Greet("Bob")).block(TIMEOUT);
				assertThatExceptionOfType(RefusedException.class)
					.isThrownBy(() -> client.requester.call(new Guarded(-2)).block(TIMEOUT));
				client.requester.call(new Slow(100)).block(TIMEOUT);
				assertThat(interceptors.calls).extracting(Timed::command, Timed::outcome)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("Greet", "SUCCESS"),
							org.assertj.core.groups.Tuple.tuple("Guarded", "ERROR RefusedException"),
							org.assertj.core.groups.Tuple.tuple("Slow", "SUCCESS"));
				assertThat(interceptors.calls.get(2).nanos()).as("the call's time, answer included")
					.isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
			}
		});
	}

	@Test
	void aClientInterceptorAnswersACallWithoutSendingIt() {
		this.runner.run((context) -> {
			try (Client client = Client.of(context)) {
				assertThat(client.requester.call(new Slow(-1)).block(TIMEOUT)).isEqualTo(new Slow.Result(-1));
				assertThat(context.getBean(Greeter.class).slow).as("never sent").hasValue(0);
			}
		});
	}

	@Test
	void serverInterceptorsRunForCommandsReceivedOnClientConnectionsToo() {
		this.runner.run((context) -> {
			try (Client client = Client.of(context)) {
				Interceptors interceptors = context.getBean(Interceptors.class);
				// The server's responder calls the client back: Twice(n) -> the client's Guarded(n).
				assertThat(client.requester.call(new Twice(5)).block(TIMEOUT)).isEqualTo(new Twice.Result(10));
				assertThat(interceptors.received).containsExactly("server Twice", "client Guarded");
			}
		});
	}

	@Test
	void anInterceptorNamedByAResponderMustNotBeABean() {
		this.runner.withBean(OwnInterceptor.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining(OwnInterceptor.class.getName())
				.hasMessageContaining("is a bean too");
		});
	}

	/** A requester of the application's server, with the application's responders. */
	record Client(AmpRequester requester) implements AutoCloseable {

		static Client of(AssertableApplicationContext context) {
			int port = context.getBean(AmpSessionServer.class).port();
			return new Client(context.getBean(AmpRequester.Builder.class).host("127.0.0.1").port(port).build());
		}

		@Override
		public void close() {
			this.requester.dispose();
		}

	}

	/** The declared refusal (public: the caller's side makes one from the error answer). */
	public static class RefusedException extends RuntimeException {

		public RefusedException(String message) {
			super(message);
		}

	}

	record Greet(String name) implements AmpCommand<Greet.Result> {
		record Result(String text) {
		}
	}

	@AmpCommandSpec(errors = @AmpError(code = "REFUSED", exception = RefusedException.class))
	record Guarded(int n) implements AmpCommand<Guarded.Result> {
		record Result(int doubled) {
		}
	}

	record Slow(int millis) implements AmpCommand<Slow.Result> {
		record Result(int millis) {
		}
	}

	record Twice(int n) implements AmpCommand<Twice.Result> {
		record Result(int n) {
		}
	}

	/** What a client interceptor saw of a call. */
	record Timed(String command, String outcome, long nanos) {
	}

	@AmpResponder(interceptors = OwnInterceptor.class)
	static class Greeter {

		final AtomicInteger guarded = new AtomicInteger();

		final AtomicInteger slow = new AtomicInteger();

		// tag::call-context-parameter[]
		@AmpCommandMapping
		Mono<Greet.Result> greet(Greet greet, AmpCallContext call) {
			Principal principal = call.principal();
			String trace = String.join(",", trace(call));
			return Mono.deferContextual((reactor) -> Mono.just(new Greet.Result(trace + " -> hello " + greet.name()
					+ " as " + ((principal != null) ? principal.getName() : "nobody") + " (tenant "
					+ reactor.getOrDefault("tenant", "none") + ")")));
		}
		// end::call-context-parameter[]

		@AmpCommandMapping
		Guarded.Result guarded(Guarded guarded) {
			this.guarded.incrementAndGet();
			return new Guarded.Result(guarded.n() * 2);
		}

		@AmpCommandMapping
		Mono<Slow.Result> slow(Slow slow) {
			this.slow.incrementAndGet();
			return Mono.delay(Duration.ofMillis(slow.millis())).thenReturn(new Slow.Result(slow.millis()));
		}

		@AmpCommandMapping
		Mono<Twice.Result> twice(Twice twice, AmpSession caller) {
			return caller.call(new Guarded(twice.n())).map((result) -> new Twice.Result(result.doubled()));
		}

		@SuppressWarnings("unchecked")
		static List<String> trace(AmpCallContext call) {
			return (List<String>) call.attributes().computeIfAbsent("trace", (key) -> new CopyOnWriteArrayList<>());
		}

	}

	/** Named by {@link Greeter}: runs for its commands only, after the global ones. */
	static class OwnInterceptor implements AmpServerInterceptor {

		@Override
		public Mono<?> intercept(AmpCallContext call, Chain chain) {
			Greeter.trace(call).add("own");
			return chain.proceed();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Interceptors {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<Timed> calls = new CopyOnWriteArrayList<>();

		final AtomicInteger connections = new AtomicInteger();

		@Bean
		Second second() {
			return new Second();
		}

		@Bean
		First first() {
			return new First(this);
		}

		// tag::timing-client-interceptor[]
		@Bean
		AmpClientInterceptor timing() {
			return (call, chain) -> {
				if (call.command() instanceof Slow slow && slow.millis() < 0) {
					return Mono.just(new Slow.Result(slow.millis()));
				}
				long start = System.nanoTime();
				// Told before the caller gets the outcome (doFinally would be told after).
				return chain.proceed()
					.doOnSuccess((response) -> this.calls
						.add(new Timed(call.commandName(), "SUCCESS", System.nanoTime() - start)))
					.doOnError((error) -> this.calls.add(new Timed(call.commandName(),
							"ERROR " + error.getClass().getSimpleName(), System.nanoTime() - start)));
			};
		}
		// end::timing-client-interceptor[]

	}

	// tag::refusing-interceptor[]
	/** Second in order, first registered; refuses negative {@code Guarded}s. */
	@Order(2)
	static class Second implements AmpServerInterceptor {

		@Override
		public Mono<?> intercept(AmpCallContext call, Chain chain) {
			if (call.command() instanceof Guarded guarded && guarded.n() < 0) {
				return Mono.error(new RefusedException("negative: " + guarded.n()));
			}
			if (call.command() instanceof Guarded guarded && guarded.n() >= 1000) {
				return Mono.error(new IllegalStateException("too large"));
			}
			Greeter.trace(call).add("second");
			return chain.proceed();
		}

	}
	// end::refusing-interceptor[]

	/** First in order: names the principal, sets a tenant in the Reactor context, counts connections. */
	@Order(1)
	static class First implements AmpServerInterceptor {

		private final Interceptors interceptors;

		First(Interceptors interceptors) {
			this.interceptors = interceptors;
		}

		@Override
		public Mono<?> intercept(AmpCallContext call, Chain chain) {
			AmpSession session = call.session();
			if (session.connection().isAccepted()
					&& session.attributes().putIfAbsent("counted", Boolean.TRUE) == null) {
				this.interceptors.connections.incrementAndGet();
			}
			this.interceptors.received
				.add((session.connection().isAccepted() ? "server " : "client ") + call.commandName());
			Greeter.trace(call).add("first");
			call.setPrincipal(() -> call.command() instanceof Greet greet ? greet.name().toLowerCase() : "anyone");
			return chain.proceed().contextWrite(Context.of("tenant", "acme"));
		}

	}

}
