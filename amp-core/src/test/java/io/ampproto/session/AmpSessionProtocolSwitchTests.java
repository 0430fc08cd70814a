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

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpLimits;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.switching.AmpSwitchContext;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Slow;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for protocol switching in {@link AmpSession}, as Twisted's
 * {@code ProtocolSwitchCommand}: between two loopback peers, and against raw peers that
 * put inner protocol bytes in the same read as the AMP boxes.
 */
class AmpSessionProtocolSwitchTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	private final AtomicBoolean slowResponder = new AtomicBoolean();

	@AmpCommandSpec(errors = @AmpError(code = "BAD_GREETING", exception = IllegalArgumentException.class))
	record SwitchToEcho(String greeting) implements AmpSwitchCommand {
	}

	record SwitchToNowhere() implements AmpSwitchCommand {
	}

	/** Greets with the switch command's greeting, then echoes every byte. */
	static final class EchoFactory implements AmpInnerProtocolFactory {

		@Override
		public String name() {
			return "echo";
		}

		@Override
		public AmpInnerProtocol create(AmpSwitchContext context) {
			byte[] greeting = ((SwitchToEcho) context.command()).greeting().getBytes(StandardCharsets.UTF_8);
			return (inbound, outbound) -> outbound.sendByteArray(Mono.just(greeting))
				.then(outbound.send(inbound.receive().retain()));
		}

	}

	/** An inner protocol that records what it receives and sends what it is given. */
	static final class Recorder implements AmpInnerProtocol {

		final ByteArrayOutputStream received = new ByteArrayOutputStream();

		final Sinks.Many<byte[]> outgoing = Sinks.many().unicast().onBackpressureBuffer();

		@Override
		public Publisher<Void> handle(NettyInbound inbound, NettyOutbound outbound) {
			inbound.receive().asByteArray().subscribe((bytes) -> {
				synchronized (this.received) {
					this.received.writeBytes(bytes);
				}
			});
			return outbound.sendByteArray(this.outgoing.asFlux());
		}

		String text() {
			synchronized (this.received) {
				return this.received.toString(StandardCharsets.UTF_8);
			}
		}

		void send(String text) {
			this.outgoing.tryEmitNext(text.getBytes(StandardCharsets.UTF_8));
		}

	}

	AmpResponders responders() {
		return AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respond(Slow.class,
					(slow, session) -> Mono.delay(Duration.ofMillis(slow.delayMillis()))
						.thenReturn(new Slow.Result(slow.id())))
			.respondSwitch(SwitchToEcho.class, (command, session) -> {
				if (command.greeting().isEmpty()) {
					return Mono.error(new IllegalArgumentException("a greeting is required"));
				}
				Mono<AmpSwitch> accepted = Mono.just(AmpSwitch.to("echo"));
				return this.slowResponder.get() ? Mono.delay(Duration.ofMillis(300)).then(accepted) : accepted;
			})
			.respondSwitch(SwitchToNowhere.class, (command, session) -> Mono.just(AmpSwitch.to("nowhere")))
			.build();
	}

	AmpSessionOptions options() {
		return AmpSessionOptions.DEFAULTS.withInnerProtocols(AmpInnerProtocols.of(List.of(new EchoFactory())));
	}

	DisposableServer server(AmpServer transport) {
		return this.loopback.server(transport, responders(), options());
	}

	DisposableServer server() {
		return server(AmpServer.create());
	}

	AmpSession client(int port) {
		AmpConnection connection = this.loopback.connect(AmpConnector.create(), port);
		return AmpSession.start(connection, responders(), options());
	}

	AmpSession serverSession() {
		await().atMost(TIMEOUT).until(() -> !this.loopback.serverSessions().isEmpty());
		return this.loopback.serverSessions().get(0);
	}

	@Test
	void afterTheSwitchBothInnerProtocolsExchangeBytes() {
		AmpSession client = client(server().port());
		Recorder inner = new Recorder();
		client.switchProtocol(new SwitchToEcho("hello"), inner).block(TIMEOUT);
		assertThat(client.isSwitched()).isTrue();
		await().atMost(TIMEOUT).until(() -> inner.text().equals("hello"));
		inner.send("one ");
		inner.send("two");
		await().atMost(TIMEOUT).until(() -> inner.text().equals("helloone two"));
		assertThat(serverSession().isSwitched()).isTrue();
	}

	@Test
	void afterTheSwitchAmpIsRefusedLocally() {
		AmpSession client = client(server().port());
		client.switchProtocol(new SwitchToEcho("hi"), new Recorder()).block(TIMEOUT);
		assertThatExceptionOfType(AmpProtocolSwitchedException.class)
			.isThrownBy(() -> client.call(new Sum(1, 2)).block(TIMEOUT))
			.withMessage("This connection has switched: no AMP traffic allowed.");
		assertThatExceptionOfType(AmpProtocolSwitchedException.class)
			.isThrownBy(() -> client.sendRaw("Ping", AmpBox.of("n", "1")).block(TIMEOUT));
		assertThatExceptionOfType(AmpProtocolSwitchedException.class).as("a second switch")
			.isThrownBy(() -> client.switchProtocol(new SwitchToEcho("again"), new Recorder()).block(TIMEOUT));
		assertThatExceptionOfType(AmpProtocolSwitchedException.class)
			.isThrownBy(() -> client.connection().write(AmpBox.of("_command", "Sum")));
	}

	@Test
	void callerLocksAtTheRequestAndBytesInTheSameReadAsTheAnswerGoToItsInnerProtocol() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			AmpSession client = client(listener.getLocalPort());
			try (Socket socket = listener.accept()) {
				Recorder inner = new Recorder();
				Mono<Void> switched = InFlight.started(client.switchProtocol(new SwitchToEcho("hey"), inner));
				InputStream in = socket.getInputStream();
				AmpBox request = RawBoxes.readBox(in);
				assertThat(request).isEqualTo(AmpBox.of("_ask", "1", "_command", "SwitchToEcho", "greeting", "hey"));
				assertThatExceptionOfType(AmpProtocolSwitchedException.class).as("calls while the switch is pending")
					.isThrownBy(() -> client.call(new Sum(1, 2)).block(TIMEOUT));
				socket.setSoTimeout(300);
				assertThatExceptionOfType(SocketTimeoutException.class).as("nothing sent while locked")
					.isThrownBy(in::read);
				// The answer, then inner bytes that look like an AMP box, in one write.
				byte[] answer = AmpBoxCodec.encode(AmpBox.of("_answer", "1"));
				byte[] behind = AmpBoxCodec.encode(AmpBox.of("_answer", "2"));
				byte[] both = new byte[answer.length + behind.length];
				System.arraycopy(answer, 0, both, 0, answer.length);
				System.arraycopy(behind, 0, both, answer.length, behind.length);
				socket.getOutputStream().write(both);
				switched.block(TIMEOUT);
				await().atMost(TIMEOUT)
					.until(() -> inner.text().equals(new String(behind, StandardCharsets.UTF_8)));
				inner.send("out");
				socket.setSoTimeout(10_000);
				assertThat(new String(RawBoxes.readFully(in, 3), StandardCharsets.UTF_8)).isEqualTo("out");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void bytesInTheSameWriteAsTheRequestGoToTheResponderInnerProtocol(boolean slow) throws Exception {
		this.slowResponder.set(slow);
		DisposableServer server = server();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.setSoTimeout(10_000);
			byte[] request = AmpBoxCodec.encode(AmpBox.of("_ask", "a", "_command", "SwitchToEcho", "greeting", "hi"));
			byte[] behind = AmpBoxCodec.encode(AmpBox.of("_ask", "b", "_command", "Sum", "a", "1", "b", "2"));
			byte[] both = new byte[request.length + behind.length];
			System.arraycopy(request, 0, both, 0, request.length);
			System.arraycopy(behind, 0, both, request.length, behind.length);
			socket.getOutputStream().write(both);
			InputStream in = socket.getInputStream();
			assertThat(RawBoxes.readBoxBytes(in)).as("only _answer (V17)").isEqualTo(AmpBoxCodec.encode(AmpBox.of("_answer", "a")));
			assertThat(new String(RawBoxes.readFully(in, 2), StandardCharsets.UTF_8)).isEqualTo("hi");
			assertThat(RawBoxes.readFully(in, behind.length)).as("echoed, not answered").isEqualTo(behind);
			socket.getOutputStream().write("more".getBytes(StandardCharsets.UTF_8));
			assertThat(new String(RawBoxes.readFully(in, 4), StandardCharsets.UTF_8)).isEqualTo("more");
		}
	}

	@Test
	void refusedSwitchUnlocksTheCallerAndAmpGoesOnBothWays() {
		AmpSession client = client(server().port());
		Recorder inner = new Recorder();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> client.switchProtocol(new SwitchToEcho(""), inner).block(TIMEOUT))
			.withMessage("a greeting is required");
		assertThat(client.isSwitched()).isFalse();
		assertThat(client.call(new Sum(20, 22)).block(TIMEOUT)).isEqualTo(new Sum.Result(42));
		assertThat(serverSession().call(new Sum(1, 1)).block(TIMEOUT)).isEqualTo(new Sum.Result(2));
		client.switchProtocol(new SwitchToEcho("now"), inner).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> inner.text().equals("now"));
	}

	@Test
	void lateRepliesOnTheOldAmpLayerNeverReachTheInnerStream() {
		AmpSession client = client(server().port());
		Mono<Slow.Result> clientCall = InFlight.started(client.call(new Slow(1, 1500)));
		Mono<Slow.Result> serverCall = InFlight.started(serverSession().call(new Slow(2, 1500)));
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> serverSession().inboundCallsInFlight() == 1
				&& client.inboundCallsInFlight() == 1);
		Recorder inner = new Recorder();
		client.switchProtocol(new SwitchToEcho("clean"), inner).block(TIMEOUT);
		assertThatExceptionOfType(AmpProtocolSwitchedException.class).isThrownBy(() -> clientCall.block(TIMEOUT))
			.withMessageContaining("switched protocols before the answer to Slow");
		assertThatExceptionOfType(AmpProtocolSwitchedException.class).isThrownBy(() -> serverCall.block(TIMEOUT));
		await().atMost(TIMEOUT).until(() -> serverSession().inboundCallsInFlight() == 0
				&& client.inboundCallsInFlight() == 0);
		inner.send("!");
		await().atMost(TIMEOUT).until(() -> inner.text().equals("clean!"));
		await().pollDelay(Duration.ofMillis(200)).atMost(TIMEOUT).until(() -> inner.text().equals("clean!"));
	}

	@Test
	void switchingByFactoryNameOnTheCallerSide() {
		DisposableServer server = server();
		AmpConnection connection = this.loopback.connect(server);
		Recorder inner = new Recorder();
		AmpInnerProtocolFactory recorder = new AmpInnerProtocolFactory() {

			@Override
			public String name() {
				return "recorder";
			}

			@Override
			public AmpInnerProtocol create(AmpSwitchContext context) {
				assertThat(context.command()).isEqualTo(new SwitchToEcho("named"));
				return inner;
			}

		};
		AmpSession client = AmpSession.start(connection, AmpResponders.none(),
				AmpSessionOptions.DEFAULTS.withInnerProtocols(AmpInnerProtocols.of(List.of(recorder))));
		client.switchProtocol(new SwitchToEcho("named"), "recorder").block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> inner.text().equals("named"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> client.switchProtocol(new SwitchToEcho("x"), "nope").block(TIMEOUT));
	}

	@Test
	void innerProtocolCompletingClosesTheConnection() {
		AmpSession client = client(server().port());
		client.switchProtocol(new SwitchToEcho("bye"), (inbound, outbound) -> Mono.empty()).block(TIMEOUT);
		client.onClose().block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> serverSession().isDisposed());
	}

	@Test
	void unknownInnerProtocolNameAnswersUnknownAndCloses() {
		AmpSession client = client(server().port());
		assertThatExceptionOfType(AmpUnknownRemoteException.class)
			.isThrownBy(() -> client.switchProtocol(new SwitchToNowhere(), new Recorder()).block(TIMEOUT));
		client.onClose().block(TIMEOUT);
	}

	@Test
	void switchCommandAsAPlainCallIsRefused() {
		AmpSession client = client(server().port());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> client.call(new SwitchToEcho("x")).block(TIMEOUT))
			.withMessageContaining("switchProtocol");
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
	}

	@Test
	void peerWritingTooMuchBehindASwitchRequestIsDisconnected() throws Exception {
		this.slowResponder.set(true);
		DisposableServer server = server(AmpServer.create().limits(new AmpLimits(100_000)));
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "SwitchToEcho", "greeting", "hi")));
			try {
				socket.getOutputStream().write(new byte[300_000]);
			}
			catch (java.io.IOException ex) {
				// Closed while writing.
			}
			await().atMost(TIMEOUT).until(() -> serverSession().isDisposed());
		}
	}

	@Test
	void requesterOpensANewConnectionAfterItsConnectionSwitched() {
		DisposableServer server = server();
		AmpRequester requester = AmpRequester.builder().host("127.0.0.1").port(server.port()).build();
		this.loopback.closeAfter(requester);
		assertThat(requester.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		Recorder inner = new Recorder();
		requester.switchProtocol(new SwitchToEcho("handed over"), inner).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> inner.text().equals("handed over"));
		assertThat(requester.call(new Sum(3, 4)).block(TIMEOUT)).isEqualTo(new Sum.Result(7));
		assertThat(this.loopback.serverSessions()).hasSize(2);
	}

}
