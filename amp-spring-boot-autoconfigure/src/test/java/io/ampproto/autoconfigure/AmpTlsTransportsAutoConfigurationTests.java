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
package io.ampproto.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.autoconfigure.AmpTlsAutoConfigurationTests.Responders;
import io.ampproto.autoconfigure.AmpTlsAutoConfigurationTests.Whoami;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.unix.AmpUnixSockets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for TLS on a server that listens on TCP and a UNIX domain socket at once:
 * {@code amp.server.ssl.enabled} secures TCP, {@code amp.server.ssl.on-unix-socket} the
 * socket too, StartTLS is offered on both, and customizers apply to each transport.
 */
class AmpTlsTransportsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** A client that trusts the server's CA; no host to verify on a UNIX socket. */
	private static final AmpTls CLIENT_TLS = AmpTls
		.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)));

	@TempDir
	Path directory;

	private ApplicationContextRunner runner;

	record Pass(AmpDescriptor fd) implements AmpCommand<Void> {
	}

	@BeforeEach
	void unixSockets() {
		assumeThat(AmpUnixSockets.isAvailable()).as("junixsocket supports this platform").isTrue();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, AmpAutoConfiguration.class,
					AmpServerAutoConfiguration.class))
			.withUserConfiguration(Responders.class)
			.withPropertyValues("spring.ssl.bundle.pem.amp.keystore.certificate=classpath:tls/server-cert.pem",
					"spring.ssl.bundle.pem.amp.keystore.private-key=classpath:tls/server-key.pem",
					"amp.server.ssl.bundle=amp", "amp.server.port=0", "amp.server.address=127.0.0.1",
					"amp.server.unix-socket=" + this.directory.resolve("amp.sock"));
	}

	AmpSession unixSession(boolean tls) {
		AmpConnector client = AmpConnector.create().unixSocket(this.directory.resolve("amp.sock"));
		AmpConnection connection = (tls ? CLIENT_TLS.secure(client) : client).connectNow(TIMEOUT);
		return AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS.withTls(CLIENT_TLS));
	}

	AmpSession tcpSession(int port, boolean tls) {
		AmpTls clientTls = CLIENT_TLS.peer("localhost", port);
		AmpConnector client = AmpConnector.create().host("127.0.0.1").port(port);
		AmpConnection connection = (tls ? clientTls.secure(client) : client).connectNow(TIMEOUT);
		return AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS.withTls(clientTls));
	}

	@Test
	void tlsFromTheFirstByteIsOnTcpWhileTheUnixSocketOffersStartTls() {
		this.runner.withPropertyValues("amp.server.ssl.enabled=true").run((context) -> {
			int port = context.getBean(AmpSessionServer.class).port();
			AmpSession tcp = tcpSession(port, true);
			AmpSession unix = unixSession(false);
			try {
				assertThat(tcp.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(true, ""));
				assertThat(unix.connection().passesDescriptors()).isTrue();
				assertThat(unix.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(false, ""));
				unix.startTls().block(TIMEOUT);
				assertThat(unix.peerCertificates()).hasSize(1);
				assertThat(unix.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(true, ""));
			}
			finally {
				tcp.dispose();
				unix.dispose();
			}
		});
	}

	@Test
	void onUnixSocketSecuresTheSocketFromTheFirstByteWhereDescriptorsAreRefusedClearly() throws Exception {
		this.runner.withPropertyValues("amp.server.ssl.enabled=true", "amp.server.ssl.on-unix-socket=true")
			.run((context) -> {
				AmpSession unix = unixSession(true);
				AmpSession plain = unixSession(false);
				Path file = Files.writeString(this.directory.resolve("file.txt"), "content");
				AmpDescriptor descriptor = AmpDescriptor.open(file);
				try {
					assertThat(unix.call(new Whoami()).block(TIMEOUT)).isEqualTo(new Whoami.Result(true, ""));
					assertThatExceptionOfType(AmpArgumentException.class)
						.isThrownBy(() -> unix.call(new Pass(descriptor)).block(TIMEOUT))
						.withMessageContaining("cannot be sent")
						.withMessageContaining("TLS");
					assertThat(descriptor.isOpen()).as("handed over, and closed when not sent").isFalse();
					assertThat(unix.call(new Sum(2, 3)).block(TIMEOUT)).isEqualTo(new Sum.Result(5));
					assertThatExceptionOfType(RuntimeException.class).as("plain AMP is not TLS")
						.isThrownBy(() -> plain.call(new Sum(1, 2)).block(TIMEOUT));
				}
				finally {
					unix.dispose();
					plain.dispose();
				}
			});
	}

	@Test
	void onUnixSocketWithoutEnabledFailsToStart() {
		this.runner.withPropertyValues("amp.server.ssl.on-unix-socket=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("amp.server.ssl.on-unix-socket needs amp.server.ssl.enabled");
		});
	}

	@Test
	void serverCustomizersApplyToEachTransport() {
		AtomicInteger connections = new AtomicInteger();
		AmpServerCustomizer counting = (server) -> server
			.tcpServer((tcp) -> tcp.doOnConnection((connection) -> connections.incrementAndGet()));
		this.runner.withBean(AmpServerCustomizer.class, () -> counting).run((context) -> {
			AmpSession tcp = tcpSession(context.getBean(AmpSessionServer.class).port(), false);
			AmpSession unix = unixSession(false);
			try {
				assertThat(tcp.call(new Sum(1, 1)).block(TIMEOUT)).isEqualTo(new Sum.Result(2));
				assertThat(unix.call(new Sum(2, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(4));
				await().atMost(TIMEOUT).until(() -> connections.get() == 2);
			}
			finally {
				tcp.dispose();
				unix.dispose();
			}
		});
	}

}
