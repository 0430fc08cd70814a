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
package io.ampproto.unix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TwistedPython;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import io.ampproto.unix.FdCommands.OpenFile;
import io.ampproto.unix.FdCommands.OpenTwoFiles;
import io.ampproto.unix.FdCommands.ReadFd;
import io.ampproto.unix.FdCommands.ReadTwoFds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twisted's {@code amp.Descriptor} against the Java implementation on a real UNIX domain
 * socket, both ways: a Twisted client ({@code fd_client.py}) checks a Java server, and a
 * Java client checks a Twisted server ({@code fd_server.py}).
 */
class TwistedDescriptorInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	@BeforeAll
	static void twisted() {
		TwistedFdPeer.assumeTwistedAndDescriptorPassing();
	}

	@Test
	void twistedClientPassesEveryDescriptorCheckAgainstAJavaServer() throws Exception {
		Path socket = this.directory.resolve("java.sock");
		AmpSessionServer server = new AmpSessionServer(AmpServer.create().unixSocket(socket),
				FdCommands.responders(), AmpSessionOptions.DEFAULTS, TIMEOUT);
		server.start();
		try {
			List<String> lines = TwistedFdPeer.runClient(socket, this.directory, 120);
			assertThat(lines).filteredOn((line) -> line.startsWith("FAIL")).isEmpty();
			assertThat(lines).last().isEqualTo("8 passed, 0 failed");
			// Every descriptor received was claimed and closed by its responder, and every
			// one sent was closed once written.
			await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().isEmpty());
			assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();
		}
		finally {
			server.stop();
		}
		assertThat(socket).doesNotExist();
	}

	@Test
	void javaClientPassesDescriptorsBothWaysWithATwistedServer() throws Exception {
		Path socket = this.directory.resolve("twisted.sock");
		try (TwistedPython.Server twisted = TwistedFdPeer.startServer(socket)) {
			AmpConnection connection = AmpConnector.create().unixSocket(socket).connectNow(TIMEOUT);
			AmpSession session = AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
			assertThat(connection.passesDescriptors()).isTrue();

			AmpDescriptor sent = open("hello from Java");
			assertThat(call(session, new ReadFd(sent)).content()).isEqualTo("hello from Java");
			assertThat(sent.isOpen()).as("sent descriptor is closed once written").isFalse();

			ReadTwoFds.Result two = call(session, new ReadTwoFds(open("first"), open("second")));
			assertThat(two.first()).isEqualTo("first");
			assertThat(two.second()).isEqualTo("second");

			OpenFile.Result opened = call(session, new OpenFile(file("opened by Twisted").toString()));
			assertThat(opened.fd().isOpen()).isTrue();
			assertThat(FdCommands.readAndClose(opened.fd())).isEqualTo("opened by Twisted");

			OpenTwoFiles.Result both = call(session,
					new OpenTwoFiles(file("A".repeat(5000)).toString(), file("B").toString()));
			assertThat(FdCommands.readAndClose(both.first())).isEqualTo("A".repeat(5000));
			assertThat(FdCommands.readAndClose(both.second())).isEqualTo("B");

			// Pipelined: Twisted's answers carry their descriptors, several per write.
			List<String> pipelined = Flux
				.mergeSequential(session.call(new OpenFile(file("one").toString())).map((r) -> read(r.fd())),
						session.call(new OpenTwoFiles(file("two").toString(), file("three").toString()))
							.map((r) -> read(r.first()) + "+" + read(r.second())),
						session.call(new ReadFd(open("four"))).map(ReadFd.Result::content),
						session.call(new OpenFile(file("five").toString())).map((r) -> read(r.fd())))
				.collectList()
				.block(TIMEOUT);
			assertThat(pipelined).containsExactly("one", "two+three", "four", "five");

			// 100 calls in flight each way, each carrying a descriptor.
			List<Mono<String>> calls = new ArrayList<>();
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				calls.add(session.call(new ReadFd(open("sent " + i))).map(ReadFd.Result::content));
				expected.add("sent " + i);
			}
			for (int i = 0; i < 100; i++) {
				calls.add(session.call(new OpenFile(file("answered " + i).toString())).map((r) -> read(r.fd())));
				expected.add("answered " + i);
			}
			assertThat(Flux.mergeSequential(calls).collectList().block(TIMEOUT)).isEqualTo(expected);

			assertThat(connection.nettyConnection().channel().pipeline().get(AmpDescriptorExchanger.HANDLER_NAME))
				.isNotNull();
			AmpDescriptorExchanger exchanger = AmpDescriptorExchanger.find(connection.nettyConnection().channel());
			assertThat(exchanger.sentCount()).isEqualTo(1 + 2 + 1 + 100);
			assertThat(exchanger.receivedCount()).isEqualTo(1 + 2 + 1 + 2 + 1 + 100);
			assertThat(exchanger.unclaimed()).isZero();
			// Every descriptor sent was closed once written, every one received by its reader.
			assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();
			session.dispose();
			session.onClose().block(TIMEOUT);
		}
	}

	private static <R> R call(AmpSession session, io.ampproto.command.AmpCommand<R> command) {
		return session.call(command).block(TIMEOUT);
	}

	private static String read(AmpDescriptor descriptor) {
		return FdCommands.readAndClose(descriptor);
	}

	private AmpDescriptor open(String content) throws Exception {
		return AmpDescriptor.open(file(content));
	}

	private Path file(String content) throws Exception {
		Path file = Files.createTempFile(this.directory, "java", ".txt");
		Files.writeString(file, content);
		return file;
	}

}
