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
package io.ampproto.session;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Plaintext injected behind StartTLS (the class of the SMTP STARTTLS command injection,
 * CVE-2011-0411) is never taken as protected: raw peers on loopback send it in the same
 * write as the StartTLS request or its answer.
 */
class AmpStartTlsInjectionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	private final AtomicInteger injectedAnswered = new AtomicInteger();

	private final List<Throwable> startTlsFailures = new CopyOnWriteArrayList<>();

	record IsSecure() implements AmpCommand<IsSecure.Result> {
		record Result(boolean secure) {
		}
	}

	AmpResponders responders() {
		return AmpResponders.builder().respond(IsSecure.class, (command, session) -> {
			this.injectedAnswered.incrementAndGet();
			return Mono.just(new IsSecure.Result(session.connection().isSecure()));
		}).respondSync(Sum.class, (sum) -> {
			this.injectedAnswered.incrementAndGet();
			return new Sum.Result(sum.a() + sum.b());
		}).build();
	}

	/** Records how StartTLS commands from the peer ended. */
	private final AmpSessionObserver observer = new AmpSessionObserver() {

		@Override
		public AmpSessionObserver.@Nullable Call commandReceived(AmpSession session, String command,
				@Nullable AmpCommandSchema<?, ?> schema, boolean requiresAnswer) {
			if (!AmpSession.START_TLS.equals(command)) {
				return null;
			}
			return (outcome, code, error) -> {
				if (outcome == AmpCallOutcome.FAILED && error != null) {
					AmpStartTlsInjectionTests.this.startTlsFailures.add(error);
				}
			};
		}

	};

	DisposableServer server() {
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withTls(AmpTls.of(TlsTestMaterial.provider()))
			.withObserver(this.observer);
		return this.loopback.server(responders(), options);
	}

	static byte[] concat(AmpBox... boxes) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (AmpBox box : boxes) {
			try {
				RawBoxes.writeBox(bytes, box);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return bytes.toByteArray();
	}

	/** The next box, or {@code null} at the end of the stream or when the peer reset it. */
	static @Nullable AmpBox readBoxOrEnd(InputStream in) throws IOException {
		try {
			return RawBoxes.readBox(in);
		}
		catch (EOFException | SocketException ex) {
			return null;
		}
	}

	@RepeatedTest(5)
	void boxesInTheClearBehindStartTlsInTheSameWriteCloseTheConnectionUnanswered() throws Exception {
		DisposableServer server = server();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			// One write, one TCP segment: the request, then what a man in the middle adds.
			out.write(concat(AmpBox.of("_ask", "1", "_command", "StartTLS"),
					AmpBox.of("_ask", "2", "_command", "IsSecure"),
					AmpBox.of("_ask", "3", "_command", "Sum", "a", "1", "b", "2")));
			out.flush();
			InputStream in = socket.getInputStream();
			AmpBox startTlsAnswer = readBoxOrEnd(in);
			if (startTlsAnswer != null) {
				// What the flaw did: answer StartTLS, then the injected boxes inside TLS.
				SSLSocket secure = (SSLSocket) TlsTestMaterial.jdkClientContext()
					.getSocketFactory()
					.createSocket(socket, "localhost", server.port(), true);
				secure.startHandshake();
				AmpBox answer = RawBoxes.readBox(secure.getInputStream());
				throw new AssertionError("StartTLS followed by plaintext was answered; inside TLS came " + answer);
			}
		}
		assertThat(this.injectedAnswered).hasValue(0);
		await().atMost(TIMEOUT).until(() -> !this.startTlsFailures.isEmpty());
		assertThat(this.startTlsFailures).singleElement()
			.isInstanceOf(AmpProtocolException.class)
			.extracting(Throwable::getMessage)
			.asString()
			.contains("came behind its StartTLS request");
		AmpSession session = this.loopback.serverSessions().get(0);
		session.onClose().block(TIMEOUT);
		assertThat(session.connection().closeReason()).isInstanceOf(AmpProtocolException.class);
	}

	@Test
	void isSecureOnlyOnceTheHandshakeHasCompleted() throws Exception {
		DisposableServer server = server();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.setSoTimeout(20_000);
			RawBoxes.writeBox(socket.getOutputStream(), AmpBox.of("_ask", "1", "_command", "StartTLS"));
			assertThat(RawBoxes.readBox(socket.getInputStream())).isEqualTo(AmpBox.of("_answer", "1"));
			AmpConnection serverSide = this.loopback.serverSessions().get(0).connection();
			// TLS is in place, but the peer has not even sent its hello.
			await().atMost(TIMEOUT).until(serverSide::hasTls);
			assertThat(serverSide.isSecure()).isFalse();
			SSLSocket secure = (SSLSocket) TlsTestMaterial.jdkClientContext()
				.getSocketFactory()
				.createSocket(socket, "localhost", server.port(), true);
			secure.startHandshake();
			RawBoxes.writeBox(secure.getOutputStream(), AmpBox.of("_ask", "2", "_command", "IsSecure"));
			assertThat(RawBoxes.readBox(secure.getInputStream())).isEqualTo(AmpBox.of("_answer", "2", "secure", "True"));
			assertThat(serverSide.isSecure()).isTrue();
		}
	}

	@Test
	void answerToOurStartTlsFollowedByBoxesInTheClearIsNeverTakenAsProtected() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withTls(AmpTls
				.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)))
				.peer("localhost", listener.getLocalPort()));
			AmpConnection connection = AmpConnector.create()
				.host("127.0.0.1")
				.port(listener.getLocalPort())
				.connectNow();
			this.loopback.closeAfter(connection);
			AmpSession client = AmpSession.start(connection, responders(), options);
			try (Socket socket = listener.accept()) {
				socket.setSoTimeout(20_000);
				Mono<SSLSession> tls = InFlight.started(client.startTls());
				// Held back until TLS runs; the injected answer below claims its tag.
				Mono<Sum.Result> sum = InFlight.started(client.call(new Sum(1, 2)));
				AmpBox request = RawBoxes.readBox(socket.getInputStream());
				assertThat(request.getText("_command")).isEqualTo("StartTLS");
				long tag = Long.parseLong(request.getText("_ask"));
				OutputStream out = socket.getOutputStream();
				out.write(concat(AmpBox.of("_answer", request.getText("_ask")),
						AmpBox.of("_answer", Long.toString(tag + 1), "total", "999"),
						AmpBox.of("_ask", "77", "_command", "Sum", "a", "5", "b", "5")));
				out.flush();
				assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> tls.block(TIMEOUT));
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> sum.block(TIMEOUT));
				client.onClose().block(TIMEOUT);
				assertThat(this.injectedAnswered).hasValue(0);
				assertThat(client.connection().isSecure()).isFalse();
			}
		}
	}

}
