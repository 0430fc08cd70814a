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
package io.ampproto.sample;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.PingCount;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.sample.SampleCommands.SwitchToEcho;
import io.ampproto.sample.SampleCommands.TlsInfo;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.tls.AmpOnlyOneTlsException;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Our client with TLS settings, against a server the subclass names: our sample app or a
 * real Twisted server ({@code twisted_tls_server.py}).
 */
abstract class AbstractTlsClientTests {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final List<AmpSession> sessions = new CopyOnWriteArrayList<>();

	abstract int port();

	/**
	 * The class path resource a client trusts to verify the server.
	 */
	abstract String serverTrust();

	@AfterEach
	void closeSessions() {
		this.sessions.forEach(AmpSession::dispose);
	}

	AmpSession connect(String trust, boolean withClientCertificate) {
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(port()).connectNow();
		AmpTls tls = AmpTls.of(AmpSslContextProvider.of(null, clientContext(trust, withClientCertificate)))
			.peer("localhost", port());
		AmpSession session = AmpSession.start(connection, AmpResponders.none(),
				AmpSessionOptions.DEFAULTS.withTls(tls));
		this.sessions.add(session);
		return session;
	}

	AmpSession connect() {
		return connect(serverTrust(), false);
	}

	static SslContext clientContext(String trust, boolean withClientCertificate) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient()
				.trustManager(TwistedPeer.resource(trust).toFile());
			if (withClientCertificate) {
				builder.keyManager(TwistedPeer.resource("tls/client-cert.pem").toFile(),
						TwistedPeer.resource("tls/client-key.pem").toFile());
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static <T> Mono<T> started(Mono<T> call) {
		Mono<T> cached = call.cache();
		cached.subscribe((value) -> {
		}, (error) -> {
		});
		return cached;
	}

	static Sum sum(long a, long b) {
		return new Sum(BigInteger.valueOf(a), BigInteger.valueOf(b));
	}

	/**
	 * Records the bytes after a switch, and sends what it is given.
	 */
	static final class Recorder implements AmpInnerProtocol {

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private final Sinks.Many<byte[]> outgoing = Sinks.many().unicast().onBackpressureBuffer();

		@Override
		public org.reactivestreams.Publisher<Void> handle(reactor.netty.NettyInbound inbound,
				reactor.netty.NettyOutbound outbound) {
			inbound.receive().asByteArray().subscribe((bytes) -> {
				synchronized (this.received) {
					this.received.writeBytes(bytes);
				}
			});
			return outbound.sendByteArray(this.outgoing.asFlux());
		}

		void send(byte[] bytes) {
			this.outgoing.tryEmitNext(bytes);
		}

		void expect(String text) {
			await().atMost(TIMEOUT).untilAsserted(() -> {
				synchronized (this.received) {
					assertThat(this.received.toString(StandardCharsets.UTF_8)).isEqualTo(text);
				}
			});
		}

	}

}
