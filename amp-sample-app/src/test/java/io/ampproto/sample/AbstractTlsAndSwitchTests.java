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
package io.ampproto.sample;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.PingCount;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.sample.SampleCommands.SwitchToEcho;
import io.ampproto.sample.SampleCommands.TlsInfo;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.tls.AmpOnlyOneTlsException;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * StartTLS and protocol switching through our client, against our sample app and against
 * a real Twisted server ({@code twisted_tls_server.py}): both must behave alike. The
 * subclass says where the server is and what certificate it presents.
 */
abstract class AbstractTlsAndSwitchTests extends AbstractTlsClientTests {

	@Test
	void startTlsThenCallsGoOverTls() {
		AmpSession session = connect();
		assertThat(session.call(new TlsInfo()).block(TIMEOUT)).isEqualTo(new TlsInfo.Result(false, ""));
		SSLSession tls = session.startTls().block(TIMEOUT);
		assertThat(tls.getProtocol()).startsWith("TLSv1.");
		assertThat(session.peerCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(session.call(sum(13, 81)).block(TIMEOUT).total()).isEqualTo(94);
		assertThat(session.call(new TlsInfo()).block(TIMEOUT)).isEqualTo(new TlsInfo.Result(true, ""));
	}

	@Test
	void callsSentDuringTheHandshakeArriveInOrderThroughTls() {
		AmpSession session = connect();
		Mono<SSLSession> tls = started(session.startTls());
		for (int n = 1; n <= 10; n++) {
			session.call(new Ping(BigInteger.valueOf(n))).block(TIMEOUT);
		}
		List<Mono<Sum.Result>> sums = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			sums.add(started(session.call(sum(i, 1))));
		}
		tls.block(TIMEOUT);
		for (int i = 0; i < 20; i++) {
			assertThat(sums.get(i).block(TIMEOUT).total()).isEqualTo(i + 1);
		}
		assertThat(session.call(new PingCount()).block(TIMEOUT))
			.isEqualTo(new PingCount.Result(10, BigInteger.valueOf(55)));
		assertThat(session.call(new TlsInfo()).block(TIMEOUT).secure()).isTrue();
	}

	@Test
	void aSecondStartTlsIsRefusedLocallyAndTheConnectionGoesOn() {
		AmpSession session = connect();
		session.startTls().block(TIMEOUT);
		assertThatExceptionOfType(AmpOnlyOneTlsException.class).isThrownBy(() -> session.startTls().block(TIMEOUT));
		assertThat(session.call(sum(1, 2)).block(TIMEOUT).total()).isEqualTo(3);
	}

	@Test
	void aHandshakeFailureFailsPendingCallsWithTheTlsErrorAndCloses() {
		AmpSession session = connect("tls/other-ca-cert.pem", false);
		Mono<SSLSession> tls = started(session.startTls());
		Mono<Sum.Result> call = started(session.call(sum(1, 2)));
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> tls.block(TIMEOUT))
			.withMessageContaining("PKIX");
		assertThatExceptionOfType(AmpTlsException.class).isThrownBy(() -> call.block(TIMEOUT));
		session.onClose().block(TIMEOUT);
	}

	@Test
	void switchToEchoEchoesOnlyAndAmpIsRefusedAfterIt() {
		// tag::switch-caller[]
		AmpSession session = connect();
		Recorder inner = new Recorder(); // an AmpInnerProtocol that records the bytes it receives
		session.switchProtocol(new SwitchToEcho("héllo"), inner).block(TIMEOUT);
		inner.send("héllo".getBytes(StandardCharsets.UTF_8));
		inner.expect("héllo"); // the echo, nothing before it
		// end::switch-caller[]
		byte[] ampLooking = AmpBoxCodec.encode(AmpBox.of("_ask", "9", "_command", "Sum", "a", "1", "b", "2"));
		inner.send(ampLooking);
		inner.expect("héllo" + new String(ampLooking, StandardCharsets.UTF_8));
		assertThatExceptionOfType(AmpProtocolSwitchedException.class)
			.isThrownBy(() -> session.call(sum(1, 2)).block(TIMEOUT));
		assertThatExceptionOfType(AmpProtocolSwitchedException.class)
			.isThrownBy(() -> session.switchProtocol(new SwitchToEcho("again"), new Recorder()).block(TIMEOUT));
	}

	@Test
	void aRefusedSwitchLeavesAmpWorking() {
		AmpSession session = connect();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> session.switchProtocol(new SwitchToEcho(""), new Recorder()).block(TIMEOUT))
			.withMessage("a greeting is required");
		assertThat(session.call(sum(20, 22)).block(TIMEOUT).total()).isEqualTo(42);
		Recorder inner = new Recorder();
		session.switchProtocol(new SwitchToEcho("now"), inner).block(TIMEOUT);
		inner.send("ok".getBytes(StandardCharsets.UTF_8));
		inner.expect("ok");
	}

	@Test
	void aSwitchAfterStartTlsStaysEncrypted() {
		AmpSession session = connect();
		session.startTls().block(TIMEOUT);
		Recorder inner = new Recorder();
		session.switchProtocol(new SwitchToEcho("secret"), inner).block(TIMEOUT);
		inner.send("!".getBytes(StandardCharsets.UTF_8));
		inner.expect("!");
		assertThat(session.connection().isSecure()).isTrue();
	}

}
