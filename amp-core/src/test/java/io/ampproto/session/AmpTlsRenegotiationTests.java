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

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.ampproto.box.AmpBox;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A TLS client that tries to renegotiate (the CVE-2011-1473 class) is refused, on TLS
 * from the first byte and after StartTLS; what TLS allows otherwise (TLS 1.3 key
 * updates, TLS 1.2 session resumption) goes on. Real JDK {@link SSLSocket} clients on
 * loopback; the JVM's {@code jdk.tls.rejectClientInitiatedRenegotiation} is left unset.
 */
class AmpTlsRenegotiationTests {

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	static AmpResponders responders() {
		return AmpResponders.builder().respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b())).build();
	}

	DisposableServer server(boolean fromTheFirstByte) {
		AmpTls tls = AmpTls.of(TlsTestMaterial.provider());
		AmpServer server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> AmpSession
				.start(connection, responders(), AmpSessionOptions.DEFAULTS.withTls(tls))
				.onClose());
		DisposableServer bound = (fromTheFirstByte ? tls.secure(server) : server).bindNow();
		this.loopback.closeAfter(bound);
		return bound;
	}

	/** A JDK TLS client on a new connection, before its handshake. */
	static SSLSocket connect(SSLContext context, DisposableServer server, boolean startTls, String protocol)
			throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
		socket.setSoTimeout(20_000);
		if (startTls) {
			RawBoxes.writeBox(socket.getOutputStream(), AmpBox.of("_ask", "1", "_command", "StartTLS"));
			assertThat(RawBoxes.readBox(socket.getInputStream())).isEqualTo(AmpBox.of("_answer", "1"));
		}
		SSLSocket secure = (SSLSocket) context.getSocketFactory()
			.createSocket(socket, "localhost", server.port(), true);
		secure.setEnabledProtocols(new String[] { protocol });
		return secure;
	}

	static AmpBox sum(SSLSocket socket, int tag) throws IOException {
		RawBoxes.writeBox(socket.getOutputStream(),
				AmpBox.of("_ask", Integer.toString(tag), "_command", "Sum", "a", "40", "b", "2"));
		return RawBoxes.readBox(socket.getInputStream());
	}

	@ParameterizedTest(name = "StartTLS: {0}")
	@ValueSource(booleans = { false, true })
	void clientInitiatedRenegotiationClosesTheConnection(boolean startTls) throws Exception {
		DisposableServer server = server(!startTls);
		try (SSLSocket socket = connect(TlsTestMaterial.jdkClientContext(), server, startTls, "TLSv1.2")) {
			socket.startHandshake();
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
			assertThat(sum(socket, 2)).isEqualTo(AmpBox.of("_answer", "2", "total", "42"));
			// A second handshake on TLS 1.2: the client sends a new ClientHello.
			socket.startHandshake();
			assertThatExceptionOfType(IOException.class).as("the connection is closed, nothing answered")
				.isThrownBy(() -> sum(socket, 3));
		}
	}

	@ParameterizedTest(name = "StartTLS: {0}")
	@ValueSource(booleans = { false, true })
	void keyUpdatesOfTls13GoOn(boolean startTls) throws Exception {
		DisposableServer server = server(!startTls);
		try (SSLSocket socket = connect(TlsTestMaterial.jdkClientContext(), server, startTls, "TLSv1.3")) {
			socket.startHandshake();
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
			assertThat(sum(socket, 2)).isEqualTo(AmpBox.of("_answer", "2", "total", "42"));
			// On TLS 1.3 the JDK sends a KeyUpdate instead: no renegotiation.
			socket.startHandshake();
			assertThat(sum(socket, 3)).isEqualTo(AmpBox.of("_answer", "3", "total", "42"));
		}
	}

	@Test
	void tls12SessionResumptionGoesOn() throws Exception {
		DisposableServer server = server(true);
		SSLContext context = TlsTestMaterial.jdkClientContext();
		byte[] firstSessionId;
		try (SSLSocket socket = connect(context, server, false, "TLSv1.2")) {
			socket.startHandshake();
			assertThat(sum(socket, 1)).isEqualTo(AmpBox.of("_answer", "1", "total", "42"));
			firstSessionId = socket.getSession().getId();
		}
		try (SSLSocket socket = connect(context, server, false, "TLSv1.2")) {
			socket.startHandshake();
			assertThat(sum(socket, 1)).isEqualTo(AmpBox.of("_answer", "1", "total", "42"));
			assertThat(socket.getSession().getId()).as("resumed: the abbreviated handshake")
				.isEqualTo(firstSessionId);
		}
	}

}
