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
package io.ampproto.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.context.AmpServerInitializedEvent;
import io.ampproto.context.AmpServerLifecycle;
import io.ampproto.context.AmpServerPortInfoApplicationContextInitializer;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.responder.AmpResponderMethods;
import io.ampproto.server.AmpServerLimits;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AmpAutoConfiguration} and {@link AmpServerAutoConfiguration}.
 */
class AmpServerAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpServerAutoConfiguration.class))
		.withInitializer(new AmpServerPortInfoApplicationContextInitializer());

	@Test
	void shouldNotCreateAServerWithoutAPort() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AmpResponders.class);
			assertThat(context).doesNotHaveBean(AmpSessionServer.class);
			assertThat(context).doesNotHaveBean(AmpServerLifecycle.class);
		});
	}

	@Test
	void shouldStartAServerOnTheConfiguredPortAndPublishIt() {
		this.runner.withUserConfiguration(SumResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasSingleBean(AmpSessionServer.class);
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				assertThat(server.isRunning()).isTrue();
				int port = context.getEnvironment().getProperty("local.amp.server.port", Integer.class);
				assertThat(port).isEqualTo(server.port()).isPositive();
				assertThat(call(port, new Sum(20, 22))).isEqualTo(new Sum.Result(42));
			});
	}

	@Test
	void limitsAreBoundFromProperties() {
		this.runner.withUserConfiguration(SumResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1", "amp.server.max-connections=3",
					"amp.server.idle-timeout=5m")
			.run((context) -> assertThat(context.getBean(AmpSessionServer.class).limits())
				.isEqualTo(new AmpServerLimits(3, Duration.ofMinutes(5))));
	}

	@Test
	void memoryLimitsAreBoundFromProperties() {
		this.runner.withUserConfiguration(SumResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1",
					"amp.server.max-unread-answers-size=256KB", "amp.server.max-unfinished-boxes-size=3MB",
					"amp.server.box-timeout=200ms", "amp.max-integer-digits=5000")
			.run((context) -> {
				AmpSessionServer server = context.getBean(AmpSessionServer.class);
				assertThat(io.ampproto.command.type.AmpTypes.maxIntegerDigits()).isEqualTo(5000);
				AmpSession session = connect(server.port());
				assertThat(session.call(new Sum(20, 22)).block(TIMEOUT)).isEqualTo(new Sum.Result(42));
				io.netty.channel.Channel accepted = server.sessions().iterator().next().connection().nettyConnection()
					.channel();
				assertThat(accepted.config().getWriteBufferHighWaterMark()).isEqualTo(256 * 1024);
				assertThat(accepted.config().getWriteBufferLowWaterMark()).isEqualTo(128 * 1024);
				// A box started and never finished: closed after the box timeout.
				try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
					raw.getOutputStream().write(new byte[] { 0, 1, 'a', 0, 1 });
					raw.setSoTimeout((int) TIMEOUT.toMillis());
					assertThat(raw.getInputStream().read()).as("closed by the server").isEqualTo(-1);
				}
			});
		io.ampproto.command.type.AmpTypes.setMaxIntegerDigits(io.ampproto.command.type.AmpTypes.DEFAULT_MAX_INTEGER_DIGITS);
	}

	@Test
	void limitsDefaultToTenThousandConnectionsAndNoIdleTimeout() {
		this.runner.withUserConfiguration(SumResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1")
			.run((context) -> {
				assertThat(context.getBean(AmpSessionServer.class).limits()).isEqualTo(AmpServerLimits.DEFAULTS);
				assertThat(AmpServerLimits.DEFAULTS.maxConnections()).isEqualTo(10_000);
				assertThat(AmpServerLimits.DEFAULTS.idleTimeout()).isNull();
			});
	}

	@Test
	void boxLargerThanTheConfiguredMaximumClosesTheConnectionAndSmallerOnesAreAnswered() {
		this.runner.withUserConfiguration(SumResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1", "amp.server.max-box-size=70000B")
			.run((context) -> {
				int port = context.getBean(AmpSessionServer.class).port();
				AmpSession session = connect(port);
				byte[] value = new byte[40_000];
				AmpBox oneValue = AmpBox.builder().put("a", "1").put("b", "2").put("pad", value).build();
				assertThat(session.callRaw("Sum", oneValue).block(TIMEOUT).getText("total")).isEqualTo("3");
				AmpBox twoValues = oneValue.toBuilder().put("pad2", value).build();
				assertThatExceptionOfType(AmpConnectionClosedException.class)
					.isThrownBy(() -> session.callRaw("Sum", twoValues).block(TIMEOUT));
				session.onClose().block(TIMEOUT);
			});
	}

	@Test
	void whenDisabledThenNoServer() {
		this.runner.withPropertyValues("amp.server.port=0", "amp.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AmpSessionServer.class));
	}

	@Test
	void whenAmpIsNotOnTheClassPathThenEverythingBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(AmpSession.class))
			.withPropertyValues("amp.server.port=0")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AmpResponders.class);
				assertThat(context).doesNotHaveBean(AmpProperties.class);
			});
	}

	@Test
	void userDefinedRespondersReplaceTheDetectedOnes() {
		this.runner.withUserConfiguration(SumResponder.class, UserResponders.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1")
			.run((context) -> {
				assertThat(context.getBean(AmpResponders.class).commandNames()).containsExactly("Other");
				int port = context.getBean(AmpSessionServer.class).port();
				assertThatExceptionOfType(AmpRemoteException.class).isThrownBy(() -> call(port, new Sum(1, 2)))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("UNHANDLED"));
			});
	}

	@Test
	void userDefinedServerBacksOffTheAutoConfiguredOne() {
		this.runner.withUserConfiguration(UserServer.class).withPropertyValues("amp.server.port=0").run((context) -> {
			assertThat(context).hasSingleBean(AmpSessionServer.class);
			assertThat(context.getBean(AmpSessionServer.class)).isSameAs(context.getBean(UserServer.class).server);
		});
	}

	@Test
	void customizersAreAppliedInOrder() {
		this.runner.withUserConfiguration(Customizers.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1")
			.run((context) -> assertThat(context.getBean(Customizers.class).applied).containsExactly("first",
					"second"));
	}

	@Test
	void serverInitializedEventIsPublished() {
		this.runner.withUserConfiguration(EventListenerConfiguration.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1")
			.run((context) -> assertThat(context.getBean(EventListenerConfiguration.class).ports).singleElement()
				.isEqualTo(context.getBean(AmpSessionServer.class).port()));
	}

	@Test
	void twoMethodsForOneCommandFailStartupNamingBoth() {
		this.runner.withUserConfiguration(SumResponder.class, SecondSumResponder.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("AMP command 'Sum' is answered by two methods")
				.hasMessageContaining("SumResponder.sum(Sum)")
				.hasMessageContaining("SecondSumResponder.add(Sum)");
		});
	}

	@Test
	void parameterThatBindsToNothingFailsStartupNamingTheMethod() {
		this.runner.withUserConfiguration(BadParameterResponder.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Cannot bind parameter 'c'")
				.hasMessageContaining("BadParameterResponder.sum(long, long, long)");
		});
	}

	@Test
	void respondersBindArgumentsByNameAndCommandsDeclaredByMethodSignature() {
		this.runner.withUserConfiguration(ByNameResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1")
			.run((context) -> {
				int port = context.getBean(AmpSessionServer.class).port();
				assertThat(call(port, new Sum(2, 3))).isEqualTo(new Sum.Result(5));
				assertThat(call(port, new Multiply(4, 5))).isEqualTo(new Multiply.Result(20));
				assertThat(context.getBean(AmpResponderMethods.class).methodsByCommand()).containsOnlyKeys("Sum",
						"Multiply");
			});
	}

	@Test
	void blockingMethodsDoNotRunOnTheEventLoopAndReactiveOnesDo() {
		this.runner.withUserConfiguration(ThreadResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1")
			.run((context) -> {
				int port = context.getBean(AmpSessionServer.class).port();
				assertThat(((WhichThread.Result) call(port, new WhichThread(0))).name()).startsWith("amp-responder");
				assertThat(((WhichThread.Result) call(port, new WhichThreadReactive())).name()).containsAnyOf("epoll", "nio");
			});
	}

	@Test
	void gracefulShutdownAnswersCallsInFlightAndRefusesNewOnes() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		ApplicationContextRunner slow = this.runner.withBean(CountDownLatch.class, () -> started)
			.withUserConfiguration(SlowResponder.class)
			.withPropertyValues("amp.server.port=0", "amp.server.address=127.0.0.1",
					"amp.server.shutdown.grace-period=10s");
		List<Mono<Slow.Result>> calls = new ArrayList<>();
		AmpSession[] client = new AmpSession[1];
		slow.run((context) -> {
			int port = context.getBean(AmpSessionServer.class).port();
			client[0] = connect(port);
			Mono<Slow.Result> inFlight = client[0].call(new Slow(500)).cache();
			inFlight.subscribe((r) -> {
			}, (e) -> {
			});
			calls.add(inFlight);
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		});
		// The context is closed: the call accepted before it was answered.
		assertThat(calls.get(0).block(TIMEOUT)).isEqualTo(new Slow.Result(500));
		client[0].onClose().block(TIMEOUT);
	}

	static Object call(int port, AmpCommand<?> command) {
		AmpSession session = connect(port);
		try {
			return session.call(command).block(TIMEOUT);
		}
		finally {
			session.dispose();
		}
	}

	static AmpSession connect(int port) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port).connectNow();
		return AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
	}

	record Multiply(long x, long y) implements AmpCommand<Multiply.Result> {
		record Result(long product) {
		}
	}

	@AmpCommandSpec(name = "Other")
	record Other() implements AmpCommand<Void> {
	}

	record WhichThread(int reactive) implements AmpCommand<WhichThread.Result> {
		record Result(String name) {
		}
	}

	record WhichThreadReactive() implements AmpCommand<WhichThread.Result> {
	}

	record Slow(int millis) implements AmpCommand<Slow.Result> {
		record Result(int millis) {
		}
	}

	@AmpResponder
	static class SumResponder {

		@AmpCommandMapping
		Sum.Result sum(Sum sum) {
			return new Sum.Result(sum.a() + sum.b());
		}

	}

	@AmpResponder
	static class SecondSumResponder {

		@AmpCommandMapping
		Sum.Result add(Sum sum) {
			return new Sum.Result(0);
		}

	}

	@AmpResponder
	static class BadParameterResponder {

		@AmpCommandMapping(Sum.class)
		Sum.Result sum(long a, long b, long c) {
			return new Sum.Result(a + b + c);
		}

	}

	@AmpResponder
	static class ByNameResponder {

		@AmpCommandMapping(Sum.class)
		Sum.Result sum(long a, long b) {
			return new Sum.Result(a + b);
		}

		@AmpCommandMapping(name = "Multiply")
		Mono<Multiply.Result> multiply(long x, long y, AmpSession session) {
			return Mono.just(new Multiply.Result(x * y));
		}

	}

	@AmpResponder
	static class ThreadResponder {

		@AmpCommandMapping
		WhichThread.Result which(WhichThread command) {
			return new WhichThread.Result(Thread.currentThread().getName());
		}

		@AmpCommandMapping
		Mono<WhichThread.Result> whichReactive(WhichThreadReactive command) {
			return Mono.fromSupplier(() -> new WhichThread.Result(Thread.currentThread().getName()));
		}

	}

	@AmpResponder
	static class SlowResponder {

		private final CountDownLatch started;

		SlowResponder(CountDownLatch started) {
			this.started = started;
		}

		@AmpCommandMapping
		Slow.Result slow(Slow slow) throws InterruptedException {
			this.started.countDown();
			Thread.sleep(slow.millis());
			return new Slow.Result(slow.millis());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserResponders {

		@Bean
		AmpResponders userResponders() {
			return AmpResponders.builder().respondSync(Other.class, (other) -> null).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserServer {

		final AmpSessionServer server = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(0),
				AmpResponders.none(), AmpSessionOptions.DEFAULTS, TIMEOUT);

		@Bean
		AmpSessionServer userServer() {
			return this.server;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		final List<String> applied = new ArrayList<>();

		@Bean
		@Order(2)
		AmpServerCustomizer second() {
			return (server) -> {
				this.applied.add("second");
				return server;
			};
		}

		@Bean
		@Order(1)
		AmpServerCustomizer first() {
			return (server) -> {
				this.applied.add("first");
				return server;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventListenerConfiguration {

		final List<Integer> ports = new ArrayList<>();

		@Bean
		ApplicationListener<AmpServerInitializedEvent> listener() {
			return (event) -> this.ports.add(event.getServer().port());
		}

	}

}
