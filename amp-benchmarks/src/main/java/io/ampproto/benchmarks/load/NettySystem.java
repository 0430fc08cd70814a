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
package io.ampproto.benchmarks.load;

import java.time.Duration;
import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.EventExecutor;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * The ceiling of the stack: plain Netty handlers in Reactor Netty pipelines exchanging a
 * 4-byte length and a pair of ints. The server echoes each frame and flushes once per
 * read batch; the client writes calls started during a read batch and flushes once at
 * its end.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class NettySystem {

	private static final int FRAME_LENGTH = 8;

	private NettySystem() {
	}

	static BenchServer.Running start(String host) {
		DisposableServer server = TcpServer.create()
			.host(host)
			.port(0)
			.doOnConnection((connection) -> connection.addHandlerLast("frames", frameDecoder())
				.addHandlerLast("echo", new EchoHandler()))
			// The echo handler takes every frame; subscribing keeps the connection reading.
			.handle((inbound, outbound) -> inbound.receive().then())
			.bindNow(Duration.ofSeconds(30));
		return new BenchServer.Running(server.port(), server::disposeNow);
	}

	static Caller connect(String host, int port) {
		ClientHandler handler = new ClientHandler();
		Connection connection = TcpClient.newConnection()
			.host(host)
			.port(port)
			.doOnConnected((c) -> c.addHandlerLast("frames", frameDecoder()).addHandlerLast("calls", handler))
			.connectNow(Duration.ofSeconds(30));
		connection.inbound().receive().subscribe();
		Channel channel = connection.channel();
		return new Caller() {

			@Override
			public void call(int a, int b, Completion completion) {
				handler.call(channel, a, b, completion);
			}

			@Override
			public EventExecutor executor() {
				return channel.eventLoop();
			}

			@Override
			public void close() {
				connection.disposeNow(Duration.ofSeconds(10));
			}

		};
	}

	private static LengthFieldBasedFrameDecoder frameDecoder() {
		return new LengthFieldBasedFrameDecoder(1024, 0, 4);
	}

	private static final class EchoHandler extends ChannelInboundHandlerAdapter {

		private boolean written;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg, ctx.voidPromise());
			this.written = true;
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			if (this.written) {
				this.written = false;
				ctx.flush();
			}
			ctx.fireChannelReadComplete();
		}

	}

	/**
	 * Matches echoed frames to calls in order. Event loop only.
	 */
	private static final class ClientHandler extends ChannelInboundHandlerAdapter {

		private final ArrayDeque<Caller.Completion> waiting = new ArrayDeque<>();

		private boolean reading;

		private boolean written;

		void call(Channel channel, int a, int b, Caller.Completion completion) {
			this.waiting.add(completion);
			ByteBuf frame = channel.alloc().ioBuffer(4 + FRAME_LENGTH).writeInt(FRAME_LENGTH).writeInt(a).writeInt(b);
			if (this.reading) {
				channel.write(frame, channel.voidPromise());
				this.written = true;
			}
			else {
				channel.writeAndFlush(frame, channel.voidPromise());
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			this.reading = true;
			ByteBuf frame = (ByteBuf) msg;
			int total = frame.getInt(4) + frame.getInt(8);
			frame.release();
			Caller.Completion completion = this.waiting.poll();
			if (completion != null) {
				completion.completed(total);
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			this.reading = false;
			if (this.written) {
				this.written = false;
				ctx.flush();
			}
			ctx.fireChannelReadComplete();
		}

	}

}
