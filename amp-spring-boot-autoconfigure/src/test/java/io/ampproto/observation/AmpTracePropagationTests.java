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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Span.Kind;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommand;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponderMethods;
import io.ampproto.session.AmpBlockingExecutor;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces with a real tracer (Brave, W3C propagation, spans kept in memory), one per
 * party: a client calls a server whose responder calls a third party. With propagation
 * on, the trace crosses both hops with the right parents; without it, the server's span
 * is a root; in both, the responder's nested call is a child of its command, for plain,
 * {@code Mono} and {@code CompletionStage} methods alike.
 */
class AmpTracePropagationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	private final List<AmpBox> thirdPartyBoxes = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.toClose.forEach(Disposable::dispose);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Plain", "Reactive", "Staged" })
	void withPropagationOneTraceCrossesBothHopsWithTheRightParents(String command) {
		Party client = new Party("client");
		Party server = new Party("server");
		Party thirdParty = new Party("third-party");
		AmpSession session = connect(client, server, thirdParty, true);
		Observation test = Observation.start("test", client.registry);
		try (Observation.Scope scope = test.openScope()) {
			assertThat(session.call(call(command)).block(TIMEOUT)).isEqualTo(new Result(6));
		}
		test.stop();
		MutableSpan root = client.awaitSpan(null);
		MutableSpan call = client.awaitSpan(Kind.CLIENT);
		MutableSpan command_ = server.awaitSpan(Kind.SERVER);
		MutableSpan nested = server.awaitSpan(Kind.CLIENT);
		MutableSpan third = thirdParty.awaitSpan(Kind.SERVER);
		assertThat(List.of(call, command_, nested, third)).extracting(MutableSpan::traceId)
			.containsOnly(root.traceId());
		assertThat(call.parentId()).isEqualTo(root.id());
		assertThat(command_.parentId()).as("the server's span is the child of the client's call")
			.isEqualTo(call.id());
		assertThat(nested.parentId()).as("the responder's call is the child of its command").isEqualTo(command_.id());
		assertThat(third.parentId()).isEqualTo(nested.id());
		assertThat(this.thirdPartyBoxes).singleElement()
			.satisfies((box) -> assertThat(box.getText("_trace.traceparent"))
				.isEqualTo("00-" + root.traceId() + "-" + nested.id() + "-01"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Plain", "Reactive", "Staged" })
	void withoutPropagationTheServersSpanIsARootAndItsNestedCallsItsChild(String command) {
		Party client = new Party("client");
		Party server = new Party("server");
		Party thirdParty = new Party("third-party");
		AmpSession session = connect(client, server, thirdParty, false);
		Observation test = Observation.start("test", client.registry);
		try (Observation.Scope scope = test.openScope()) {
			assertThat(session.call(call(command)).block(TIMEOUT)).isEqualTo(new Result(6));
		}
		test.stop();
		MutableSpan root = client.awaitSpan(null);
		MutableSpan command_ = server.awaitSpan(Kind.SERVER);
		MutableSpan nested = server.awaitSpan(Kind.CLIENT);
		MutableSpan third = thirdParty.awaitSpan(Kind.SERVER);
		assertThat(command_.parentId()).as("a root").isNull();
		assertThat(command_.traceId()).isNotEqualTo(root.traceId());
		assertThat(nested.parentId()).isEqualTo(command_.id());
		assertThat(nested.traceId()).isEqualTo(command_.traceId());
		assertThat(third.parentId()).isNull();
		assertThat(this.thirdPartyBoxes).singleElement()
			.satisfies((box) -> assertThat(box.keys()).noneMatch((key) -> key.startsWith("_trace")));
	}

	@Test
	void aCallWithoutATracerCarriesNoTraceContext() {
		Party server = new Party("server");
		Party thirdParty = new Party("third-party");
		AmpSession session = connect(null, server, thirdParty, true);
		assertThat(session.call(new Reactive(3)).block(TIMEOUT)).isEqualTo(new Result(6));
		MutableSpan command = server.awaitSpan(Kind.SERVER);
		assertThat(command.parentId()).as("nothing came from the untraced client").isNull();
	}

	private static AmpCommand<Result> call(String command) {
		return switch (command) {
			case "Plain" -> new Plain(3);
			case "Reactive" -> new Reactive(3);
			default -> new Staged(3);
		};
	}

	/**
	 * Start the third party and the server, and connect the client to the server.
	 */
	private AmpSession connect(Party client, Party server, Party thirdParty, boolean propagate) {
		AmpResponders thirdPartyResponders = AmpResponders.builder().respondRaw("Sum", (box, session) -> {
			this.thirdPartyBoxes.add(box);
			long total = Long.parseLong(box.getText("a")) + Long.parseLong(box.getText("b"));
			return Mono.just(AmpBox.of("total", Long.toString(total)));
		}).build();
		DisposableServer third = serve(thirdPartyResponders, thirdParty.options(propagate));
		AmpSession toThirdParty = connect(third.port(), server.options(propagate));
		AmpBlockingExecutor blocking = AmpBlockingExecutor.platformThreads("relay", 16);
		this.toClose.add(blocking);
		AmpResponders responders = AmpResponderMethods
			.detect(List.of(new Relay(toThirdParty)), blocking, AmpCommandMapping.Dispatch.AUTO)
			.responders();
		DisposableServer relay = serve(responders, server.options(propagate));
		return connect(relay.port(), (client != null) ? client.options(propagate) : AmpSessionOptions.DEFAULTS);
	}

	private DisposableServer serve(AmpResponders responders, AmpSessionOptions options) {
		DisposableServer server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> AmpSession.start(connection, responders, options).onClose())
			.bindNow();
		this.toClose.add(server);
		return server;
	}

	private AmpSession connect(int port, AmpSessionOptions options) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port).connectNow();
		this.toClose.add(connection);
		return AmpSession.start(connection, AmpResponders.none(), options);
	}

	record Result(long total) {
	}

	record Plain(long n) implements AmpCommand<Result> {
	}

	record Reactive(long n) implements AmpCommand<Result> {
	}

	record Staged(long n) implements AmpCommand<Result> {
	}

	/** Answers each command with a call to the third party: plain (blocking), Mono and CompletionStage. */
	static class Relay {

		private final AmpSession thirdParty;

		Relay(AmpSession thirdParty) {
			this.thirdParty = thirdParty;
		}

		@AmpCommandMapping
		Result plain(Plain plain) {
			return new Result(this.thirdParty.call(new Sum(plain.n(), plain.n())).block(TIMEOUT).total());
		}

		@AmpCommandMapping
		Mono<Result> reactive(Reactive reactive) {
			return this.thirdParty.call(new Sum(reactive.n(), reactive.n())).map((sum) -> new Result(sum.total()));
		}

		@AmpCommandMapping
		CompletionStage<Result> staged(Staged staged) {
			return this.thirdParty.call(new Sum(staged.n(), staged.n()))
				.map((sum) -> new Result(sum.total()))
				.toFuture();
		}

	}

	/** One party's tracer and observation registry, its finished spans in memory. */
	static final class Party {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		final ObservationRegistry registry = ObservationRegistry.create();

		Party(String name) {
			Tracing tracing = Tracing.newBuilder()
				.localServiceName(name)
				.traceId128Bit(true)
				.currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
				.propagationFactory(new W3CPropagation())
				.sampler(Sampler.ALWAYS_SAMPLE)
				.addSpanHandler(new SpanHandler() {

					@Override
					public boolean end(TraceContext context, MutableSpan span, Cause cause) {
						Party.this.spans.add(span);
						return true;
					}

				})
				.build();
			Tracer tracer = new BraveTracer(tracing.tracer(),
					new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
			Propagator propagator = new BravePropagator(tracing);
			this.registry.observationConfig()
				.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
						new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
						new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
						new DefaultTracingObservationHandler(tracer)));
		}

		AmpSessionOptions options(boolean propagate) {
			return AmpSessionOptions.DEFAULTS.withObserver(
					new ObservationAmpSessionObserver(this.registry, null, null, propagate ? "_trace." : null));
		}

		/** The one finished span of a kind ({@code null} for a local one). */
		MutableSpan awaitSpan(Kind kind) {
			await().atMost(TIMEOUT).until(() -> this.spans.stream().anyMatch((span) -> span.kind() == kind));
			List<MutableSpan> found = this.spans.stream().filter((span) -> span.kind() == kind).toList();
			assertThat(found).hasSize(1);
			return found.get(0);
		}

	}

}
