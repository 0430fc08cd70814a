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

package io.ampproto.unix;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.client.AmpRequester;
import io.ampproto.metrics.AmpMetrics;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that send many descriptors at once, on a real UNIX domain socket, to a server and
 * to a requester: every descriptor installed in this process is handed to a box or
 * closed, and a violation is counted.
 */
class AmpDescriptorFloodTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** The most one {@code sendmsg} may carry on Linux ({@code SCM_MAX_FD}). */
	private static final int MANY = 253;

	@TempDir
	Path directory;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AmpMetrics metrics = new AmpMetrics(this.registry);

	private final List<AutoCloseable> toClose = new ArrayList<>();

	@BeforeEach
	void descriptorPassing() {
		assumeThat(AmpUnixSockets.canPassDescriptors()).as("SCM_RIGHTS through junixsocket").isTrue();
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
	}

	@Test
	void serverTakes253DescriptorsOnTheFirstByteOfABoxAndClosesThemWithTheConnection() throws Exception {
		Path socket = startServer();
		Path file = file();
		for (int connection = 0; connection < 10; connection++) {
			try (RawUnixPeer peer = new RawUnixPeer(socket)) {
				peer.write(sum(connection), file, MANY);
				assertThat(peer.readBox().getText("total")).isEqualTo(String.valueOf(connection + 1));
			}
		}
		// Before, about 60 of each 253 stayed open in the server for good.
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero());
		assertThat(violations("overflow")).isZero();
	}

	@Test
	void serverClosesAPeerThatLeavesTooManyUnclaimedAndCountsIt() throws Exception {
		Path socket = startServer();
		Path file = file();
		byte[] box = sum(1);
		try (RawUnixPeer peer = new RawUnixPeer(socket)) {
			// 5 x 253 on the first five bytes of a box: more than the 1024 that may wait.
			for (int i = 0; i < 5; i++) {
				peer.write(Arrays.copyOfRange(box, i, i + 1), file, MANY);
			}
			peer.write(Arrays.copyOfRange(box, 5, box.length), file, 0);
			assertThat(peer.readToEnd()).isEmpty();
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero());
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(violations("unclaimed")).isEqualTo(1));
	}

	@Test
	void requesterTakes253DescriptorsWithEachAnswerAndClosesThemWithEachConnection() throws Exception {
		Path socket = this.directory.resolve("flood.sock");
		Path file = file();
		AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(socket));
		this.toClose.add(server);
		AtomicInteger served = new AtomicInteger();
		// Answers each connection's first call with 253 descriptors on its first byte, then hangs up.
		Thread flooder = new Thread(() -> {
			while (!server.isClosed()) {
				try (RawUnixPeer peer = new RawUnixPeer(server.accept())) {
					AmpBox call = peer.readBox();
					peer.write(AmpBoxCodec.encode(AmpBox.of("_answer", call.getText("_ask"), "total", "3")), file,
							MANY);
					served.incrementAndGet();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "descriptor-flooder");
		flooder.setDaemon(true);
		flooder.start();
		AmpRequester requester = AmpRequester.builder()
			.unixSocket(socket)
			.reconnect(Duration.ofMillis(10), Duration.ofMillis(100))
			.observer(this.metrics)
			.options(AmpSessionOptions.DEFAULTS.withCallTimeout(TIMEOUT))
			.build();
		this.toClose.add(requester::dispose);
		for (int connection = 0; connection < 10; connection++) {
			assertThat(requester.call(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
			int answered = connection + 1;
			await().atMost(TIMEOUT).until(() -> served.get() == answered && !requester.isConnected());
		}
		// Before, each connection failed its call and left about 60 descriptors open.
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero());
		assertThat(this.registry.get(AmpMetrics.DESCRIPTOR_VIOLATIONS).tags("side", "client").functionCounters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void registersEveryDescriptorViolationReasonUpFront() {
		assertThat(this.registry.find(AmpMetrics.DESCRIPTOR_VIOLATIONS).functionCounters()).hasSize(4)
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	private Path startServer() {
		Path socket = this.directory.resolve("amp.sock");
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.build();
		AmpSessionServer server = new AmpSessionServer(AmpServer.create().unixSocket(socket), responders,
				AmpSessionOptions.DEFAULTS.withObserver(this.metrics), Duration.ofSeconds(1));
		server.start();
		this.toClose.add(server::stop);
		return socket;
	}

	private double violations(String reason) {
		return this.registry.get(AmpMetrics.DESCRIPTOR_VIOLATIONS)
			.tags("side", "server", "reason", reason)
			.functionCounter()
			.count();
	}

	private Path file() throws IOException {
		return Files.writeString(Files.createTempFile(this.directory, "fd", ".txt"), "content");
	}

	private static byte[] sum(long a) {
		return AmpBoxCodec
			.encode(AmpBox.of("_command", "Sum", "_ask", String.valueOf(a + 1), "a", String.valueOf(a), "b", "1"));
	}

	/**
	 * A peer on a blocking junixsocket socket that sends descriptors as it is told.
	 */
	static final class RawUnixPeer implements AutoCloseable {

		private final AFUNIXSocket socket;

		private final DataInputStream in;

		RawUnixPeer(Path path) throws IOException {
			this(AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path)));
		}

		RawUnixPeer(AFUNIXSocket socket) throws IOException {
			this.socket = socket;
			this.socket.setSoTimeout((int) TIMEOUT.toMillis());
			this.in = new DataInputStream(socket.getInputStream());
		}

		/**
		 * Write bytes with as many descriptors of a file on the first of them, in one
		 * message; this side's own descriptor is closed afterwards.
		 */
		void write(byte[] bytes, Path file, int descriptors) throws IOException {
			OutputStream out = this.socket.getOutputStream();
			if (descriptors == 0) {
				out.write(bytes);
				return;
			}
			try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "r")) {
				FileDescriptor[] many = new FileDescriptor[descriptors];
				Arrays.fill(many, open.getFD());
				this.socket.setOutboundFileDescriptors(many);
				out.write(bytes, 0, 1);
			}
			out.write(bytes, 1, bytes.length - 1);
		}

		AmpBox readBox() throws IOException {
			ByteArrayOutputStream box = new ByteArrayOutputStream();
			while (true) {
				int keyLength = this.in.readUnsignedShort();
				box.write(keyLength >> 8);
				box.write(keyLength);
				if (keyLength == 0) {
					return AmpBoxCodec.decodeConcatenated(ByteBuffer.wrap(box.toByteArray())).get(0);
				}
				box.write(this.in.readNBytes(keyLength));
				int valueLength = this.in.readUnsignedShort();
				box.write(valueLength >> 8);
				box.write(valueLength);
				box.write(this.in.readNBytes(valueLength));
			}
		}

		/** Read until the other side closes (or resets: it closed with bytes unread). */
		byte[] readToEnd() {
			ByteArrayOutputStream read = new ByteArrayOutputStream();
			byte[] chunk = new byte[4096];
			try {
				for (int count = this.in.read(chunk); count >= 0; count = this.in.read(chunk)) {
					read.write(chunk, 0, count);
				}
			}
			catch (IOException ex) {
				// Reset: nothing more comes.
			}
			return read.toByteArray();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
