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
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.ByteBufPayload;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;

/**
 * rsocket-java request-response over TCP, on its fastest settings: zero-copy payloads
 * released by hand. The request is two ints, the response their sum.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class RSocketSystem {

	private RSocketSystem() {
	}

	static BenchServer.Running start(String host) {
		CloseableChannel channel = RSocketServer.create(SocketAcceptor.forRequestResponse((payload) -> {
			ByteBuf data = payload.sliceData();
			int total = data.getInt(0) + data.getInt(4);
			payload.release();
			return Mono.just(ByteBufPayload.create(ByteBufAllocator.DEFAULT.buffer(4).writeInt(total)));
		}))
			.payloadDecoder(PayloadDecoder.ZERO_COPY)
			.bind(TcpServerTransport.create(host, 0))
			.block(Duration.ofSeconds(30));
		if (channel == null) {
			throw new IllegalStateException("rsocket server did not bind");
		}
		return new BenchServer.Running(channel.address().getPort(), channel::dispose);
	}

	static Caller connect(String host, int port) {
		AtomicReference<EventExecutor> loop = new AtomicReference<>();
		TcpClient tcpClient = TcpClient.newConnection()
			.host(host)
			.port(port)
			.doOnChannelInit((observer, channel, address) -> loop.set(channel.eventLoop()));
		RSocket rsocket = RSocketConnector.create()
			.payloadDecoder(PayloadDecoder.ZERO_COPY)
			.connect(TcpClientTransport.create(tcpClient))
			.block(Duration.ofSeconds(30));
		if (rsocket == null || loop.get() == null) {
			throw new IllegalStateException("rsocket client did not connect");
		}
		EventExecutor executor = loop.get();
		return new Caller() {

			@Override
			public void call(int a, int b, Completion completion) {
				ByteBuf data = ByteBufAllocator.DEFAULT.buffer(8).writeInt(a).writeInt(b);
				rsocket.requestResponse(ByteBufPayload.create(data)).subscribe((Payload response) -> {
					int total = response.sliceData().getInt(0);
					response.release();
					completion.completed(total);
				}, completion::failed);
			}

			@Override
			public EventExecutor executor() {
				return executor;
			}

			@Override
			public void close() {
				rsocket.dispose();
				rsocket.onClose().block(Duration.ofSeconds(10));
			}

		};
	}

}
