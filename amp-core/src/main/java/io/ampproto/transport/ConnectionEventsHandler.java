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
package io.ampproto.transport;

import java.io.IOException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Tells a connection when its channel can take writes again, when reading failed, and
 * when the peer has shut its output down.
 *
 * @author AMP for Spring Boot contributors
 */
final class ConnectionEventsHandler extends ChannelInboundHandlerAdapter {

	private final AmpConnection connection;

	ConnectionEventsHandler(AmpConnection connection) {
		this.connection = connection;
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		this.connection.onWritabilityChanged();
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof IOException) {
			// Told before the input shutdown that follows it.
			this.connection.onReadFailed();
		}
		ctx.fireExceptionCaught(cause);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event == ChannelInputShutdownEvent.INSTANCE) {
			// After the boxes decoded from the last bytes, which passed this handler first.
			this.connection.onInputShutdown();
		}
		ctx.fireUserEventTriggered(event);
	}

}
