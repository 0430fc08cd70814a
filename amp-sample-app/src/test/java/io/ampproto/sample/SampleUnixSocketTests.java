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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.context.LocalAmpServerPort;
import io.ampproto.sample.SampleCommands.FileTooLargeException;
import io.ampproto.sample.SampleCommands.OpenLog;
import io.ampproto.sample.SampleCommands.ReadFile;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TwistedPython;
import io.ampproto.transport.AmpConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample app with its {@code unix} profile: TCP as before, and a UNIX domain socket
 * where {@code ReadFile} and {@code OpenLog} pass descriptors, to our client and to a real
 * Twisted client ({@code twisted_unix_client.py}).
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1" })
@ActiveProfiles("unix")
class SampleUnixSocketTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Path DIRECTORY = createDirectory();

	private static final Path SOCKET = DIRECTORY.resolve("sample.sock");

	@LocalAmpServerPort
	int port;

	@DynamicPropertySource
	static void socket(DynamicPropertyRegistry registry) {
		registry.add("amp.server.unix-socket", SOCKET::toString);
	}

	@AfterAll
	static void deleteDirectory() throws IOException {
		FileSystemUtils.deleteRecursively(DIRECTORY);
	}

	@Test
	void ourClientReadsAFileAndOpensTheLogOverTheUnixSocket() throws Exception {
		AmpSession session = AmpSession.start(AmpConnector.create().unixSocket(SOCKET).connectNow(TIMEOUT),
				AmpResponders.none(), AmpSessionOptions.DEFAULTS);
		try {
			assertThat(session.call(new Sum(java.math.BigInteger.TWO, java.math.BigInteger.TEN)).block(TIMEOUT))
				.isEqualTo(new Sum.Result(java.math.BigInteger.valueOf(12)));
			AmpDescriptor file = AmpDescriptor.open(file("héllo from Java\n"));
			assertThat(session.call(new ReadFile(file)).block(TIMEOUT).content()).isEqualTo("héllo from Java\n");
			assertThat(file.isOpen()).as("handed over and closed once sent").isFalse();
			assertThatExceptionOfType(FileTooLargeException.class)
				.isThrownBy(() -> session.call(new ReadFile(AmpDescriptor.open(file("x".repeat(70000)))))
					.block(TIMEOUT));
			try (AmpDescriptor log = session.call(new OpenLog()).block(TIMEOUT).fd()) {
				String content = new String(log.newInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
				assertThat(content).contains("amp-sample-app started", "ReadFile: 17 bytes", "OpenLog");
			}
		}
		finally {
			session.dispose();
		}
	}

	@Test
	void overTcpTheDescriptorCommandsFailWithClearErrorsAndTheConnectionLives() throws Exception {
		AmpSession session = AmpSession.start(AmpConnector.create().host("127.0.0.1").port(this.port).connectNow(),
				AmpResponders.none(), AmpSessionOptions.DEFAULTS);
		try {
			AmpDescriptor file = AmpDescriptor.open(file("tcp"));
			assertThatExceptionOfType(AmpArgumentException.class)
				.isThrownBy(() -> session.call(new ReadFile(file)).block(TIMEOUT))
				.withMessageContaining("is not a UNIX domain socket");
			assertThat(file.isOpen()).isFalse();
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> session.call(new OpenLog()).block(TIMEOUT))
				.withMessageContaining("needs a UNIX domain socket connection");
			assertThat(session.call(new Sum(java.math.BigInteger.ONE, java.math.BigInteger.ONE)).block(TIMEOUT))
				.isEqualTo(new Sum.Result(java.math.BigInteger.TWO));
		}
		finally {
			session.dispose();
		}
	}

	@Test
	void twistedClientPassesEveryCheckOnTheUnixSocket() throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		TwistedPython.Run run = TwistedPeer.runUnixClient(SOCKET, DIRECTORY, 120);
		assertThat(run.failures()).isEmpty();
		assertThat(run.summary()).isEqualTo("7 passed, 0 failed");
		assertThat(run.exitCode()).isZero();
	}

	private static Path file(String content) throws IOException {
		Path file = Files.createTempFile(DIRECTORY, "file", ".txt");
		Files.writeString(file, content);
		return file;
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("amp-sample-unix");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
