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

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ampproto.command.type.AmpDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpUnixSocketChannel} on a real socket pair: every descriptor a peer
 * sends is handed on or closed, however many come in one message.
 */
class AmpUnixSocketChannelTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** junixsocket's own buffer: room for 60 descriptors. */
	private static final int SMALL_BUFFER = 256;

	@TempDir
	Path directory;

	private EventLoopGroup group;

	private AFUNIXSocketPair<AFUNIXSocketChannel> pair;

	private final Recorder recorder = new Recorder();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void start() throws IOException {
		assumeThat(AmpUnixSockets.canPassDescriptors()).as("SCM_RIGHTS through junixsocket").isTrue();
		this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory(AFUNIXSelectorProvider.provider()));
		this.pair = AFUNIXSocketPair.open();
		this.logs.start();
		((Logger) LoggerFactory.getLogger(AmpUnixSocketChannel.class)).addAppender(this.logs);
	}

	@AfterEach
	void stop() throws IOException {
		((Logger) LoggerFactory.getLogger(AmpUnixSocketChannel.class)).detachAppender(this.logs);
		if (this.pair != null) {
			this.pair.getSocket1().close();
			this.pair.getSocket2().close();
		}
		if (this.group != null) {
			this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	@Test
	void oneReadTakesTheMostDescriptorsLinuxPassesInOneMessage() throws Exception {
		AmpUnixSocketChannel channel = register(AncillaryReceiveBuffer.SIZE, AmpDescriptorExchanger.HANDLER_NAME);
		send(AncillaryReceiveBuffer.MAX_DESCRIPTORS_PER_MESSAGE, "x");
		await().atMost(TIMEOUT).until(() -> this.recorder.bytes.size() == 1);
		assertThat(this.recorder.received).hasSize(AncillaryReceiveBuffer.MAX_DESCRIPTORS_PER_MESSAGE);
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory))
			.isEqualTo(AncillaryReceiveBuffer.MAX_DESCRIPTORS_PER_MESSAGE);
		assertThat(channel.isActive()).isTrue();
		this.recorder.closeReceived();
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();
	}

	@Test
	void descriptorsBeyondWhatOneReadTakesAreClosedWithTheConnection() throws Exception {
		AmpUnixSocketChannel channel = register(SMALL_BUFFER, AmpDescriptorExchanger.HANDLER_NAME);
		// Before, the 60 that fit were installed, never handed on and never closed.
		send(AncillaryReceiveBuffer.MAX_DESCRIPTORS_PER_MESSAGE, "x");
		assertThat(channel.closeFuture().await(TIMEOUT.toMillis())).isTrue();
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();
		assertThat(this.recorder.received).isEmpty();
		assertThat(this.recorder.violations).containsExactly(
				new AmpDescriptorViolation(AmpDescriptorViolation.Reason.OVERFLOW, (SMALL_BUFFER - 16) / 4));
		assertThat(this.recorder.failures).singleElement()
			.satisfies((failure) -> assertThat(failure).isInstanceOf(IOException.class)
				.hasMessageContaining("more file descriptors in one message than this side accepts (60)")
				.hasMessageContaining("60 of them were received and closed"));
		assertThat(this.logs.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage())
				.contains("Closing the AMP connection to an unnamed peer: it sent more file descriptors in one message"));
	}

	@Test
	void descriptorsThatNoSessionTakesAreClosed() throws Exception {
		register(AncillaryReceiveBuffer.SIZE, "not-an-exchanger");
		send(3, "x");
		await().atMost(TIMEOUT).until(() -> this.recorder.bytes.size() == 1);
		assertThat(this.recorder.received).isEmpty();
		assertThat(TwistedFdPeer.openDescriptorsUnder(this.directory)).isZero();
	}

	private AmpUnixSocketChannel register(int ancillaryBufferSize, String recorderName) {
		AmpUnixSocketChannel channel = new AmpUnixSocketChannel(null, this.pair.getSocket1(), ancillaryBufferSize);
		channel.pipeline().addLast(recorderName, this.recorder);
		this.group.register(channel).syncUninterruptibly();
		return channel;
	}

	/**
	 * Send descriptors of a file in one message, on the first byte of the text, and close
	 * this side's own.
	 */
	private void send(int descriptors, String text) throws IOException {
		Path file = Files.writeString(Files.createTempFile(this.directory, "fd", ".txt"), "content");
		try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "r")) {
			FileDescriptor[] many = new FileDescriptor[descriptors];
			Arrays.fill(many, open.getFD());
			AFUNIXSocketChannel sender = this.pair.getSocket2();
			sender.setOutboundFileDescriptors(many);
			sender.write(ByteBuffer.wrap(text.getBytes()));
		}
	}

	/**
	 * Keeps what reaches the end of the pipeline; owns the descriptors it is given.
	 */
	static final class Recorder extends ChannelInboundHandlerAdapter {

		final List<FileDescriptor> received = new CopyOnWriteArrayList<>();

		final List<AmpDescriptorViolation> violations = new CopyOnWriteArrayList<>();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		final List<byte[]> bytes = new CopyOnWriteArrayList<>();

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof AmpReceivedDescriptors descriptors) {
				this.received.addAll(descriptors.descriptors());
			}
			else if (event instanceof AmpDescriptorViolation violation) {
				this.violations.add(violation);
			}
			ctx.fireUserEventTriggered(event);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			ByteBuf buffer = (ByteBuf) message;
			byte[] read = new byte[buffer.readableBytes()];
			buffer.readBytes(read);
			buffer.release();
			this.bytes.add(read);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			this.failures.add(cause);
		}

		void closeReceived() {
			this.received.forEach((descriptor) -> AmpDescriptor.of(descriptor).close());
		}

	}

}
