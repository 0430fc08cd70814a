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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.ampproto.box.AmpBox;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpOutOfMemoryGuard}: an {@link OutOfMemoryError} on an event loop,
 * which Netty and Reactor catch and go on after, ends the process.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpOutOfMemoryGuardTests {

	private final List<OutOfMemoryError> exits = new CopyOnWriteArrayList<>();

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	private Consumer<OutOfMemoryError> previous;

	@BeforeEach
	void replaceExit() {
		this.previous = AmpOutOfMemoryGuard.exitAction(this.exits::add);
	}

	@AfterEach
	void restoreExit() {
		this.toClose.forEach(Disposable::dispose);
		AmpOutOfMemoryGuard.exitAction(this.previous);
		AmpOutOfMemoryGuard.exitOnOutOfMemory(true);
	}

	private DisposableServer server(AmpResponders responders) {
		DisposableServer server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> {
				// Reads fail as a direct buffer allocation does when a box starting with "oom" comes.
				connection.nettyConnection().channel().pipeline().addFirst(new ChannelInboundHandlerAdapter() {

					@Override
					public void channelRead(ChannelHandlerContext ctx, Object msg) {
						io.netty.buffer.ByteBuf bytes = (io.netty.buffer.ByteBuf) msg;
						if (bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains("oom")) {
							bytes.release();
							throw new OutOfMemoryError("Cannot reserve 65536 bytes of direct buffer memory");
						}
						ctx.fireChannelRead(msg);
					}

				});
				return AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS).onClose();
			})
			.bindNow();
		this.toClose.add(server);
		return server;
	}

	private AmpSession client(DisposableServer server) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
		this.toClose.add(connection);
		return AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
	}

	@Test
	void outOfMemoryInAResponderOnTheEventLoopExitsTheProcess() {
		DisposableServer server = server(AmpResponders.builder().respondRaw("Sum", (box, session) -> {
			throw new OutOfMemoryError("Java heap space");
		}).build());
		client(server).callRaw("Sum", AmpBox.of("a", "1")).subscribe(null, (error) -> {
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.exits.isEmpty());
		assertThat(this.exits).singleElement().satisfies((error) -> assertThat(error).hasMessage("Java heap space"));
	}

	@Test
	void outOfDirectMemoryOnAReadExitsTheProcess() {
		DisposableServer server = server(AmpResponders.none());
		AmpSession client = client(server);
		assertThat(client.callRaw("Sum", AmpBox.of("oom", "1")).onErrorResume((error) -> reactor.core.publisher.Mono.empty())
			.block(Duration.ofSeconds(30))).isNull();
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.exits.isEmpty());
		assertThat(this.exits).singleElement()
			.satisfies((error) -> assertThat(error).hasMessageContaining("direct buffer memory"));
	}

	@Test
	void outOfMemoryIsOnlyLoggedWhenSoConfigured() {
		AmpOutOfMemoryGuard.exitOnOutOfMemory(false);
		DisposableServer server = server(AmpResponders.none());
		AmpSession client = client(server);
		// Without the error the call would be answered UNHANDLED; the connection closes instead.
		assertThat(client.callRaw("Sum", AmpBox.of("a", "1")).onErrorResume((error) -> reactor.core.publisher.Mono.just(AmpBox.of("failed", error.getClass().getSimpleName())))
			.block(Duration.ofSeconds(30)).getText("failed")).isEqualTo("AmpUnhandledCommandException");
		assertThat(client.callRaw("Sum", AmpBox.of("oom", "1")).onErrorResume((error) -> reactor.core.publisher.Mono.just(AmpBox.of("failed", error.getClass().getSimpleName())))
			.block(Duration.ofSeconds(30)).getText("failed")).isEqualTo("AmpConnectionClosedException");
		assertThat(this.exits).isEmpty();
	}

}
