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

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.tls.AmpOnlyOneTlsException;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.AmpTlsUnavailableException;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for StartTLS in {@link AmpSession}: real TLS handshakes between two loopback
 * peers, and raw peers that check the bytes in the clear.
 */
class AmpSessionStartTlsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	private final List<Integer> sequence = new CopyOnWriteArrayList<>();

	private final List<Boolean> sequenceSecure = new CopyOnWriteArrayList<>();

	record Seq(int n) implements AmpCommand<Seq.Result> {
		record Result(int n) {
		}
	}

	record WhoAmI() implements AmpCommand<WhoAmI.Result> {
		record Result(String subject) {
		}
	}

	AmpResponders responders() {
		return AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respond(Seq.class, (seq, session) -> {
				this.sequence.add(seq.n());
				this.sequenceSecure.add(session.connection().isSecure());
				return Mono.just(new Seq.Result(seq.n()));
			})
			.respond(WhoAmI.class, (who, session) -> Mono.just(new WhoAmI.Result(
					session.peerCertificates().isEmpty() ? "nobody"
							: session.peerCertificates().get(0).getSubjectX500Principal().getName())))
			.build();
	}

	static AmpSessionOptions tls(AmpSslContextProvider provider) {
		return AmpSessionOptions.DEFAULTS.withTls(AmpTls.of(provider));
	}

	static AmpSessionOptions clientTls(int port, String trustedCa, boolean withCertificate) {
		return AmpSessionOptions.DEFAULTS.withTls(AmpTls
			.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext(trustedCa, withCertificate)))
			.peer("localhost", port));
	}

	DisposableServer server(AmpSessionOptions options) {
		return this.loopback.server(responders(), options);
	}

	AmpSession client(int port, AmpSessionOptions options) {
		AmpConnection connection = this.loopback.connect(AmpConnector.create(), port);
		return AmpSession.start(connection, responders(), options);
	}

	AmpSession serverSession() {
		await().atMost(TIMEOUT).until(() -> !this.loopback.serverSessions().isEmpty());
		return this.loopback.serverSessions().get(0);
	}

	@Test
	void startTlsThenCallsGoOverTlsAndTheCallerSeesTheServerCertificate() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", false));
		SSLSession session = client.startTls().block(TIMEOUT);
		assertThat(session.getProtocol()).startsWith("TLSv1.");
		assertThat(client.connection().isSecure()).isTrue();
		assertThat(client.peerCertificates()).hasSize(1);
		assertThat(client.peerCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(client.call(new Sum(13, 81)).block(TIMEOUT)).isEqualTo(new Sum.Result(94));
		assertThat(client.call(new WhoAmI()).block(TIMEOUT)).isEqualTo(new WhoAmI.Result("nobody"));
		assertThat(serverSession().connection().isSecure()).isTrue();
		assertThat(serverSession().peerCertificates()).isEmpty();
	}

	@Test
	void boxesSentWhileTheHandshakeRunsArriveInOrderThroughTls() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", false));
		Mono<SSLSession> tls = InFlight.started(client.startTls());
		List<Mono<Seq.Result>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			calls.add(InFlight.started(client.call(new Seq(i))));
		}
		assertThat(tls.block(TIMEOUT)).isNotNull();
		for (int i = 0; i < 200; i++) {
			assertThat(calls.get(i).block(TIMEOUT)).isEqualTo(new Seq.Result(i));
		}
		assertThat(this.sequence).isEqualTo(Flux.range(0, 200).collectList().block());
		assertThat(this.sequenceSecure).containsOnly(true);
	}

	@Test
	void callerWritesNothingAfterTheRequestUntilTheAnswerThenOnlyTls() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			AmpSession client = client(listener.getLocalPort(),
					clientTls(listener.getLocalPort(), "ca-cert.pem", false));
			try (Socket socket = listener.accept()) {
				Mono<SSLSession> tls = InFlight.started(client.startTls());
				Mono<Sum.Result> sum = InFlight.started(client.call(new Sum(1, 2)));
				InputStream in = socket.getInputStream();
				AmpBox request = RawBoxes.readBox(in);
				assertThat(request.keys()).containsExactly("_ask", "_command");
				assertThat(request.getText("_command")).isEqualTo("StartTLS");
				socket.setSoTimeout(300);
				assertThatExceptionOfType(SocketTimeoutException.class).as("nothing sent before the answer")
					.isThrownBy(in::read);
				RawBoxes.writeBox(socket.getOutputStream(), AmpBox.of("_answer", request.getText("_ask")));
				SSLSocket secure = (SSLSocket) TlsTestMaterial.jdkServerContext()
					.getSocketFactory()
					.createSocket(socket, null, true);
				secure.setUseClientMode(false);
				secure.setSoTimeout(10_000);
				secure.startHandshake();
				AmpBox call = RawBoxes.readBox(secure.getInputStream());
				assertThat(call.getText("_command")).isEqualTo("Sum");
				RawBoxes.writeBox(secure.getOutputStream(), AmpBox.of("_answer", call.getText("_ask"), "total", "3"));
				assertThat(tls.block(TIMEOUT).getProtocol()).isEqualTo(secure.getSession().getProtocol());
				assertThat(sum.block(TIMEOUT)).isEqualTo(new Sum.Result(3));
			}
		}
	}

	@Test
	void responderAnswersInTheClearWithTwistedsBytesThenSpeaksTls() throws Exception {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			// V14 and V15 of amp-protocol.md
			out.write(java.util.HexFormat.of().parseHex("00045f61736b00013100085f636f6d6d616e6400085374617274544c530000"));
			assertThat(java.util.HexFormat.of().formatHex(RawBoxes.readBoxBytes(socket.getInputStream())))
				.isEqualTo("00075f616e73776572000131" + "0000");
			SSLSocket secure = (SSLSocket) TlsTestMaterial.jdkClientContext()
				.getSocketFactory()
				.createSocket(socket, "localhost", server.port(), true);
			secure.startHandshake();
			RawBoxes.writeBox(secure.getOutputStream(), AmpBox.of("_ask", "2", "_command", "Sum", "a", "40", "b", "2"));
			assertThat(RawBoxes.readBox(secure.getInputStream())).isEqualTo(AmpBox.of("_answer", "2", "total", "42"));
			assertThat(secure.getSession().getPeerCertificates()).hasSize(1);
		}
	}

	@Test
	void mutualTlsIsAcceptedWithAClientCertificateAndTheResponderSeesIt() {
		DisposableServer server = server(tls(AmpSslContextProvider.of(TlsTestMaterial.serverContext(true), null)));
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", true));
		client.startTls().block(TIMEOUT);
		assertThat(client.call(new WhoAmI()).block(TIMEOUT)).isEqualTo(new WhoAmI.Result("CN=amp-test-client"));
		assertThat(serverSession().peerCertificates()).hasSize(1);
	}

	@Test
	void mutualTlsIsRefusedWithoutAClientCertificate() {
		DisposableServer server = server(tls(AmpSslContextProvider.of(TlsTestMaterial.serverContext(true), null)));
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", false));
		Mono<SSLSession> tls = InFlight.started(client.startTls());
		Mono<Sum.Result> sum = InFlight.started(client.call(new Sum(1, 2)));
		// With TLS 1.3 the client may finish its handshake before the server refuses it.
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> sum.block(TIMEOUT))
			.withMessageContaining("TLS with");
		client.onClose().block(TIMEOUT);
		assertThat(tls.onErrorResume((ex) -> Mono.empty()).block(TIMEOUT) == null || client.isDisposed()).isTrue();
		await().atMost(TIMEOUT).until(() -> serverSession().isDisposed());
	}

	@Test
	void secondStartTlsIsRefusedLocallyAndTheConnectionGoesOn() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", false));
		Mono<SSLSession> first = InFlight.started(client.startTls());
		assertThatExceptionOfType(AmpOnlyOneTlsException.class).as("while the first waits")
			.isThrownBy(() -> client.startTls().block(TIMEOUT));
		first.block(TIMEOUT);
		assertThatExceptionOfType(AmpOnlyOneTlsException.class).isThrownBy(() -> client.startTls().block(TIMEOUT))
			.withMessageContaining("only once");
		assertThat(client.callRaw("Sum", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT))
			.as("no tag was taken by the refused StartTLS calls")
			.isEqualTo(AmpBox.of("_answer", "2", "total", "3"));
	}

	@Test
	void handshakeFailureFailsThePendingCallsWithTheTlsErrorAndClosesTheConnection() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(), clientTls(server.port(), "other-ca-cert.pem", false));
		Mono<SSLSession> tls = InFlight.started(client.startTls());
		Mono<Sum.Result> sum = InFlight.started(client.call(new Sum(1, 2)));
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> tls.block(TIMEOUT))
			.withMessageContaining("TLS with")
			.withMessageContaining("PKIX path building failed");
		// Pending when the handshake failed, or (once in CI) refused after it: the TLS error either way.
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> sum.block(TIMEOUT))
			.withMessageContaining("PKIX path building failed")
			.satisfies((ex) -> assertThat(ex.getMessage()).containsAnyOf("closed before the answer to Sum",
					"Cannot call Sum: the AMP connection to"));
		client.onClose().block(TIMEOUT);
		assertThat(client.connection().isActive()).isFalse();
	}

	@Test
	void hostnameIsVerifiedWhenTheClientKnowsTheHost() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(),
				AmpSessionOptions.DEFAULTS.withTls(AmpTls
					.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)))
					.peer("amp.example.org", server.port())));
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> client.startTls().block(TIMEOUT))
			.withMessageContaining("amp.example.org");
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void withoutAHostOrWithVerificationOffOnlyTheChainIsChecked(boolean withHost) {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpTls tls = AmpTls.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)));
		AmpSession client = client(server.port(), AmpSessionOptions.DEFAULTS
			.withTls(withHost ? tls.peer("amp.example.org", server.port()).verifyHostname(false) : tls));
		assertThat(client.startTls().block(TIMEOUT)).isNotNull();
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		AmpSession untrusting = client(server.port(), AmpSessionOptions.DEFAULTS.withTls(
				AmpTls.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("other-ca-cert.pem", false)))));
		assertThatExceptionOfType(AmpTlsException.class).as("the chain is still checked")
			.isThrownBy(() -> untrusting.startTls().block(TIMEOUT));
	}

	@Test
	void startTlsToAPeerWithoutTlsIsAnsweredTlsErrorAndAmpGoesOnInTheClear() {
		DisposableServer server = server(AmpSessionOptions.DEFAULTS);
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", false));
		assertThatExceptionOfType(AmpUnknownRemoteException.class).isThrownBy(() -> client.startTls().block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("TLS_ERROR");
				assertThat(ex.getDescription()).isEqualTo("TLS not available");
			});
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThat(client.connection().isSecure()).isFalse();
	}

	@Test
	void peerRefusingStartTlsClosesTheConnectionRatherThanSendHeldBoxesInTheClear() {
		DisposableServer server = server(AmpSessionOptions.DEFAULTS);
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", false));
		// Both on the event loop, so that the call is surely held back before the refusal can arrive.
		List<Mono<?>> calls = new CopyOnWriteArrayList<>();
		client.connection().nettyConnection().channel().eventLoop().execute(() -> {
			calls.add(InFlight.started(client.startTls()));
			calls.add(InFlight.started(client.call(new Sum(1, 2))));
		});
		await().atMost(TIMEOUT).until(() -> calls.size() == 2);
		Mono<?> tls = calls.get(0);
		Mono<?> sum = calls.get(1);
		assertThatExceptionOfType(AmpUnknownRemoteException.class).isThrownBy(() -> tls.block(TIMEOUT));
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> sum.block(TIMEOUT))
			.withMessageContaining("rather than sending in the clear");
		client.onClose().block(TIMEOUT);
	}

	@Test
	void startTlsWithoutLocalTlsFailsBeforeSendingAnything() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(), AmpSessionOptions.DEFAULTS);
		assertThatExceptionOfType(AmpTlsUnavailableException.class).isThrownBy(() -> client.startTls().block(TIMEOUT))
			.withMessageStartingWith("TLS not available");
		assertThat(client.callRaw("Sum", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT))
			.isEqualTo(AmpBox.of("_answer", "1", "total", "3"));
		assertThat(client.connection().isSecure()).isFalse();
	}

	@Test
	void serverStartingTlsIsTheTlsServerBecauseTcpRolesDecide() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", true));
		client.call(new Sum(0, 0)).block(TIMEOUT);
		SSLSession session = serverSession().startTls().block(TIMEOUT);
		assertThat(session.getLocalCertificates()).isNotEmpty();
		assertThat(client.peerCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(serverSession().call(new Seq(7)).block(TIMEOUT)).isEqualTo(new Seq.Result(7));
		assertThat(client.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
		assertThat(this.sequenceSecure).containsExactly(true);
	}

	@Test
	void clientHelloInTheSameReadAsTheAnswerGoesToTls() throws Exception {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpConnection raw = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
		this.loopback.closeAfter(raw);
		BlockingQueue<AmpBox> received = new LinkedBlockingQueue<>();
		raw.receive().subscribe(received::add);
		Mono<SSLSession> tls = InFlight.started(serverSession().startTls());
		AmpBox request = received.poll(30, TimeUnit.SECONDS);
		assertThat(request.getText("_command")).isEqualTo("StartTLS");
		Channel channel = raw.nettyConnection().channel();
		channel.eventLoop().submit(() -> {
			// The answer, unflushed, then the ClientHello: one flush writes both at once.
			channel.write(AmpBox.of("_answer", request.getText("_ask")));
			SslHandler handler = TlsTestMaterial.clientContext("ca-cert.pem", false)
				.newHandler(channel.alloc(), "localhost", server.port());
			AmpTls.addHandler(channel, handler);
		}).get(30, TimeUnit.SECONDS);
		assertThat(tls.block(TIMEOUT)).isNotNull();
		raw.send(AmpBox.of("_ask", "1", "_command", "Sum", "a", "20", "b", "22")).block(TIMEOUT);
		assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo(AmpBox.of("_answer", "1", "total", "42"));
	}

	@Test
	void tlsFromTheFirstByte() {
		AmpTls serverTls = AmpTls.of(TlsTestMaterial.provider());
		DisposableServer secured = serverTls.secure(AmpServer.create().host("127.0.0.1").handle((connection) -> {
			AmpSession session = AmpSession.start(connection, responders(), AmpSessionOptions.DEFAULTS.withTls(serverTls));
			this.loopback.serverSessions().add(session);
			return session.onClose();
		})).bindNow();
		this.loopback.closeAfter(secured);
		AmpTls clientTls = AmpTls.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)))
			.peer("localhost", secured.port());
		AmpConnection connection = clientTls.secure(AmpConnector.create().host("127.0.0.1").port(secured.port()))
			.connectNow();
		this.loopback.closeAfter(connection);
		AmpSession client = AmpSession.start(connection, responders(), AmpSessionOptions.DEFAULTS.withTls(clientTls));
		assertThat(client.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThat(client.peerCertificates()).hasSize(1);
		assertThatExceptionOfType(AmpOnlyOneTlsException.class).isThrownBy(() -> client.startTls().block(TIMEOUT));
	}

	@Test
	void firstByteTlsHandshakeFailureFailsCallsWithTheTlsError() {
		DisposableServer secured = firstByteTlsServer();
		AmpTls clientTls = clientTrustingAnotherCa(secured);
		AmpConnection connection = clientTls.secure(AmpConnector.create().host("127.0.0.1").port(secured.port()))
			.connectNow();
		this.loopback.closeAfter(connection);
		AmpSession client = AmpSession.start(connection, responders(), AmpSessionOptions.DEFAULTS);
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> client.call(new Sum(1, 2)).block(TIMEOUT));
	}

	@Test
	void sessionStartedAfterAFailedFirstByteHandshakeClosedTheConnectionFailsCalls() {
		DisposableServer secured = firstByteTlsServer();
		AmpTls clientTls = clientTrustingAnotherCa(secured);
		// Enough rounds to meet the race of a pipeline taken apart as the session starts.
		for (int round = 0; round < 100; round++) {
			AmpConnection connection = clientTls.secure(AmpConnector.create().host("127.0.0.1").port(secured.port()))
				.connectNow();
			this.loopback.closeAfter(connection);
			// The handshake fails and the channel is deregistered before the session starts.
			connection.onClose().block(TIMEOUT);
			AmpSession client = AmpSession.start(connection, responders(), AmpSessionOptions.DEFAULTS);
			assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> client.call(new Sum(1, 2)).block(TIMEOUT));
		}
	}

	private DisposableServer firstByteTlsServer() {
		DisposableServer secured = AmpTls.of(TlsTestMaterial.provider())
			.secure(AmpServer.create().host("127.0.0.1").handle((connection) -> AmpSession
				.start(connection, responders(), AmpSessionOptions.DEFAULTS)
				.onClose()))
			.bindNow();
		this.loopback.closeAfter(secured);
		return secured;
	}

	private static AmpTls clientTrustingAnotherCa(DisposableServer secured) {
		return AmpTls.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("other-ca-cert.pem", false)))
			.peer("localhost", secured.port());
	}

	@Test
	void startTlsAsAPlainCallIsRefused() {
		DisposableServer server = server(tls(TlsTestMaterial.provider()));
		AmpSession client = client(server.port(), clientTls(server.port(), "ca-cert.pem", false));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> client.callRaw("StartTLS", AmpBox.empty()).block(TIMEOUT))
			.withMessageContaining("startTls()");
	}

}
