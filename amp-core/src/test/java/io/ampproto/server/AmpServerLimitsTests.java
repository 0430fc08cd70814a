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

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnectionLimiter;
import io.ampproto.transport.AmpIdleTimeoutHandler;
import io.ampproto.transport.AmpPipeline;
import io.ampproto.transport.AmpServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the limits of {@link AmpSessionServer}: connections, calls in flight,
 * answers a client does not read, and idle connections. Real loopback connections;
 * clients that misbehave are plain sockets.
 */
class AmpServerLimitsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

	private final List<AmpSession> sessions = new CopyOnWriteArrayList<>();

	private final AtomicInteger decoded = new AtomicInteger();

	private final Sinks.Empty<Void> release = Sinks.empty();

	private final AtomicInteger held = new AtomicInteger();

	private final AtomicInteger echoed = new AtomicInteger();

	@AfterEach
	void close() throws Exception {
		this.release.tryEmitEmpty();
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
	}

	AmpResponders responders() {
		return AmpResponders.builder()
			.respondRaw("Sum", (box, session) -> Mono.just(AmpBox.of("total",
					String.valueOf(Long.parseLong(box.getText("a")) + Long.parseLong(box.getText("b"))))))
			.respondRaw("Echo", (box, session) -> {
				this.echoed.incrementAndGet();
				return Mono.just(AmpBox.builder().put("pad", box.getBytes("pad")).build());
			})
			.respondRaw("Hold", (box, session) -> {
				this.held.incrementAndGet();
				return this.release.asMono().thenReturn(AmpBox.empty());
			})
			.respondRaw("Sleep", (box, session) -> Mono.delay(Duration.ofMillis(Long.parseLong(box.getText("ms"))))
				.thenReturn(AmpBox.empty()))
			.build();
	}

	AmpSessionServer server(AmpSessionOptions options, AmpServerLimits limits) {
		AmpSessionServer server = new AmpSessionServer(AmpServer.create().host("127.0.0.1").port(0), responders(),
				options, limits, TIMEOUT);
		server.addSessionListener((session) -> {
			this.sessions.add(session);
			// Counts every box the server decodes, whether or not the session asked for it.
			session.connection().nettyConnection().channel().pipeline().addAfter(AmpPipeline.DECODER, "test.counter",
					new Counter());
		});
		server.start();
		this.toClose.add(server::stop);
		return server;
	}

	AmpSession connect(AmpSessionServer server) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
		this.toClose.add(connection::dispose);
		return AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
	}

	RawPeer rawPeer(AmpSessionServer server) throws IOException {
		RawPeer peer = new RawPeer(server.port());
		this.toClose.add(peer);
		return peer;
	}

	@Test
	void connectionOverTheLimitIsClosedAtOnceAndRefusalsAreLoggedOncePerBurst() throws IOException {
		ListAppender<ILoggingEvent> logs = watchLogs(AmpConnectionLimiter.class);
		AmpSessionServer server = server(AmpSessionOptions.DEFAULTS, AmpServerLimits.DEFAULTS.withMaxConnections(2));
		AmpSession first = connect(server);
		AmpSession second = connect(server);
		assertThat(sum(first)).isEqualTo("3");
		assertThat(sum(second)).isEqualTo("3");
		for (int i = 0; i < 4; i++) {
			try (RawPeer refused = new RawPeer(server.port())) {
				refused.write(sumBox("1"));
				assertThat(readOrReset(refused)).as("closed before anything is answered").isNull();
			}
		}
		assertThat(server.refusedConnections()).isEqualTo(4);
		assertThat(server.sessions()).hasSize(2);
		assertThat(this.decoded).as("boxes decoded from refused connections").hasValue(2);
		first.dispose();
		await().atMost(TIMEOUT).until(() -> server.sessions().size() == 1);
		assertThat(sum(connect(server))).isEqualTo("3");
		assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("AMP server refusing connections: 2 are open, the limit (amp.server.max-connections)",
					"AMP server accepting connections again, after refusing 4");
	}

	@Test
	void beyondTheCallLimitTheServerStopsReadingUntilAnswersDrain() throws Exception {
		AmpSessionServer server = server(AmpSessionOptions.DEFAULTS.withMaxInboundCallsInFlight(4),
				AmpServerLimits.DEFAULTS);
		RawPeer peer = rawPeer(server);
		int calls = 20_000;
		byte[] pad = new byte[1000];
		Thread writer = peer.writeInBackground(calls, (i) -> AmpBox.builder()
			.put("_ask", Integer.toHexString(i))
			.put("_command", "Hold")
			.put("pad", pad)
			.build());
		peer.awaitWriterStalled();
		// 20 MB offered; the server took the first four commands and one read's worth more.
		assertThat(peer.writerDone).as("writer blocked").isFalse();
		assertThat(this.held).hasValue(4);
		assertThat(this.decoded.get()).isLessThan(4 + 300);
		assertThat(server.callLimitPauses()).isPositive();
		this.release.tryEmitEmpty();
		assertThat(readAnswers(peer, calls)).hasSize(calls);
		writer.join(TIMEOUT.toMillis());
		assertThat(peer.writerFailure()).isNull();
		assertThat(this.held).hasValue(calls);
	}

	@Test
	void clientThatDoesNotReadItsAnswersIsNotReadEitherAndLosesNoAnswer() throws Exception {
		AmpSessionServer server = server(AmpSessionOptions.DEFAULTS, AmpServerLimits.DEFAULTS);
		RawPeer peer = rawPeer(server);
		int calls = 30_000;
		byte[] pad = new byte[1000];
		Thread writer = peer.writeInBackground(calls, (i) -> AmpBox.builder()
			.put("_ask", Integer.toHexString(i))
			.put("_command", "Echo")
			.put("pad", pad)
			.build());
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 1);
		Channel channel = this.sessions.get(0).connection().nettyConnection().channel();
		// The kernel grows its socket buffers now and then, which lets a few more through.
		peer.awaitWriterStalled(() -> !channel.isWritable());
		assertThat(peer.writerDone).as("writer blocked").isFalse();
		// 30 MB of answers are due; the server holds at most its high water mark plus the
		// answers of the commands it had accepted.
		long buffered = channel.unsafe().outboundBuffer().totalPendingWriteBytes();
		assertThat(buffered).isLessThan(2_000_000);
		// Decoded but not handed to the session yet: what one read brought in.
		assertThat(this.decoded.get() - this.echoed.get()).isLessThan(300);
		assertThat(server.writabilityPauses()).isPositive();
		List<AmpBox> answers = readAnswers(peer, calls);
		assertThat(answers).hasSize(calls).allSatisfy((answer) -> assertThat(answer.valueLength("pad")).isEqualTo(1000));
		writer.join(TIMEOUT.toMillis());
		assertThat(peer.writerFailure()).isNull();
	}

	@Test
	void clientThatDoesNotReadLargeAnswersPinsBoundedBytes() throws Exception {
		AmpSessionServer server = server(AmpSessionOptions.DEFAULTS, AmpServerLimits.DEFAULTS);
		RawPeer peer = rawPeer(server);
		int calls = 600;
		byte[] pad = new byte[65_000];
		Thread writer = peer.writeInBackground(calls, (i) -> AmpBox.builder()
			.put("_ask", Integer.toHexString(i))
			.put("_command", "Echo")
			.put("pad", pad)
			.build());
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 1);
		Channel channel = this.sessions.get(0).connection().nettyConnection().channel();
		peer.awaitWriterStalled(() -> !channel.isWritable());
		assertThat(peer.writerDone).as("writer blocked").isFalse();
		// 39 MB of answers are due: the server stops starting commands once the answers
		// waiting pass the high water mark. Counting calls only, it pinned 256 answers (16 MB).
		long buffered = channel.unsafe().outboundBuffer().totalPendingWriteBytes();
		assertThat(buffered).isLessThan(4_000_000);
		assertThat(this.echoed.get()).as("commands started").isLessThan(128);
		List<AmpBox> answers = readAnswers(peer, calls);
		assertThat(answers).hasSize(calls).allSatisfy((answer) -> assertThat(answer.valueLength("pad")).isEqualTo(65_000));
		writer.join(TIMEOUT.toMillis());
		assertThat(peer.writerFailure()).isNull();
	}

	@Test
	void idleConnectionIsClosedAndCounted() {
		AmpSessionServer server = server(AmpSessionOptions.DEFAULTS,
				AmpServerLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(300)));
		AmpSession client = connect(server);
		assertThat(sum(client)).isEqualTo("3");
		client.onClose().block(TIMEOUT);
		assertThat(server.idleTimeouts()).isEqualTo(1);
		assertThatExceptionOfType(AmpConnectionClosedException.class).isThrownBy(() -> sum(client));
	}

	@Test
	void connectionWithACallInFlightIsNotIdle() {
		AmpSessionServer server = server(AmpSessionOptions.DEFAULTS,
				AmpServerLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(200)));
		AmpSession client = connect(server);
		// No byte moves for a second, five idle timeouts, while the call is answered.
		assertThat(client.callRaw("Sleep", AmpBox.of("ms", "1000")).block(TIMEOUT)).isNotNull();
		assertThat(server.idleTimeouts()).isZero();
		client.onClose().block(TIMEOUT);
		assertThat(server.idleTimeouts()).isEqualTo(1);
	}

	@Test
	void idleConnectionsAreKeptByDefault() {
		AmpSessionServer server = server(AmpSessionOptions.DEFAULTS, AmpServerLimits.DEFAULTS);
		assertThat(sum(connect(server))).isEqualTo("3");
		Channel channel = this.sessions.get(0).connection().nettyConnection().channel();
		assertThat(channel.pipeline().get(AmpIdleTimeoutHandler.HANDLER_NAME)).isNull();
		AmpSessionServer withTimeout = server(AmpSessionOptions.DEFAULTS,
				AmpServerLimits.DEFAULTS.withIdleTimeout(Duration.ofMinutes(1)));
		assertThat(sum(connect(withTimeout))).isEqualTo("3");
		Channel timed = this.sessions.get(1).connection().nettyConnection().channel();
		assertThat(timed.pipeline().get(AmpIdleTimeoutHandler.HANDLER_NAME)).isInstanceOf(AmpIdleTimeoutHandler.class);
	}

	private static String sum(AmpSession session) {
		return session.callRaw("Sum", AmpBox.of("a", "1", "b", "2")).block(TIMEOUT).getText("total");
	}

	/**
	 * Read a box; a connection reset (the server closed with our box unread) reads as
	 * the end of the stream.
	 */
	private static AmpBox readOrReset(RawPeer peer) throws IOException {
		try {
			return peer.read();
		}
		catch (java.net.SocketException ex) {
			assertThat(ex).hasMessageContaining("reset");
			return null;
		}
	}

	private static byte[] sumBox(String tag) {
		return io.ampproto.box.AmpBoxCodec.encode(AmpBox.of("_ask", tag, "_command", "Sum", "a", "1", "b", "2"));
	}

	private static List<AmpBox> readAnswers(RawPeer peer, int count) throws IOException {
		List<AmpBox> answers = new java.util.ArrayList<>(count);
		Set<String> tags = new HashSet<>();
		while (answers.size() < count) {
			AmpBox answer = peer.read();
			assertThat(answer).as("answer %d of %d", answers.size() + 1, count).isNotNull();
			assertThat(tags.add(answer.getText("_answer"))).as("answered once: %s", answer).isTrue();
			answers.add(answer);
		}
		return answers;
	}

	private ListAppender<ILoggingEvent> watchLogs(Class<?> type) {
		Logger logger = (Logger) LoggerFactory.getLogger(type);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		this.toClose.add(() -> logger.detachAppender(appender));
		return appender;
	}

	/**
	 * Counts the boxes decoded.
	 */
	@ChannelHandler.Sharable
	private final class Counter extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof AmpBox) {
				AmpServerLimitsTests.this.decoded.incrementAndGet();
			}
			ctx.fireChannelRead(msg);
		}

	}

}
