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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AmpServerInterceptor}s of {@link AmpResponders} and
 * {@link AmpClientInterceptor}s of {@link AmpSessionOptions}, and for what an observer
 * adds around a command: its scope, its Reactor context, keys of a call's box.
 */
class AmpSessionInterceptorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	private AmpSession connect(AmpResponders responders, AmpSessionOptions serverOptions,
			AmpSessionOptions clientOptions) {
		DisposableServer server = this.loopback.server(responders, serverOptions);
		AmpConnection connection = this.loopback.connect(server);
		return AmpSession.start(connection, AmpResponders.none(), clientOptions);
	}

	@Test
	void interceptorsOfRawRespondersAndRawCallsSeeTheBoxes() {
		List<String> seen = new CopyOnWriteArrayList<>();
		AmpResponders responders = AmpResponders.builder()
			.intercept((call, chain) -> {
				AmpBox box = (AmpBox) call.command();
				seen.add("server " + call.commandName() + " " + box.getText("word"));
				return chain.proceed();
			})
			.respondRaw("Echo", (box, session) -> Mono.just(AmpBox.of("word", box.getText("word"))))
			.build();
		AmpClientInterceptor client = (call, chain) -> {
			seen.add("client " + call.commandName() + " " + ((AmpBox) call.command()).getText("word")
					+ " declared=" + call.isDeclared());
			return chain.proceed();
		};
		AmpSession session = connect(responders, AmpSessionOptions.DEFAULTS,
				AmpSessionOptions.DEFAULTS.withInterceptors(List.of(client)));
		AmpBox answer = session.callRaw("Echo", AmpBox.of("word", "hi")).block(TIMEOUT);
		assertThat(answer.getText("word")).isEqualTo("hi");
		assertThat(seen).containsExactly("client Echo hi declared=false", "server Echo hi");
	}

	@Test
	void nothingAfterAnInterceptorRunsUntilItSubscribesToTheRestOfTheChain() {
		AtomicInteger answered = new AtomicInteger();
		AmpResponders responders = AmpResponders.builder()
			// Asks for the rest of the chain, but refuses instead of subscribing to it.
			.intercept((call, chain) -> {
				Mono<?> rest = chain.proceed();
				return Mono.error(new AmpRemoteException("NO", "refused before " + rest));
			})
			.respond(AmpCommandSchema.of(Sum.class), (sum, session) -> {
				answered.incrementAndGet();
				return Mono.just(new Sum.Result(sum.a() + sum.b()));
			}, List.of((call, chain) -> {
				answered.incrementAndGet();
				return chain.proceed();
			}))
			.build();
		AmpSession session = connect(responders, AmpSessionOptions.DEFAULTS, AmpSessionOptions.DEFAULTS);
		assertThatExceptionOfType(AmpRemoteException.class).isThrownBy(() -> session.call(new Sum(1, 2)).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("NO"));
		assertThat(answered).hasValue(0);
		// A code of the interceptor's choice keeps the connection open: the next call is refused the same way.
		assertThatExceptionOfType(AmpRemoteException.class).isThrownBy(() -> session.call(new Sum(3, 4)).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("NO"));
		assertThat(answered).hasValue(0);
	}

	@Test
	void aClientInterceptorsContextReachesTheObserverOfTheCall() {
		List<Object> tenants = new CopyOnWriteArrayList<>();
		AmpSessionObserver observer = new AmpSessionObserver() {

			@Override
			public @Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
					ContextView context) {
				tenants.add(context.getOrDefault("tenant", "none"));
				return null;
			}

		};
		AmpClientInterceptor tenant = (call, chain) -> chain.proceed().contextWrite(Context.of("tenant", "acme"));
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.build();
		AmpSession session = connect(responders, AmpSessionOptions.DEFAULTS,
				AmpSessionOptions.DEFAULTS.withObserver(observer).withInterceptors(List.of(tenant)));
		assertThat(session.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
		assertThat(tenants).containsExactly("acme");
	}

	@Test
	void theResponderRunsInTheScopeAndContextOfTheCommandsObserverAndCallsCarryItsKeys() {
		ThreadLocal<String> current = new ThreadLocal<>();
		List<String> seen = new CopyOnWriteArrayList<>();
		AmpSessionObserver serverObserver = new AmpSessionObserver() {

			@Override
			public Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
					boolean requiresAnswer, AmpBox box) {
				String trace = box.getText("_trace");
				return new Call() {

					@Override
					public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
					}

					@Override
					public AmpSessionObserver.Scope openScope() {
						current.set(trace);
						return current::remove;
					}

					@Override
					public ContextView context() {
						return Context.of("trace", trace);
					}

				};
			}

		};
		AmpSessionObserver clientObserver = new AmpSessionObserver() {

			@Override
			public Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
					ContextView context) {
				return new Call() {

					@Override
					public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
					}

					@Override
					public AmpBox request(AmpBox request) {
						return request.with("_trace", "t-1");
					}

				};
			}

		};
		AmpResponders responders = AmpResponders.builder().respond(Sum.class, (sum, session) -> {
			seen.add("in scope " + current.get());
			return Mono.deferContextual((context) -> {
				seen.add("in context " + context.get("trace"));
				return Mono.just(new Sum.Result(sum.a() + sum.b()));
			});
		}).build();
		AmpSession session = connect(responders, AmpSessionOptions.DEFAULTS.withObserver(serverObserver),
				AmpSessionOptions.DEFAULTS.withObserver(clientObserver));
		assertThat(session.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
		assertThat(seen).containsExactly("in scope t-1", "in context t-1");
	}

}
