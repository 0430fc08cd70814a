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
package io.ampproto.server;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpException;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.switching.AmpSwitchContext;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.TlsTestMaterial;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failure injection while a connection changes shape: a peer that vanishes during a
 * StartTLS handshake or a protocol switch, on either side. In each, calls fail with a
 * clear exception within a bounded time, nothing hangs, an inner protocol that was
 * created sees the close, and nothing leaks: the open file descriptors come back to where
 * they were, and Netty's leak detector (PARANOID in every test run) reports nothing.
 */
class AmpReshapeFailureInjectionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** Well under {@link #TIMEOUT}: a failure that waits for it would be a hang. */
	private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

	private static final int ROUNDS = 10;

	private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

	private final Sinks.Empty<Void> release = Sinks.empty();

	private final AtomicInteger innerCreated = new AtomicInteger();

	private final AtomicInteger innerClosed = new AtomicInteger();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	/** Switches to the {@code watch} inner protocol. */
	record Flip() implements AmpSwitchCommand {
	}

	/** An inner protocol that counts how often it runs and sees its input end. */
	final class WatchFactory implements AmpInnerProtocolFactory {

		@Override
		public String name() {
			return "watch";
		}

		@Override
		public AmpInnerProtocol create(AmpSwitchContext context) {
			return watcher();
		}

	}

	/** Counted when it runs, which is when the switch has happened. */
	AmpInnerProtocol watcher() {
		return (inbound, outbound) -> {
			this.innerCreated.incrementAndGet();
			return inbound.receive().then().doFinally((signal) -> this.innerClosed.incrementAndGet());
		};
	}

	enum Peer {

		/** Closes right after the answer. */
		CLOSES,

		/** Sends bytes that are not TLS (or not the inner protocol's) and keeps the connection. */
		GARBAGE,

		/** Keeps the connection and says nothing. */
		SILENT

	}

	@BeforeEach
	void watchLogs() {
		this.logs.start();
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(this.logs);
	}

