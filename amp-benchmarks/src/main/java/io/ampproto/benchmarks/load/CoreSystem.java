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

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import io.netty.util.concurrent.EventExecutor;
import reactor.core.publisher.Mono;

/**
 * Our server and client through the Spring-free core API.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class CoreSystem {

	private CoreSystem() {
	}

	static BenchServer.Running start(String host) {
		// A non-blocking responder: it answers on the event loop.
		AmpResponders responders = AmpResponders.builder()
			.respond(Sum.class, (sum, session) -> Mono.just(new Sum.Result(sum.a() + sum.b())))
			.build();
		AmpSessionServer server = new AmpSessionServer(AmpServer.create().host(host).port(0), responders,
				AmpSessionOptions.DEFAULTS, Duration.ofSeconds(30));
		server.start();
		return new BenchServer.Running(server.port(), server::stop);
	}

	static Caller connect(String host, int port) {
		AmpConnection connection = AmpConnector.create().host(host).port(port).connectNow();
		AmpSession session = AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
		AmpCommandSchema<Sum, Sum.Result> schema = AmpCommandSchema.of(Sum.class);
		EventExecutor loop = connection.nettyConnection().channel().eventLoop();
		return new Caller() {

			@Override
			public void call(int a, int b, Completion completion) {
				session.call(schema, new Sum(a, b), null)
					.subscribe((result) -> completion.completed(result.total()), completion::failed);
			}

			@Override
			public EventExecutor executor() {
				return loop;
			}

			@Override
			public void close() {
				session.dispose();
				session.onClose().block(Duration.ofSeconds(10));
			}

		};
	}

}
