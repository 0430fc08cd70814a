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

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import io.ampproto.unix.FdCommands.OpenFile;
import io.ampproto.unix.FdCommands.ReadFd;
import io.ampproto.unix.FdCommands.ReadTwoFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Descriptor passing between two Java peers on a real UNIX domain socket: ownership,
 * errors, and the TCP case.
 */
class AmpDescriptorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	private final List<DisposableServer> servers = new ArrayList<>();

	private final List<AmpSession> sessions = new ArrayList<>();

	/** The server side of the latest connection. */
	private final AtomicReference<AmpSession> serverSession = new AtomicReference<>();

	record Leak(AmpDescriptor a, AmpDescriptor b) implements AmpCommand<Void> {
	}

	record ReadRows(AmpDescriptor first, List<Row> rows) implements AmpCommand<ReadRows.Result> {

		record Row(String name, AmpDescriptor fd) {
		}

		record Result(List<String> contents) {
		}

	}

	@BeforeEach
	void descriptorPassing() {
		assumeThat(AmpUnixSockets.canPassDescriptors()).as("SCM_RIGHTS through junixsocket").isTrue();
	}

	@AfterEach
	void close() {
		this.sessions.forEach(AmpSession::dispose);
		this.servers.forEach(DisposableServer::disposeNow);
	}

	@Test
	void sentDescriptorsAreClosedOnceWrittenAndReceivedOnesBelongToTheirClaimer() throws Exception {
		AmpSession client = unixClient(FdCommands.responders());
		AmpDescriptor sent = AmpDescriptor.open(file("sent"));
		assertThat(client.call(new ReadFd(sent)).block(TIMEOUT).content()).isEqualTo("sent");
		assertThat(sent.isOpen()).isFalse();
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();

		OpenFile.Result opened = client.call(new OpenFile(file("kept").toString())).block(TIMEOUT);
		client.dispose();
		client.onClose().block(TIMEOUT);
		// Duplicated on arrival: the descriptor outlives the socket that carried it.
		assertThat(opened.fd().isOpen()).isTrue();
		assertThat(FdCommands.readAndClose(opened.fd())).isEqualTo("kept");
	}

	@Test
	void descriptorsInAmpListRowsAreNumberedInDeclarationOrder() throws Exception {
		AmpResponders rows = AmpResponders.builder().respondSync(ReadRows.class, (command) -> {
			List<String> contents = new ArrayList<>();
			contents.add(FdCommands.readAndClose(command.first()));
			command.rows().forEach((row) -> contents.add(row.name() + "=" + FdCommands.readAndClose(row.fd())));
			return new ReadRows.Result(contents);
		}).build();
		AmpSession client = unixClient(rows);
		ReadRows.Result result = client.call(new ReadRows(AmpDescriptor.open(file("first")),
				List.of(new ReadRows.Row("a", AmpDescriptor.open(file("one"))),
						new ReadRows.Row("b", AmpDescriptor.open(file("two"))))))
			.block(TIMEOUT);
		assertThat(result.contents()).containsExactly("first", "a=one", "b=two");
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();
	}

	@Test
	void borrowedDescriptorsStayOpenAfterTheCall() throws Exception {
		AmpSession client = unixClient(FdCommands.responders());
		try (RandomAccessFile file = new RandomAccessFile(file("borrowed").toFile(), "r")) {
			AmpDescriptor borrowed = AmpDescriptor.borrow(file.getFD());
			assertThat(client.call(new ReadFd(borrowed)).block(TIMEOUT).content()).isEqualTo("borrowed");
			assertThat(file.getFD().valid()).isTrue();
			assertThat(file.length()).isEqualTo(8);
			file.seek(0);
			assertThat(file.readLine()).isEqualTo("borrowed");
		}
	}

	@Test
	void unclaimedDescriptorsAreClosedWhenTheConnectionCloses() throws Exception {
		AmpResponders unclaiming = AmpResponders.builder()
			.respondRaw("Leak", (box, session) -> Mono.just(AmpBox.empty()))
			.build();
		AmpSession client = unixClient(unclaiming);
		client.call(new Leak(AmpDescriptor.open(file("a")), AmpDescriptor.open(file("b")))).block(TIMEOUT);
		client.call(new Leak(AmpDescriptor.open(file("c")), AmpDescriptor.open(file("d")))).block(TIMEOUT);
		AmpDescriptorExchanger server = exchanger(this.serverSession.get());
		assertThat(server.unclaimed()).isEqualTo(4);
		assertThat(server.receivedCount()).isEqualTo(4);
		// The client closed the ones it sent; the copies received wait on the server.
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isEqualTo(4);
		client.dispose();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(server.unclaimed()).isZero());
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero());
	}

	@Test
	void aPeerThatLeavesTooManyDescriptorsUnclaimedIsDisconnected() throws Exception {
		AmpResponders unclaiming = AmpResponders.builder()
			.respondRaw("Leak", (box, session) -> Mono.just(AmpBox.empty()))
			.build();
		AmpSession client = unixClient(unclaiming);
		Path file = file("leak");
		int calls = AmpDescriptorExchanger.MAX_UNCLAIMED / 2;
		for (int i = 0; i < calls; i++) {
			client.call(new Leak(AmpDescriptor.open(file), AmpDescriptor.open(file))).block(TIMEOUT);
		}
		AmpDescriptorExchanger server = exchanger(this.serverSession.get());
		assertThat(server.unclaimed()).isEqualTo(AmpDescriptorExchanger.MAX_UNCLAIMED);
		assertThatExceptionOfType(AmpConnectionClosedException.class).isThrownBy(
				() -> client.call(new Leak(AmpDescriptor.open(file), AmpDescriptor.open(file))).block(TIMEOUT));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero());
	}

	@Test
	void aCommandNamingADescriptorThatNeverArrivedIsAnsweredUnknownAndTheConnectionCloses() {
		AmpSession client = unixClient(FdCommands.responders());
		assertThatExceptionOfType(AmpUnknownRemoteException.class)
			.isThrownBy(() -> client.callRaw("ReadFd", AmpBox.of("fd", "3")).block(TIMEOUT));
		client.onClose().block(TIMEOUT);
		assertThat(client.connection().isActive()).isFalse();
	}

	@Test
	void anAnswerNamingADescriptorThatNeverArrivedFailsTheCall() {
		AmpResponders lying = AmpResponders.builder()
			.respondRaw("OpenFile", (box, session) -> Mono.just(AmpBox.of("fd", "9")))
			.build();
		AmpSession client = unixClient(lying);
		assertThatExceptionOfType(AmpProtocolException.class)
			.isThrownBy(() -> client.call(new OpenFile("/nowhere")).block(TIMEOUT))
			.withMessageContaining("No file descriptor #9")
			.withMessageContaining("only 0 arrived so far");
	}

	@Test
	void callsAndAnswersFromManyThreadsKeepTheirDescriptorsInOrder() throws Exception {
		// Answers complete on other threads, so they are numbered on the event loop.
		AmpResponders offLoop = AmpResponders.builder()
			.respond(ReadTwoFds.class,
					(command, session) -> Mono
						.fromCallable(() -> new ReadTwoFds.Result(FdCommands.readAndClose(command.a()),
								FdCommands.readAndClose(command.b())))
						.subscribeOn(Schedulers.parallel()))
			.respond(OpenFile.class,
					(command, session) -> Mono.fromCallable(() -> new OpenFile.Result(FdCommands.open(command.path())))
						.subscribeOn(Schedulers.parallel()))
			.build();
		AmpSession client = unixClient(offLoop);
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			files.add(file("file " + i));
		}
		List<String> results = Flux.range(0, 100)
			.parallel(4)
			.runOn(Schedulers.parallel())
			.flatMap((i) -> Flux.concat(
					client.call(new ReadTwoFds(FdCommands.open(files.get(2 * i).toString()),
							FdCommands.open(files.get(2 * i + 1).toString())))
						.map((r) -> i + ":" + r.first() + "|" + r.second()),
					client.call(new OpenFile(files.get(i).toString()))
						.map((r) -> i + ":" + FdCommands.readAndClose(r.fd()))))
			.sequential()
			.collectList()
			.block(TIMEOUT);
		assertThat(results).hasSize(200);
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();
		for (int i = 0; i < 100; i++) {
			assertThat(results).contains(i + ":file " + (2 * i) + "|file " + (2 * i + 1), i + ":file " + i);
		}
		assertThat(exchanger(client).sentCount()).isEqualTo(200);
		assertThat(exchanger(client).receivedCount()).isEqualTo(100);
	}

	@Test
	void aDescriptorOnATcpConnectionFailsAtCallTimeWithAClearError() throws Exception {
		DisposableServer server = AmpServer.create().host("127.0.0.1").port(0).handle((connection) -> {
			AmpSession session = AmpSession.start(connection, FdCommands.responders(), AmpSessionOptions.DEFAULTS);
			return session.onClose();
		}).bindNow();
		this.servers.add(server);
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
		AmpSession client = track(AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS));
		assertThat(connection.passesDescriptors()).isFalse();
		AmpDescriptor descriptor = AmpDescriptor.open(file("tcp"));
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> client.call(new ReadFd(descriptor)).block(TIMEOUT))
			.withMessageContaining("cannot be sent")
			.withMessageContaining("is not a UNIX domain socket");
		assertThat(descriptor.isOpen()).as("handed over, so closed").isFalse();
		// A responder answering a descriptor over TCP: UNKNOWN, as for any answer that cannot be sent.
		assertThatExceptionOfType(AmpUnknownRemoteException.class)
			.isThrownBy(() -> client.call(new OpenFile(file("x").toString())).block(TIMEOUT));
	}

	@Test
	void descriptorsOfACallOnAClosedConnectionAreClosed() throws Exception {
		AmpSession client = unixClient(FdCommands.responders());
		client.dispose();
		client.onClose().block(TIMEOUT);
		AmpDescriptor descriptor = AmpDescriptor.open(file("late"));
		assertThatExceptionOfType(AmpConnectionClosedException.class)
			.isThrownBy(() -> client.call(new ReadFd(descriptor)).block(TIMEOUT));
		assertThat(descriptor.isOpen()).isFalse();
	}

	private AmpSession unixClient(AmpResponders serverResponders) {
		Path socket = this.directory.resolve("amp-" + this.servers.size() + ".sock");
		DisposableServer server = AmpServer.create().unixSocket(socket).handle((connection) -> {
			AmpSession session = AmpSession.start(connection, serverResponders, AmpSessionOptions.DEFAULTS);
			this.serverSession.set(session);
			return session.onClose();
		}).bindNow();
		this.servers.add(server);
		AmpConnection connection = AmpConnector.create().unixSocket(socket).connectNow(TIMEOUT);
		return track(AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS));
	}

	private AmpSession track(AmpSession session) {
		this.sessions.add(session);
		return session;
	}

	private static AmpDescriptorExchanger exchanger(AmpSession session) {
		return AmpDescriptorExchanger.find(session.connection().nettyConnection().channel());
	}

	private Path file(String content) throws Exception {
		Path file = Files.createTempFile(this.directory, "file", ".txt");
		Files.writeString(file, content);
		return file;
	}

}
