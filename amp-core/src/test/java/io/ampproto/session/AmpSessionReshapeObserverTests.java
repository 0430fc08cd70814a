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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSession;

import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Slow;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.tls.AmpOnlyOneTlsException;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.util.context.ContextView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests that StartTLS and protocol switches, which reshape the connection, are told to
 * an {@link AmpSessionObserver} as calls and commands, each ended exactly once with the
 * right outcome.
 */
class AmpSessionReshapeObserverTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	private final Recorder serverObserver = new Recorder("server");

	private final Recorder clientObserver = new Recorder("client");

	/** Lets the responder answer Slow. */
	private final Sinks.Empty<Void> slowAnswer = Sinks.empty();

	@AmpCommandSpec(errors = @AmpError(code = "BAD_GREETING", exception = IllegalArgumentException.class))
	record SwitchToEcho(String greeting) implements AmpSwitchCommand {
	}

	/** One observed call or command, and how it ended. */
	static final class Observed implements AmpSessionObserver.Call {

		final String name;

		final AtomicInteger ends = new AtomicInteger();

		volatile @Nullable AmpCallOutcome outcome;

		volatile @Nullable String errorCode;

		Observed(String name) {
			this.name = name;
		}

		@Override
		public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
			this.ends.incrementAndGet();
			this.outcome = outcome;
			this.errorCode = errorCode;
		}

		@Override
		public String toString() {
			return this.name + " " + this.outcome + " " + this.errorCode + " (ended " + this.ends + " times)";
		}

	}

	/** Records calls and commands of one side. */
	static final class Recorder implements AmpSessionObserver {

		final String side;

		final List<Observed> calls = new CopyOnWriteArrayList<>();

		final List<Observed> commands = new CopyOnWriteArrayList<>();

		Recorder(String side) {
			this.side = side;
		}

		@Override
		public @Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
				ContextView context) {
			Observed observed = new Observed(schema.name());
			this.calls.add(observed);
			return observed;
		}

		@Override
		public @Nullable Call commandReceived(AmpSession session, String command,
				@Nullable AmpCommandSchema<?, ?> schema, boolean requiresAnswer) {
			Observed observed = new Observed(command);
			this.commands.add(observed);
			return observed;
		}

		Observed call(String name) {
			waitUp().until(() -> this.calls.stream().anyMatch((call) -> call.name.equals(name)));
			return this.calls.stream().filter((call) -> call.name.equals(name)).findFirst().orElseThrow();
		}

		Observed command(String name) {
			waitUp().until(() -> this.commands.stream().anyMatch((call) -> call.name.equals(name)));
			return this.commands.stream().filter((call) -> call.name.equals(name)).findFirst().orElseThrow();
		}

		/** Every call and command ended, each exactly once. */
		void assertAllEndedOnce() {
			waitUp()
				.untilAsserted(() -> assertThat(this.calls).as(this.side + " calls")
					.allSatisfy((call) -> assertThat(call.ends).as(call.toString()).hasValue(1)));
			waitUp()
				.untilAsserted(() -> assertThat(this.commands).as(this.side + " commands")
					.allSatisfy((command) -> assertThat(command.ends).as(command.toString()).hasValue(1)));
		}

	}

	@AfterEach
	void close() {
		this.clientObserver.assertAllEndedOnce();
		this.serverObserver.assertAllEndedOnce();
	}

	AmpResponders responders() {
		return AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respond(Slow.class, (slow, session) -> this.slowAnswer.asMono().thenReturn(new Slow.Result(slow.id())))
			.respondSwitch(SwitchToEcho.class, (command, session) -> command.greeting().isEmpty()
					? Mono.error(new IllegalArgumentException("a greeting is required"))
					: Mono.just(AmpSwitch.to((inbound, outbound) -> outbound.send(inbound.receive().retain()))))
			.build();
	}

	DisposableServer server(@Nullable AmpTls tls) {
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withObserver(this.serverObserver).withTls(tls);
		return this.loopback.server(responders(), options);
	}

	AmpSession client(int port, String trustedCa) {
		AmpConnection connection = this.loopback.connect(AmpConnector.create(), port);
		AmpTls tls = AmpTls.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext(trustedCa, false)))
			.peer("localhost", port);
		return AmpSession.start(connection, responders(),
				AmpSessionOptions.DEFAULTS.withObserver(this.clientObserver).withTls(tls));
	}

	@Test
	void startTlsIsObservedAsASuccessfulCallOnBothSides() {
		AmpSession client = client(server(AmpTls.of(TlsTestMaterial.provider())).port(), "ca-cert.pem");
		client.startTls().block(TIMEOUT);
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThat(this.clientObserver.call("StartTLS").outcome).isEqualTo(AmpCallOutcome.SUCCESS);
		Observed answered = this.serverObserver.command("StartTLS");
		waitUp().until(() -> answered.outcome == AmpCallOutcome.SUCCESS);
		assertThat(this.clientObserver.call("Sum").outcome).isEqualTo(AmpCallOutcome.SUCCESS);
	}

	@Test
	void startTlsRefusedByAPeerWithoutTlsIsAnErrorWithTlsErrorOnBothSides() {
		AmpSession client = client(server(null).port(), "ca-cert.pem");
		assertThatExceptionOfType(AmpRemoteException.class).isThrownBy(() -> client.startTls().block(TIMEOUT));
		Observed call = this.clientObserver.call("StartTLS");
		assertThat(call.outcome).isEqualTo(AmpCallOutcome.ERROR);
		assertThat(call.errorCode).isEqualTo(AmpSession.TLS_ERROR_CODE);
		Observed command = this.serverObserver.command("StartTLS");
		waitUp().until(() -> command.outcome == AmpCallOutcome.ERROR);
		assertThat(command.errorCode).isEqualTo(AmpSession.TLS_ERROR_CODE);
	}

	@Test
	void startTlsWhoseHandshakeFailsIsAFailureAndWaitingCallsAreClosed() {
		AmpSession client = client(server(AmpTls.of(TlsTestMaterial.provider())).port(), "other-ca-cert.pem");
		Mono<SSLSession> tls = InFlight.started(client.startTls());
		Mono<Sum.Result> sum = InFlight.started(client.call(new Sum(1, 2)));
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> tls.block(TIMEOUT));
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> sum.block(TIMEOUT));
		assertThat(this.clientObserver.call("StartTLS").outcome).isEqualTo(AmpCallOutcome.FAILED);
		assertThat(this.clientObserver.call("Sum").outcome).isEqualTo(AmpCallOutcome.CLOSED);
	}

	@Test
	void secondStartTlsIsAFailureBeforeAnythingIsSent() {
		AmpSession client = client(server(AmpTls.of(TlsTestMaterial.provider())).port(), "ca-cert.pem");
		client.startTls().block(TIMEOUT);
		assertThatExceptionOfType(AmpOnlyOneTlsException.class).isThrownBy(() -> client.startTls().block(TIMEOUT));
		assertThat(this.clientObserver.calls).extracting((call) -> call.outcome)
			.containsExactly(AmpCallOutcome.SUCCESS, AmpCallOutcome.FAILED);
		assertThat(this.serverObserver.commands).hasSize(1);
	}

	@Test
	void startTlsCancelledOnceSentIsCancelledOnceAndTlsStartsAllTheSame() throws Exception {
		AmpSession client = client(server(AmpTls.of(TlsTestMaterial.provider())).port(), "ca-cert.pem");
		// On the event loop, the request is sent as the caller subscribes: it is pending when cancelled.
		client.connection().nettyConnection().channel().eventLoop().submit(() -> {
			Disposable tls = client.startTls().subscribe(null, (error) -> {
			});
			tls.dispose();
		}).get();
		assertThat(this.clientObserver.call("StartTLS").outcome).isEqualTo(AmpCallOutcome.CANCELLED);
		waitUp().until(() -> client.sslSession() != null);
		assertThat(client.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
		Observed answered = this.serverObserver.command("StartTLS");
		waitUp().until(() -> answered.outcome == AmpCallOutcome.SUCCESS);
	}

	@Test
	void startTlsAndSwitchCancelledBeforeTheyAreSentSendNothing() throws Exception {
		AmpSession client = client(server(AmpTls.of(TlsTestMaterial.provider())).port(), "ca-cert.pem");
		CountDownLatch release = new CountDownLatch(1);
		// The event loop is busy: the requests cannot go out before their callers cancel.
		client.connection().nettyConnection().channel().eventLoop().execute(() -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		client.startTls().subscribe(null, (error) -> {
		}).dispose();
		client.switchProtocol(new SwitchToEcho("hi"), (inbound, outbound) -> Mono.never()).subscribe(null, (error) -> {
		}).dispose();
		release.countDown();
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThat(this.clientObserver.call("StartTLS").outcome).isEqualTo(AmpCallOutcome.CANCELLED);
		assertThat(this.clientObserver.call("SwitchToEcho").outcome).isEqualTo(AmpCallOutcome.CANCELLED);
		assertThat(this.serverObserver.commands).extracting((command) -> command.name).containsExactly("Sum");
		assertThat(client.connection().isSecure()).isFalse();
		assertThat(client.isSwitched()).isFalse();
		client.startTls().block(TIMEOUT);
		assertThat(client.call(new Sum(2, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(4));
	}

	@Test
	void switchIsObservedAsASuccessAndCallsItCutShortAreClosed() {
		AmpSession client = client(server(null).port(), "ca-cert.pem");
		Mono<Slow.Result> slow = InFlight.started(client.call(new Slow(1, 0)));
		Observed slowCommand = this.serverObserver.command("Slow");
		client.switchProtocol(new SwitchToEcho("hi"), (inbound, outbound) -> Mono.never()).block(TIMEOUT);
		assertThatExceptionOfType(AmpProtocolSwitchedException.class).isThrownBy(() -> slow.block(TIMEOUT));
		assertThat(this.clientObserver.call("SwitchToEcho").outcome).isEqualTo(AmpCallOutcome.SUCCESS);
		assertThat(this.clientObserver.call("Slow").outcome).isEqualTo(AmpCallOutcome.CLOSED);
		Observed command = this.serverObserver.command("SwitchToEcho");
		waitUp().until(() -> command.outcome == AmpCallOutcome.SUCCESS);
		// The responder's Slow answer is dropped when it comes: the connection carries no more AMP.
		assertThat(slowCommand.outcome).isNull();
		this.slowAnswer.tryEmitEmpty();
		waitUp().until(() -> slowCommand.outcome != null);
		assertThat(slowCommand.outcome).isEqualTo(AmpCallOutcome.CLOSED);
	}

	@Test
	void refusedSwitchIsAnErrorWithItsCodeAndAmpGoesOn() {
		AmpSession client = client(server(null).port(), "ca-cert.pem");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(
				() -> client.switchProtocol(new SwitchToEcho(""), (inbound, outbound) -> Mono.never()).block(TIMEOUT));
		assertThat(client.call(new Sum(1, 1)).block(TIMEOUT)).isEqualTo(new Sum.Result(2));
		Observed call = this.clientObserver.call("SwitchToEcho");
		assertThat(call.outcome).isEqualTo(AmpCallOutcome.ERROR);
		assertThat(call.errorCode).isEqualTo("BAD_GREETING");
		Observed command = this.serverObserver.command("SwitchToEcho");
		waitUp().until(() -> command.outcome != null);
		assertThat(command.outcome).isEqualTo(AmpCallOutcome.ERROR);
		assertThat(command.errorCode).isEqualTo("BAD_GREETING");
	}

	/** Checks at once, then often: these conditions mostly hold already. */
	static ConditionFactory waitUp() {
		return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
	}

}
