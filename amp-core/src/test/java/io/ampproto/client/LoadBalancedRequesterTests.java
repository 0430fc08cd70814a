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
package io.ampproto.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.util.context.ContextView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests of a load-balanced {@link AmpRequester} over real loopback servers, with a round
 * robin balancer of the test's own (Spring Cloud's is tested with the auto-configuration).
 */
class LoadBalancedRequesterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	/** Connections accepted, by server name. */
	private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

	/** Sessions accepted, by server name. */
	private final Map<String, List<AmpSession>> sessions = new ConcurrentHashMap<>();

	/** Held calls, answered when the test says so. */
	private final Sinks.Empty<Void> release = Sinks.empty();

	@AfterEach
	void close() {
		this.toClose.forEach(Disposable::dispose);
	}

	@Test
	void spreadsCallsOverTheInstancesWithOneConnectionEach() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")),
				instance("c", server("c")));
		AmpRequester requester = requester(balancer);
		Map<String, Long> answered = Flux.range(0, 300)
			.flatMap((i) -> requester.call(new Who()), 50)
			.collect(Collectors.groupingBy(Who.Result::name, Collectors.counting()))
			.block(TIMEOUT);
		assertThat(answered).containsOnlyKeys("a", "b", "c").allSatisfy((name, count) -> assertThat(count).isEqualTo(100));
		assertThat(this.accepted).allSatisfy((name, count) -> assertThat(count).hasValue(1));
		assertThat(requester.connectedInstances()).isEqualTo(3);
		assertThat(requester.serviceId()).isEqualTo("test-service");
	}

	@Test
	void doesNotConnectBeforeTheFirstCall() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")));
		AmpRequester requester = requester(balancer);
		assertThat(requester.connectedInstances()).isZero();
		assertThat(this.accepted.get("a")).hasValue(0);
		assertThat(requester.call(new Who()).block(TIMEOUT).name()).isEqualTo("a");
		assertThat(requester.connectedInstances()).isEqualTo(1);
	}

	@Test
	void unreachableInstanceIsSkippedAndTakenBackOnceItListens() {
		int port = freePort();
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("late", port));
		AmpRequester requester = requester(balancer);
		List<String> first = Flux.range(0, 20).concatMap((i) -> requester.call(new Who())).map(Who.Result::name)
			.collectList()
			.block(TIMEOUT);
		assertThat(first).containsOnly("a").hasSize(20);
		server("late", port);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(requester.call(new Who()).block(TIMEOUT).name())
			.isEqualTo("late"));
		assertThat(requester.connectedInstances()).isEqualTo(2);
	}

	@Test
	void failsWithConnectExceptionWhenNoInstanceCanBeReached() {
		TestBalancer balancer = new TestBalancer(instance("x", freePort()), instance("y", freePort()));
		AmpRequester requester = requester(balancer);
		assertThatExceptionOfType(AmpConnectException.class).isThrownBy(() -> requester.call(new Who()).block(TIMEOUT))
			.withMessageContaining("No reachable instance of service 'test-service'");
	}

	@Test
	void failsWithConnectExceptionWhenTheServiceHasNoInstance() {
		AmpRequester requester = requester(new TestBalancer());
		assertThatExceptionOfType(AmpConnectException.class).isThrownBy(() -> requester.call(new Who()).block(TIMEOUT))
			.withMessageContaining("No instance of service 'test-service'");
	}

	@Test
	void idempotentCallWhoseConnectionDropsIsSentAgainToAnotherInstance() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")));
		assertHeldReadIsSentAgainWhenItsConnectionDrops(balancer);
		assertThat(balancer.started).hasValue(2);
		assertThat(balancer.completed).hasValue(2);
	}

	@Test
	void idempotentCallIsSentAgainWhenNothingTracksTheChoices() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")));
		balancer.tracked = false;
		assertHeldReadIsSentAgainWhenItsConnectionDrops(balancer);
		assertThat(balancer.started).hasValue(0);
	}

	private void assertHeldReadIsSentAgainWhenItsConnectionDrops(TestBalancer balancer) {
		AmpRequester requester = requester(balancer);
		// Whichever instance gets the held call drops its connection: the call is answered by the other.
		Mono<HeldRead.Result> held = requester.call(new HeldRead()).cache();
		held.subscribe();
		await().atMost(TIMEOUT).until(() -> heldSession() != null);
		String first = heldServer();
		dropHeldConnection();
		this.release.tryEmitEmpty();
		HeldRead.Result result = held.block(TIMEOUT);
		assertThat(result.name()).isNotEqualTo(first);
	}

	@Test
	void choiceThatComesLaterIsWaitedFor() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")),
				instance("c", server("c")));
		balancer.later = true;
		AmpRequester requester = requester(balancer);
		Map<String, Long> answered = Flux.range(0, 30)
			.flatMap((i) -> requester.call(new Who()), 5)
			.collect(Collectors.groupingBy(Who.Result::name, Collectors.counting()))
			.block(TIMEOUT);
		assertThat(answered).containsOnlyKeys("a", "b", "c").allSatisfy((name, count) -> assertThat(count).isEqualTo(10));
		assertThat(balancer.started).hasValue(30);
		assertThat(balancer.completed).hasValue(30);
	}

	@Test
	void callThatIsNotIdempotentFailsWhenItsConnectionDrops() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")));
		AmpRequester requester = requester(balancer);
		Mono<HeldWrite.Result> held = requester.call(new HeldWrite()).cache();
		held.subscribe((result) -> {
		}, (error) -> {
		});
		await().atMost(TIMEOUT).until(() -> heldSession() != null);
		dropHeldConnection();
		this.release.tryEmitEmpty();
		assertThatExceptionOfType(AmpConnectionClosedException.class).isThrownBy(() -> held.block(TIMEOUT));
	}

	@Test
	void instanceThatLeftTheServiceIsDrainedThenClosed() {
		AmpServiceInstance a = instance("a", server("a"));
		AmpServiceInstance b = instance("b", server("b"));
		TestBalancer balancer = new TestBalancer(a, b);
		AmpRequester requester = requester(balancer);
		// A held call on each instance, then "b" leaves the service.
		List<Mono<HeldRead.Result>> held = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Mono<HeldRead.Result> call = requester.call(new HeldRead()).cache();
			call.subscribe();
			held.add(call);
		}
		await().atMost(TIMEOUT).until(() -> this.heldCalls.get() == 2);
		balancer.instances.set(List.of(a));
		await().atMost(TIMEOUT).until(() -> requester.knownInstances().equals(List.of(a)));
		// Draining: the held call on "b" still gets its answer before the connection closes.
		assertThat(this.sessions.get("b").get(0).isDisposed()).isFalse();
		this.release.tryEmitEmpty();
		assertThat(Flux.concat(held).map(HeldRead.Result::name).collectList().block(TIMEOUT))
			.containsExactlyInAnyOrder("a", "b");
		await().atMost(TIMEOUT).until(() -> this.sessions.get("b").get(0).isDisposed());
		assertThat(Flux.range(0, 10).concatMap((i) -> requester.call(new Who())).map(Who.Result::name)
			.collectList()
			.block(TIMEOUT)).containsOnly("a");
		assertThat(requester.connectedInstances()).isEqualTo(1);
	}

	@Test
	void sessionIsPinnedToOneInstance() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")));
		AmpRequester requester = requester(balancer);
		AmpSession session = requester.session().block(TIMEOUT);
		List<String> names = Flux.range(0, 10).concatMap((i) -> session.call(new Who())).map(Who.Result::name)
			.distinct()
			.collectList()
			.block(TIMEOUT);
		assertThat(names).hasSize(1);
	}

	@Test
	void serverCallsBackOnTheConnectionOfItsInstance() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")));
		AtomicInteger callbacks = new AtomicInteger();
		AmpRequester requester = AmpRequester.builder()
			.loadBalancer(balancer)
			.responders(AmpResponders.builder().respondSync(Who.class, (who) -> {
				callbacks.incrementAndGet();
				return new Who.Result("caller");
			}).build())
			.build();
		this.toClose.add(requester);
		List<String> answers = Flux.range(0, 4).concatMap((i) -> requester.call(new AskBack())).map(AskBack.Result::text)
			.collectList()
			.block(TIMEOUT);
		// Each instance asked the caller back on the connection the call came on.
		assertThat(answers).containsExactlyInAnyOrder("a asked caller", "b asked caller", "a asked caller",
				"b asked caller");
		assertThat(callbacks).hasValue(4);
	}

	@Test
	void disposeClosesEveryInstanceConnection() {
		TestBalancer balancer = new TestBalancer(instance("a", server("a")), instance("b", server("b")));
		AmpRequester requester = requester(balancer);
		Flux.range(0, 4).concatMap((i) -> requester.call(new Who())).blockLast(TIMEOUT);
		requester.dispose();
		await().atMost(TIMEOUT).until(() -> this.sessions.values().stream().flatMap(List::stream)
			.allMatch(AmpSession::isDisposed));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> requester.call(new Who()).block(TIMEOUT));
	}

	// ---------------------------------------------------------------------------------

	private final AtomicInteger heldCalls = new AtomicInteger();

	private final Map<AmpSession, String> heldOn = new ConcurrentHashMap<>();

	private @Nullable AmpSession heldSession() {
		return this.heldOn.keySet().stream().findFirst().orElse(null);
	}

	/** Close the connection of the first held call, and wait until it is closed. */
	private void dropHeldConnection() {
		AmpSession session = heldSession();
		session.dispose();
		await().atMost(TIMEOUT).until(() -> !session.connection().isActive());
	}

	private String heldServer() {
		return this.heldOn.values().iterator().next();
	}

	private AmpRequester requester(AmpLoadBalancer balancer) {
		AmpRequester requester = AmpRequester.builder()
			.name("test")
			.loadBalancer(balancer)
			.loadBalancing(Duration.ofMillis(100), Duration.ofSeconds(30), 3)
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200))
			.build();
		this.toClose.add(requester);
		return requester;
	}

	private int server(String name) {
		return server(name, 0);
	}

	private int server(String name, int port) {
		this.accepted.put(name, new AtomicInteger());
		this.sessions.put(name, new CopyOnWriteArrayList<>());
		Function<AmpSession, Mono<Void>> release = (session) -> this.release.asMono();
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Who.class, (who) -> new Who.Result(name))
			.respond(HeldRead.class, (held, session) -> hold(session, name).then(Mono.just(new HeldRead.Result(name))))
			.respond(AskBack.class,
					(ask, session) -> session.call(new Who()).map((who) -> new AskBack.Result(name + " asked " + who.name())))
			.respond(HeldWrite.class, (held, session) -> hold(session, name).then(Mono.just(new HeldWrite.Result(name))))
			.build();
		DisposableServer server = AmpServer.create().host("127.0.0.1").port(port).handle((connection) -> {
			this.accepted.get(name).incrementAndGet();
			AmpSession session = AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS);
			this.sessions.get(name).add(session);
			return session.onClose();
		}).bindNow();
		this.toClose.add(server);
		return server.port();
	}

	/** Hold a call until released; only the first held call of a test drops a connection. */
	private Mono<Void> hold(AmpSession session, String name) {
		this.heldOn.putIfAbsent(session, name);
		this.heldCalls.incrementAndGet();
		return this.release.asMono();
	}

	private static AmpServiceInstance instance(String name, int port) {
		return new AmpServiceInstance("test-service", name, "127.0.0.1", port);
	}

	/** A port on which nothing listens, until a test binds it. */
	private static int freePort() {
		DisposableServer server = AmpServer.create().host("127.0.0.1").port(0).bindNow();
		int port = server.port();
		server.disposeNow();
		return port;
	}

	record Who() implements AmpCommand<Who.Result> {
		record Result(String name) {
		}
	}

	/** Answered by the server after calling {@link Who} back on the caller. */
	record AskBack() implements AmpCommand<AskBack.Result> {
		record Result(String text) {
		}
	}

	@AmpCommandSpec(idempotent = true)
	record HeldRead() implements AmpCommand<HeldRead.Result> {
		record Result(String name) {
		}
	}

	record HeldWrite() implements AmpCommand<HeldWrite.Result> {
		record Result(String name) {
		}
	}

	/** Round robin over a list the test may change. */
	static final class TestBalancer implements AmpLoadBalancer {

		final java.util.concurrent.atomic.AtomicReference<List<AmpServiceInstance>> instances;

		private final AtomicInteger next = new AtomicInteger();

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger completed = new AtomicInteger();

		/** Whether choices are told how attempts end. */
		volatile boolean tracked = true;

		/** Whether choices come after a delay rather than at once. */
		volatile boolean later;

		TestBalancer(AmpServiceInstance... instances) {
			this.instances = new java.util.concurrent.atomic.AtomicReference<>(List.of(instances));
		}

		@Override
		public String serviceId() {
			return "test-service";
		}

		@Override
		public Mono<Choice> choose(String command, ContextView context) {
			List<AmpServiceInstance> current = this.instances.get();
			AmpServiceInstance chosen = current.isEmpty() ? null
					: current.get(Math.floorMod(this.next.getAndIncrement(), current.size()));
			Mono<Choice> choice = Mono.just(new TestChoice(chosen, this.tracked, this));
			return this.later ? choice.delayElement(Duration.ofMillis(1)) : choice;
		}

		@Override
		public Mono<List<AmpServiceInstance>> instances() {
			return Mono.just(this.instances.get());
		}

	}

	record TestChoice(@Nullable AmpServiceInstance instance, boolean tracked, TestBalancer balancer)
			implements AmpLoadBalancer.Choice {

		@Override
		public void started() {
			this.balancer.started.incrementAndGet();
		}

		@Override
		public void completed(@Nullable Throwable error) {
			this.balancer.completed.incrementAndGet();
		}

		@Override
		public void discarded() {
		}

	}

}
