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
package io.ampproto.test.inprocess;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpLimits;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.server.AmpServerLimits;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsUnavailableException;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import io.netty.channel.local.LocalAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AmpInProcessTransport}: an {@link AmpSessionServer} and an
 * {@link AmpConnector} on local channels, with the codec, limits and sessions of TCP.
 */
@ExtendWith(OutputCaptureExtension.class)
class AmpInProcessTransportTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final AmpInProcessTransport transport = AmpInProcessTransport.create();

	private AmpSessionServer server;

	private AmpSession session;

	@BeforeEach
	void start() {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a().add(sum.b())))
			.respondSync(Echo.class, (echo) -> new Echo.Result(echo.text()))
			.respondSync(Pair.class, (pair) -> null)
			.respondSync(Pass.class, (pass) -> null)
			.build();
		// TLS configured on the server: StartTLS must still be refused because of the transport.
		AmpTls tls = AmpTls.of(AmpSslContextProvider.of(null, null));
		AmpServer amp = this.transport.server(AmpServer.create().limits(new AmpLimits(70_000)));
		this.server = new AmpSessionServer(List.of(amp), responders, AmpSessionOptions.DEFAULTS.withTls(tls),
				AmpServerLimits.DEFAULTS, TIMEOUT);
		this.server.start();
	}

	@AfterEach
	void stop() {
		if (this.session != null) {
			this.session.dispose();
		}
		this.server.stop();
	}

	private AmpSession connect(AmpSessionOptions options) {
		this.session = AmpSession.start(this.transport.connector(AmpConnector.create()).connectNow(TIMEOUT),
				AmpResponders.none(), options);
		return this.session;
	}

	@Test
	void serverIsBoundToTheLocalAddressAndNoPort() {
		assertThat(this.server.address()).isEqualTo(this.transport.address())
			.isInstanceOf(LocalAddress.class)
			.hasToString("local:" + this.transport.address().id());
		assertThat(this.server.port()).isEqualTo(-1);
	}

	@Test
	void commandsAreAnsweredThroughTheCodec() {
		AmpSession session = connect(AmpSessionOptions.DEFAULTS);
		assertThat(session.call(new Sum(BigInteger.ONE, BigInteger.TWO)).block(TIMEOUT).total()).isEqualTo(3);
		AmpBox answer = session.callRaw("Sum", AmpBox.of("a", "20", "b", "22")).block(TIMEOUT);
		assertThat(answer.getText("total")).isEqualTo("42");
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
		assertThat(this.server.openConnections()).isEqualTo(1);
	}

	@Test
	void unparsableArgumentIsAnsweredWithAnErrorAsOnTcp() {
		AmpSession session = connect(AmpSessionOptions.DEFAULTS);
		assertThatExceptionOfType(AmpRemoteException.class)
			.isThrownBy(() -> session.callRaw("Sum", AmpBox.of("a", "x", "b", "1")).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("UNKNOWN"));
	}

	@Test
	void serverLimitsOfTheCodecApply() {
		AmpSession session = connect(AmpSessionOptions.DEFAULTS);
		// The server's limit is 70,000 bytes per box: a bigger box breaks it there, and the server closes.
		assertThatExceptionOfType(AmpConnectionClosedException.class)
			.isThrownBy(() -> session.call(new Pair("a".repeat(40_000), "b".repeat(40_000))).block(TIMEOUT));
		session.onClose().block(TIMEOUT);
		// The client's own limit (a value of at most 65535 bytes) is checked before sending.
		AmpSession second = connect(AmpSessionOptions.DEFAULTS);
		assertThatExceptionOfType(AmpTooLongException.class)
			.isThrownBy(() -> second.call(new Echo("a".repeat(65536))).block(TIMEOUT));
		assertThat(second.call(new Echo("small")).block(TIMEOUT).text()).isEqualTo("small");
	}

	@Test
	void startTlsFailsWithAClearMessage() {
		AmpSession session = connect(AmpSessionOptions.DEFAULTS.withTls(AmpTls.of(AmpSslContextProvider.of(null, null))));
		assertThatExceptionOfType(AmpTlsUnavailableException.class).isThrownBy(() -> session.startTls().block(TIMEOUT))
			.withMessageStartingWith("TLS not available on the in-process transport (local:")
			.withMessageEndingWith("local channels carry no TLS; test TLS over TCP");
		// Nothing was sent: the connection is still usable.
		assertThat(session.call(new Sum(BigInteger.ONE, BigInteger.ONE)).block(TIMEOUT).total()).isEqualTo(2);
	}

	@Test
	void startTlsAskedOfTheServerIsRefusedAndTheServerSaysWhy(CapturedOutput output) {
		AmpConnection connection = this.transport.connector(AmpConnector.create()).connectNow(TIMEOUT);
		try {
			Mono<AmpBox> answer = connection.receive().next().cache();
			answer.subscribe();
			connection.write(AmpBox.of("_ask", "1", "_command", "StartTLS"));
			assertThat(answer.block(TIMEOUT).toTextMap()).containsEntry("_error", "1")
				.containsEntry("_error_code", "TLS_ERROR");
			assertThat(output).contains("TLS not available on the in-process transport (local:");
		}
		finally {
			connection.dispose();
		}
	}

	@Test
	void descriptorArgumentFailsWithAClearMessage(@TempDir Path directory) throws Exception {
		AmpSession session = connect(AmpSessionOptions.DEFAULTS);
		Path file = Files.writeString(directory.resolve("file"), "content");
		AmpDescriptor descriptor = AmpDescriptor.open(file);
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> session.call(new Pass(descriptor)).block(TIMEOUT))
			.withMessageStartingWith("A Descriptor argument cannot be sent: the in-process transport (local:")
			.withMessageEndingWith("passes none; test them over a UNIX domain socket");
		assertThat(session.call(new Sum(BigInteger.ONE, BigInteger.ONE)).block(TIMEOUT).total()).isEqualTo(2);
	}

	record Sum(BigInteger a, BigInteger b) implements AmpCommand<Sum.Result> {

		record Result(BigInteger total) {
		}

	}

	record Echo(String text) implements AmpCommand<Echo.Result> {

		record Result(String text) {
		}

	}

	record Pair(String a, String b) implements AmpCommand<Void> {
	}

	record Pass(AmpDescriptor fd) implements AmpCommand<Void> {
	}

}
