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
package io.ampproto.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Closes a channel without losing what was written to it: closing a socket whose receive
 * buffer holds unread bytes makes the kernel reset the connection, and the peer then
 * loses the answers not yet read. So: stop handling what arrives (read and discard it),
 * wait until everything written has reached the socket, end TLS with close_notify, shut
 * the output down so that the FIN follows the last answer, and close at the peer's end
 * of stream or when the linger ends, whichever comes first.
 *
 * @author AMP for Spring Boot contributors
 */
final class GracefulClose extends ChannelInboundHandlerAdapter {

	/** Name of the discarding handler in a channel's pipeline. */
	static final String NAME = "amp.gracefulClose";

	private GracefulClose() {
	}

	/**
	 * Start closing a channel gracefully; does nothing when it is closing already. Call on
	 * its event loop, after writing the last boxes.
	 * @param channel the channel
	 * @param linger the longest wait for the peer's end of stream
	 */
	static void start(Channel channel, Duration linger) {
		if (!channel.isActive()) {
			channel.close();
			return;
		}
		if (channel.pipeline().get(NAME) != null) {
			return;
		}
		channel.pipeline().addFirst(NAME, new GracefulClose());
		ScheduledFuture<?> deadline = channel.eventLoop()
			.schedule(() -> channel.close(), linger.toNanos(), TimeUnit.NANOSECONDS);
		channel.closeFuture().addListener((closed) -> deadline.cancel(false));
		// Read on, whatever the auto-read of the session was: the receive buffer must drain.
		channel.read();
		SslHandler tls = channel.pipeline().get(SslHandler.class);
		// Completes once everything written before it has reached the socket.
		channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((written) -> {
			if (!written.isSuccess()) {
				channel.close();
			}
			else if (tls != null) {
				tls.closeOutbound().addListener((notified) -> shutdownOutput(channel));
			}
			else {
				shutdownOutput(channel);
			}
		});
	}

	private static void shutdownOutput(Channel channel) {
		if (channel instanceof DuplexChannel duplex && channel.isActive()) {
			ChannelFuture shutdown = duplex.shutdownOutput();
			shutdown.addListener((done) -> {
				if (!done.isSuccess()) {
					channel.close();
				}
			});
		}
		else {
			// No half-close on this transport: what was written is out, close now.
			channel.close();
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		ctx.read();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ChannelInputShutdownEvent) {
			ctx.close();
		}
		else {
			ctx.fireUserEventTriggered(event);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

}
