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
package io.ampproto.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that closes after a drain, gracefully shutting down or with
 * {@code drain()} then {@code dispose()}, while its client keeps sending: every answer
 * it wrote reaches the client (a close with unread requests would reset the connection
 * and lose them). Raw clients on loopback, many rounds.
 */
class AmpGracefulCloseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

	/** Bytes the server wrote to its sockets, this round: their writes succeeded. */
	private final AtomicLong written = new AtomicLong();

	/** Counts, in front of the pipeline, the bytes whose write to the socket succeeded. */
	final class WrittenBytes extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
				int length = bytes.readableBytes();
				ChannelPromise counted = promise.isVoid() ? ctx.newPromise() : promise;
				counted.addListener((future) -> {
					if (future.isSuccess()) {
						AmpGracefulCloseTests.this.written.addAndGet(length);
					}
				});
				ctx.write(msg, counted);
			}
			else {
				ctx.write(msg, promise);
			}
		}

	}

	void countWrites(AmpSession session) {
		session.connection().nettyConnection().channel().pipeline().addFirst(new WrittenBytes());
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
	}

	static AmpResponders responders() {
		return AmpResponders.builder()
			.respondRaw("Sum", (box, session) -> Mono.just(AmpBox.of("total",
					Integer.toString(Integer.parseInt(box.getText("a")) + Integer.parseInt(box.getText("b"))))))
			.build();
	}

	AmpSessionOptions options() {
		return AmpSessionOptions.DEFAULTS;
	}

	@Test
	void gracefulShutdownDeliversEveryAnswerItWroteToAClientThatKeepsSending() throws Exception {
		for (int round = 0; round < 30; round++) {
			this.written.set(0);
			AmpSessionServer server = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(0), responders(),
					options(), AmpServerLimits.DEFAULTS, TIMEOUT);
			server.addSessionListener(this::countWrites);
			server.start();
			this.toClose.add(server::stop);
			try (Flood flood = new Flood(server.port())) {
				flood.awaitAnswers(200);
				server.shutDownGracefully(Duration.ofSeconds(10));
				long received = flood.receivedUntilEnd();
				await().atMost(TIMEOUT).until(() -> server.sessions().isEmpty());
				assertThat(received).as("round %d: bytes received of %d written", round, this.written.get())
					.isEqualTo(this.written.get());
			}
		}
	}

	@Test
	void drainThenDisposeDeliversEveryAnswerItWroteToAClientThatKeepsSending() throws Exception {
		List<AmpSession> sessions = new CopyOnWriteArrayList<>();
		DisposableServer server = AmpServer.create().host("127.0.0.1").handle((connection) -> {
			AmpSession session = AmpSession.start(connection, responders(), options());
			countWrites(session);
			sessions.add(session);
			return session.onClose();
		}).bindNow();
		this.toClose.add(server::disposeNow);
		for (int round = 0; round < 60; round++) {
			this.written.set(0);
			sessions.clear();
			try (Flood flood = new Flood(server.port())) {
				flood.awaitAnswers(200);
				AmpSession session = sessions.get(0);
				session.drain().block(TIMEOUT);
				session.dispose();
				long received = flood.receivedUntilEnd();
				session.onClose().block(TIMEOUT);
				assertThat(received).as("round %d: bytes received of %d written", round, this.written.get())
					.isEqualTo(this.written.get());
			}
		}
	}

	/**
	 * A client that sends Sum commands without pause and counts the answers and errors
	 * it reads, until the server's end of stream or a reset.
	 */
	static final class Flood implements AutoCloseable {

		private final Socket socket;

		private final AtomicInteger answers = new AtomicInteger();

		private final AtomicLong received = new AtomicLong();

		private final AtomicReference<@Nullable Throwable> readerEnd = new AtomicReference<>();

		private volatile boolean stopped;

		private final Thread writer;

		private final Thread reader;

		Flood(int port) throws IOException {
			this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
			this.socket.setSoTimeout((int) TIMEOUT.toMillis());
			this.writer = new Thread(this::write, "flood-writer");
			this.reader = new Thread(this::read, "flood-reader");
			this.writer.start();
			this.reader.start();
		}

		private void write() {
			try {
				OutputStream out = this.socket.getOutputStream();
				int tag = 0;
				while (!this.stopped) {
					ByteArrayOutputStream batch = new ByteArrayOutputStream();
					for (int i = 0; i < 20; i++) {
						batch.write(AmpBoxCodec.encode(AmpBox.of("_ask", Integer.toString(++tag), "_command", "Sum",
								"a", "1", "b", "2")));
					}
					out.write(batch.toByteArray());
				}
			}
			catch (IOException ex) {
				// The server is gone: expected at the end.
			}
		}

		private void read() {
			try {
				InputStream in = new BufferedInputStream(this.socket.getInputStream());
				while (true) {
					byte[] box = readBox(in);
					this.received.addAndGet(box.length);
					this.answers.incrementAndGet();
				}
			}
			catch (EOFException ex) {
				this.readerEnd.set(ex);
				// As a client does at the server's end of stream.
				closeQuietly();
			}
			catch (IOException ex) {
				this.readerEnd.set(ex);
			}
		}

		static byte[] readBox(InputStream in) throws IOException {
			ByteArrayOutputStream box = new ByteArrayOutputStream();
			while (true) {
				byte[] keyLength = in.readNBytes(2);
				if (keyLength.length < 2) {
					throw new EOFException();
				}
				box.write(keyLength);
				int length = ((keyLength[0] & 0xFF) << 8) | (keyLength[1] & 0xFF);
				if (length == 0) {
					return box.toByteArray();
				}
				box.write(readFully(in, length));
				byte[] valueLength = readFully(in, 2);
				box.write(valueLength);
				box.write(readFully(in, ((valueLength[0] & 0xFF) << 8) | (valueLength[1] & 0xFF)));
			}
		}

		static byte[] readFully(InputStream in, int length) throws IOException {
			byte[] bytes = in.readNBytes(length);
			if (bytes.length < length) {
				throw new EOFException();
			}
			return bytes;
		}

		void awaitAnswers(int count) {
			await().atMost(TIMEOUT).until(() -> this.answers.get() >= count);
		}

		/** Wait for the reader to end and return how many bytes it read. */
		long receivedUntilEnd() throws InterruptedException {
			this.reader.join(TIMEOUT.toMillis());
			assertThat(this.reader.isAlive()).as("the server ended the stream").isFalse();
			Throwable end = this.readerEnd.get();
			assertThat(end).as("the stream ended without a reset").isInstanceOf(EOFException.class);
			return this.received.get();
		}

		private void closeQuietly() {
			this.stopped = true;
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}

		@Override
		public void close() throws IOException, InterruptedException {
			this.stopped = true;
			this.socket.close();
			this.writer.join(TIMEOUT.toMillis());
			this.reader.join(TIMEOUT.toMillis());
		}

	}

}
