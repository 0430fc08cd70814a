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
package io.ampproto.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpCallTimeoutException;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ObservationAmpSessionObserver} on a real server and client over
 * loopback, with Micrometer's meter handler on a real registry.
 */
class ObservationAmpSessionObserverTests {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	private final Sinks.One<Void> release = Sinks.one();

	private AmpSessionServer server;

	@AfterEach
	void close() {
		this.toClose.forEach(Disposable::dispose);
		if (this.server != null) {
			this.server.stop();
		}
	}

	record Add(long a, long b) implements AmpCommand<Add.Result> {

		record Result(long total) {
		}

	}

	@AmpCommandSpec(errors = @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class))
	record Divide(long numerator, long denominator) implements AmpCommand<Divide.Result> {

		record Result(double result) {
		}

	}

	record Teapot() implements AmpCommand<Void> {
	}

	record Hold() implements AmpCommand<Void> {
	}

	ObservationRegistry meteredRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(meterHandler());
		return registry;
	}

	/**
	 * The handler that records the meters; {@link AmpMeterObservationHandlerTests} runs
	 * every test of this class with AMP's own.
	 */
	ObservationHandler<?> meterHandler() {
		return new DefaultMeterObservationHandler(this.meters);
	}

	AmpSession connect(AmpSessionObserver observer) {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Add.class, (add) -> new Add.Result(add.a() + add.b()))
			.respondSync(Divide.class, (divide) -> {
				if (divide.denominator() == 0) {
					throw new ArithmeticException("division by zero");
				}
				return new Divide.Result((double) divide.numerator() / divide.denominator());
			})
			.respondSync(Teapot.class, (teapot) -> {
				throw new AmpRemoteException("TEAPOT-" + System.nanoTime(), "short and stout");
			})
			.respond(Hold.class, (hold, session) -> this.release.asMono())
			.build();
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withObserver(observer);
		this.server = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(0), responders, options,
				TIMEOUT);
		this.server.start();
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(this.server.port()).connectNow();
		this.toClose.add(connection);
		return AmpSession.start(connection, AmpResponders.none(), options);
	}

	long count(String name, String... tags) {
		return this.meters.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
	}

	@Test
	void timesEachCallAndCommandWithBoundedTags() {
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry()));
		for (int i = 0; i < 3; i++) {
			client.call(new Add(i, i)).block(TIMEOUT);
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(count("amp.server", "command", "Add", "outcome", "SUCCESS", "error.code",
					"none", "side", "server", "error", "none"))
				.isEqualTo(3));
		assertThat(count("amp.client", "command", "Add", "outcome", "SUCCESS", "error.code", "none", "side", "client",
				"error", "none"))
			.isEqualTo(3);
		assertThat(this.meters.find("amp.server").timers()).hasSize(1);
		assertThat(this.meters.find("amp.client").timers()).hasSize(1);
	}

	@Test
	void tagsErrorAnswersWithDeclaredOrStandardCodesAndCollapsesOthers() {
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry()));
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> client.call(new Divide(1, 0)).block(TIMEOUT));
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(AmpRemoteException.class)
				.isThrownBy(() -> client.call(new Teapot()).block(TIMEOUT));
		}
		assertThatExceptionOfType(AmpUnhandledCommandException.class)
			.isThrownBy(() -> client.callRaw("NoSuchCommand-" + System.nanoTime(), AmpBox.empty()).block(TIMEOUT));
		assertThat(client.callRaw("Add", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT).getText("total")).isEqualTo("3");
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count("amp.server")).isEqualTo(5));
		assertThat(count("amp.client", "command", "Divide", "outcome", "ERROR", "error.code", "ZERO_DIVISION")).isOne();
		assertThat(count("amp.server", "command", "Divide", "outcome", "ERROR", "error.code", "ZERO_DIVISION")).isOne();
		assertThat(count("amp.client", "command", "Teapot", "outcome", "ERROR", "error.code", "OTHER")).isEqualTo(2);
		assertThat(count("amp.server", "command", "Teapot", "outcome", "ERROR", "error.code", "OTHER")).isEqualTo(2);
		// Raw calls name their command from data: the caller does not tag it.
		assertThat(count("amp.client", "command", "UNKNOWN", "outcome", "ERROR", "error.code", "UNHANDLED")).isOne();
		assertThat(count("amp.client", "command", "UNKNOWN", "outcome", "SUCCESS")).isOne();
		// The receiver tags only commands it has a responder for.
		assertThat(count("amp.server", "command", "UNKNOWN", "outcome", "ERROR", "error.code", "UNHANDLED")).isOne();
		assertThat(count("amp.server", "command", "Add", "outcome", "SUCCESS")).isOne();
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("command"))
			.isIn(null, "Add", "Divide", "Teapot", "UNKNOWN"));
	}

	@Test
	void tagsTimeoutsCancellationsAndClosedConnections() {
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry()));
		assertThatExceptionOfType(AmpCallTimeoutException.class)
			.isThrownBy(() -> client.call(new Hold(), Duration.ofMillis(50)).block(TIMEOUT));
		assertThat(count("amp.client", "command", "Hold", "outcome", "TIMEOUT")).isOne();
		Disposable cancelled = client.call(new Hold()).subscribe();
		await().atMost(TIMEOUT).until(() -> client.outboundCallsInFlight() == 1);
		cancelled.dispose();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(count("amp.client", "command", "Hold", "outcome", "CANCELLED")).isOne());
		Mono<Void> pending = client.call(new Hold()).cache();
		pending.subscribe(null, (error) -> {
		});
		await().atMost(TIMEOUT).until(() -> client.outboundCallsInFlight() == 1);
		this.server.stop();
		assertThatExceptionOfType(AmpConnectionClosedException.class).isThrownBy(() -> pending.block(TIMEOUT));
		assertThat(count("amp.client", "command", "Hold", "outcome", "CLOSED")).isOne();
	}

	@Test
	void activeCommandsCarryOnlyTheTagsKnownAtTheStart() {
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry()));
		Mono<Void> held = client.call(new Hold()).cache();
		held.subscribe();
		await().atMost(TIMEOUT).until(() -> this.meters.find("amp.server.active").longTaskTimer() != null
				&& this.meters.find("amp.server.active").longTaskTimer().activeTasks() == 1);
		LongTaskTimer active = this.meters.get("amp.server.active").longTaskTimer();
		assertThat(active.getId().getTags()).extracting((tag) -> tag.getKey() + "=" + tag.getValue())
			.containsExactlyInAnyOrder("command=Hold", "side=server");
		this.release.tryEmitEmpty();
		held.block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(active.activeTasks()).isZero());
	}

	@Test
	void callIsAChildOfTheObservationInTheCallersReactorContext() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		AmpSession client = connect(new ObservationAmpSessionObserver(registry));
		Observation parent = Observation.start("caller", registry);
		client.call(new Add(1, 2)).contextWrite(Context.of("micrometer.observation", parent)).block(TIMEOUT);
		parent.stop();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(registry).hasNumberOfObservationsWithNameEqualTo("amp.server", 1));
		assertThat(registry).hasObservationWithNameEqualTo("amp.client")
			.that()
			.hasParentObservationEqualTo(parent)
			.hasContextualNameEqualTo("Add")
			.hasLowCardinalityKeyValue("command", "Add")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.doesNotHaveHighCardinalityKeyValueWithKey("command.original")
			.isInstanceOf(AmpClientObservationContext.class);
		assertThat(registry).hasObservationWithNameEqualTo("amp.server")
			.that()
			.doesNotHaveParentObservation()
			.hasLowCardinalityKeyValue("side", "server")
			.isInstanceOf(AmpServerObservationContext.class);
		registry.clear();
		assertThatExceptionOfType(AmpUnhandledCommandException.class)
			.isThrownBy(() -> client.callRaw("Nope", AmpBox.empty()).block(TIMEOUT));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(registry).hasNumberOfObservationsWithNameEqualTo("amp.server", 1));
		assertThat(registry).hasObservationWithNameEqualTo("amp.client")
			.that()
			.hasLowCardinalityKeyValue("command", "UNKNOWN")
			.hasHighCardinalityKeyValue("command.original", "Nope");
		assertThat(registry).hasObservationWithNameEqualTo("amp.server")
			.that()
			.hasLowCardinalityKeyValue("command", "UNKNOWN")
			.hasHighCardinalityKeyValue("command.original", "Nope");
	}

	@Test
	void disabledObservationsRecordNothing() {
		ObservationRegistry registry = meteredRegistry();
		registry.observationConfig().observationPredicate((name, context) -> !name.startsWith("amp"));
		AmpSession client = connect(new ObservationAmpSessionObserver(registry));
		assertThat(client.call(new Add(1, 2)).block(TIMEOUT)).isEqualTo(new Add.Result(3));
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void customConventionReplacesTheDefault() {
		AmpClientObservationConvention convention = new AmpClientObservationConvention() {

			@Override
			public String getName() {
				return "my.amp.calls";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(AmpClientObservationContext context) {
				return KeyValues.of("wire", context.getSchema().name());
			}

		};
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry(), null, convention));
		client.call(new Add(1, 2)).block(TIMEOUT);
		assertThat(count("my.amp.calls", "wire", "Add")).isOne();
		assertThat(count("amp.client")).isZero();
	}

}