	@AfterEach
	void close() throws Exception {
		this.release.tryEmitEmpty();
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this.logs);
	}

	AmpResponders responders() {
		return AmpResponders.builder()
			.respondRaw("Hold", (box, session) -> this.release.asMono().thenReturn(AmpBox.empty()))
			.respondSwitch(Flip.class, (command, session) -> Mono.just(AmpSwitch.to("watch")))
			.build();
	}

	AmpSessionServer server() {
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS
			.withTls(AmpTls.of(TlsTestMaterial.provider()).handshakeTimeout(HANDSHAKE_TIMEOUT))
			.withInnerProtocols(AmpInnerProtocols.of(List.of(new WatchFactory())));
		AmpSessionServer server = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(0), responders(),
				options, TIMEOUT);
		server.start();
		this.toClose.add(server::stop);
		return server;
	}

	AmpSession client(int port) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port).connectNow();
		this.toClose.add(connection::dispose);
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS.withTls(AmpTls
			.of(AmpSslContextProvider.of(null, TlsTestMaterial.clientContext("ca-cert.pem", false)))
			.peer("localhost", port)
			.handshakeTimeout(HANDSHAKE_TIMEOUT));
		return AmpSession.start(connection, AmpResponders.none(), options);
	}

	// Our server, a peer that vanishes ----------------------------------------------------

	@ParameterizedTest(name = "ClientHello bytes sent: {0}")
	@ValueSource(ints = { 0, 5, 100 })
	void peerThatVanishesDuringTheHandshakeItAskedForEndsTheSession(int helloBytes) {
		AmpSessionServer server = server();
		int before = ResourceAudit.openFileDescriptors(() -> vanishDuringHandshake(server, helloBytes));
		for (int i = 0; i < ROUNDS; i++) {
			vanishDuringHandshake(server, helloBytes);
		}
		assertBackTo(before);
	}

	private void vanishDuringHandshake(AmpSessionServer server, int helloBytes) {
		try (RawPeer peer = new RawPeer(server.port())) {
			peer.write(AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "StartTLS")));
			assertThat(peer.read()).isEqualTo(AmpBox.of("_answer", "1"));
			byte[] hello = clientHello();
			assertThat(hello.length).isGreaterThan(helloBytes);
			peer.write(Arrays.copyOf(hello, helloBytes));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		await().atMost(TIMEOUT).until(() -> server.sessions().isEmpty());
	}

	@ParameterizedTest(name = "inner bytes sent: {0}")
	@ValueSource(booleans = { false, true })
	void peerThatVanishesRightAfterTheSwitchAnswerClosesTheInnerProtocol(boolean innerBytes) {
		AmpSessionServer server = server();
		int before = ResourceAudit.openFileDescriptors(() -> vanishAfterSwitch(server, innerBytes));
		for (int i = 0; i < ROUNDS; i++) {
			vanishAfterSwitch(server, innerBytes);
		}
		assertThat(this.innerCreated).hasValue(ROUNDS + 1);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.innerClosed).hasValue(ROUNDS + 1));
		assertBackTo(before);
	}

	private void vanishAfterSwitch(AmpSessionServer server, boolean innerBytes) {
		try (RawPeer peer = new RawPeer(server.port())) {
			peer.write(AmpBoxCodec.encode(AmpBox.of("_ask", "1", "_command", "Flip")));
			assertThat(peer.read()).isEqualTo(AmpBox.of("_answer", "1"));
			if (innerBytes) {
				peer.write(new byte[] { 'h', 'i' });
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		await().atMost(TIMEOUT).until(() -> server.sessions().isEmpty());
	}

	// Our client, a raw server that breaks the reshape ------------------------------------

	@ParameterizedTest(name = "after the answer the server: {0}")
	@EnumSource(Peer.class)
	void startTlsAgainstAServerThatBreaksTheHandshakeFailsItAndTheCallsHeldBehindIt(Peer behavior)
			throws IOException {
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int before = ResourceAudit.openFileDescriptors(() -> brokenHandshake(listener, behavior));
			// A silent server costs a whole handshake timeout a round.
			int rounds = (behavior == Peer.SILENT) ? 2 : ROUNDS / 2;
			for (int i = 0; i < rounds; i++) {
				brokenHandshake(listener, behavior);
			}
			assertBackTo(before);
		}
	}

	private void brokenHandshake(ServerSocket listener, Peer behavior) {
		AmpSession client = client(listener.getLocalPort());
		try (Socket socket = listener.accept()) {
			DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
			Mono<SSLSession> tls = started(client.startTls());
			Mono<AmpBox> held = started(client.callRaw("Hold", AmpBox.empty()));
			AmpBox request = readBox(in);
			assertThat(request.getText("_command")).isEqualTo("StartTLS");
			OutputStream out = socket.getOutputStream();
			out.write(AmpBoxCodec.encode(AmpBox.of("_answer", request.getText("_ask"))));
			if (behavior == Peer.GARBAGE) {
				// Looks like an AMP box, which is not a ServerHello.
				out.write(AmpBoxCodec.encode(AmpBox.of("_answer", "2")));
			}
			out.flush();
			if (behavior == Peer.CLOSES) {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			long start = System.nanoTime();
			// A close before any TLS byte is a plain close ("closed before TLS started").
			assertFailsClearly(tls,
					(behavior == Peer.CLOSES) ? AmpConnectionClosedException.class : AmpTlsException.class);
			assertFailsClearly(held, AmpConnectionClosedException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(2));
			client.onClose().block(TIMEOUT);
			assertThat(client.connection().isActive()).isFalse();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@ParameterizedTest(name = "answered first: {0}")
	@ValueSource(booleans = { false, true })
	void switchAgainstAServerThatClosesFailsThePendingCallsAndClosesTheInnerProtocol(boolean answered)
			throws IOException {
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int before = ResourceAudit.openFileDescriptors(() -> brokenSwitch(listener, answered));
			for (int i = 0; i < ROUNDS / 2; i++) {
				brokenSwitch(listener, answered);
			}
			int rounds = ROUNDS / 2 + 1;
			assertThat(this.innerCreated).hasValue(answered ? rounds : 0);
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.innerClosed).hasValue(answered ? rounds : 0));
			assertBackTo(before);
		}
	}

	private void brokenSwitch(ServerSocket listener, boolean answered) {
		AmpSession client = client(listener.getLocalPort());
		try (Socket socket = listener.accept()) {
			DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
			// A call in flight, then the switch behind it.
			Mono<AmpBox> pending = started(client.callRaw("Hold", AmpBox.empty()));
			assertThat(readBox(in).getText("_command")).isEqualTo("Hold");
			Mono<Void> flip = started(client.switchProtocol(new Flip(), watcher()));
			AmpBox request = readBox(in);
			assertThat(request.getText("_command")).isEqualTo("Flip");
			if (answered) {
				socket.getOutputStream().write(AmpBoxCodec.encode(AmpBox.of("_answer", request.getText("_ask"))));
				socket.getOutputStream().flush();
			}
			socket.setSoLinger(true, 0);
			socket.close();
			assertFailsClearly(pending, AmpException.class);
			if (answered) {
				flip.onErrorResume(AmpException.class, (ex) -> Mono.empty()).block(TIMEOUT);
			}
			else {
				assertFailsClearly(flip, AmpConnectionClosedException.class);
			}
			client.onClose().block(TIMEOUT);
			assertThat(client.connection().isActive()).isFalse();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// Helpers ----------------------------------------------------------------------------

	private static <T> Mono<T> started(Mono<T> call) {
		Mono<T> cached = call.cache();
		cached.subscribe((value) -> {
		}, (error) -> {
		});
		return cached;
	}

	/**
	 * The call fails with the given type, with a message, well before {@link #TIMEOUT}
	 * (blocking past it would throw an {@link IllegalStateException} instead).
	 */
	private static void assertFailsClearly(Mono<?> call, Class<? extends Throwable> type) {
		Throwable error = call.then(Mono.<Throwable>empty())
			.onErrorResume((ex) -> Mono.just(ex))
			.block(TIMEOUT);
		assertThat(error).as("the call fails").isInstanceOf(type);
		assertThat(error.getMessage()).isNotBlank();
	}

	/** The first bytes a TLS client sends: a whole ClientHello record. */
	private static byte[] clientHello() throws IOException {
		try {
			SSLEngine engine = TlsTestMaterial.jdkClientContext().createSSLEngine("localhost", 0);
			engine.setUseClientMode(true);
			engine.beginHandshake();
			ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
			engine.wrap(ByteBuffer.allocate(0), out);
			out.flip();
			byte[] bytes = new byte[out.remaining()];
			out.get(bytes);
			return bytes;
		}
		catch (javax.net.ssl.SSLException ex) {
			throw new IOException(ex);
		}
	}

	private static @Nullable AmpBox readBox(DataInputStream in) throws IOException {
		AmpBox.Builder builder = AmpBox.builder();
		while (true) {
			int keyLength = in.readUnsignedShort();
			if (keyLength == 0) {
				return builder.build();
			}
			byte[] key = new byte[keyLength];
			in.readFully(key);
			byte[] value = new byte[in.readUnsignedShort()];
			in.readFully(value);
			builder.put(key, value);
		}
	}

	/**
	 * The descriptors come back to their count (a few of slack for the JVM's own), Netty
	 * reports no leaked buffer, and nothing unexpected is logged as an error.
	 */
	private void assertBackTo(int before) {
		ResourceAudit.awaitDescriptorsBackTo(before, TIMEOUT);
		ResourceAudit.assertNoLeakReported(this.logs);
		assertThat(this.logs.list.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR))
			.map(ILoggingEvent::getFormattedMessage)
			.toList()).as("errors logged").isEmpty();
	}

}
