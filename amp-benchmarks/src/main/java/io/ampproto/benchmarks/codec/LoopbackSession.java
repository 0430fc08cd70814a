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
package io.ampproto.benchmarks.codec;

import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import reactor.netty.DisposableServer;

/**
 * A client session on loopback to a server that answers nothing: a real session for
 * benchmarks of what happens beside the wire.
 *
 * @author AMP for Spring Boot contributors
 */
final class LoopbackSession implements AutoCloseable {

	private final DisposableServer server;

	private final AmpConnection connection;

	private final AmpSession session;

	LoopbackSession() {
		this.server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS)
				.onClose())
			.bindNow();
		this.connection = AmpConnector.create().host("127.0.0.1").port(this.server.port()).connectNow();
		this.session = AmpSession.start(this.connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
	}

	AmpSession session() {
		return this.session;
	}

	@Override
	public void close() {
		this.connection.dispose();
		this.server.disposeNow();
	}

}
