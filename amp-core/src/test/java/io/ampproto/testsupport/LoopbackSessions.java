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
package io.ampproto.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;

import static org.awaitility.Awaitility.await;

/**
 * Servers and clients of AMP sessions on the loopback interface, closed after each test.
 * Register it as a field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * final LoopbackSessions loopback = new LoopbackSessions();
 *
 * DisposableServer server = this.loopback.server(responders, AmpSessionOptions.DEFAULTS);
 * AmpSession client = this.loopback.client(server);
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 */
public final class LoopbackSessions implements AfterEachCallback {

	/** The loopback address every server binds and every client connects to. */
	public static final String HOST = "127.0.0.1";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	private final List<AmpSession> serverSessions = new CopyOnWriteArrayList<>();

	/**
	 * Bind a server whose every connection runs a session with the given responders and
	 * options.
	 * @param responders the server's responders
	 * @param options the options of the server's sessions
	 * @return the server, closed after the test
	 */
	public DisposableServer server(AmpResponders responders, AmpSessionOptions options) {
		return server(AmpServer.create(), responders, options);
	}

	/**
	 * Bind a server on a configured transport (TLS, limits...).
	 * @param transport the transport; its host is set to {@link #HOST}
	 * @param responders the server's responders
	 * @param options the options of the server's sessions
	 * @return the server, closed after the test
	 */
	public DisposableServer server(AmpServer transport, AmpResponders responders, AmpSessionOptions options) {
		DisposableServer server = transport.host(HOST).handle((connection) -> {
			AmpSession session = AmpSession.start(connection, responders, options);
			this.serverSessions.add(session);
			return session.onClose();
		}).bindNow();
		return closeAfter(server);
	}

	/**
	 * Open a connection to a server.
	 * @param server the server
	 * @return the connection, closed after the test
	 */
	public AmpConnection connect(DisposableServer server) {
		return connect(AmpConnector.create(), server.port());
	}

	/**
	 * Open a connection on a configured transport.
	 * @param transport the transport; its host and port are set
	 * @param port the server's port
	 * @return the connection, closed after the test
	 */
	public AmpConnection connect(AmpConnector transport, int port) {
		return closeAfter(transport.host(HOST).port(port).connectNow());
	}

	/**
	 * Connect a client session without responders, with default options.
	 * @param server the server
	 * @return the client's session
	 */
	public AmpSession client(DisposableServer server) {
		return client(server, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
	}

	/**
	 * Connect a client session.
	 * @param server the server
	 * @param responders the client's responders (AMP is symmetric)
	 * @param options the client's session options
	 * @return the client's session
	 */
	public AmpSession client(DisposableServer server, AmpResponders responders, AmpSessionOptions options) {
		return AmpSession.start(connect(server), responders, options);
	}

	/**
	 * Return the sessions the servers started, in the order of their connections.
	 * @return the server-side sessions so far
	 */
	public List<AmpSession> serverSessions() {
		return this.serverSessions;
	}

	/**
	 * Wait for the server side of the first connection.
	 * @return the first server-side session
	 */
	public AmpSession firstServerSession() {
		await().atMost(TIMEOUT).until(() -> !this.serverSessions.isEmpty());
		return this.serverSessions.get(0);
	}

	/**
	 * Dispose of something after the test, in the order given.
	 * @param <T> its type
	 * @param disposable what to dispose of
	 * @return the same
	 */
	public <T extends Disposable> T closeAfter(T disposable) {
		this.toClose.add(disposable);
		return disposable;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.toClose.forEach(Disposable::dispose);
		this.toClose.clear();
		this.serverSessions.clear();
	}

}
