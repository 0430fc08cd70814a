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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;

import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TwistedPython;
import io.ampproto.tls.AmpSslContextProvider;
import io.ampproto.tls.AmpTls;
import io.ampproto.transport.AmpServer;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our server sends StartTLS to a real Twisted client: the direction amp-protocol.md §4.2
 * says Twisted cannot do with itself. TLS roles follow TCP roles, so our server is the
 * TLS server; Twisted's default StartTLS responder answers and at once sends its
 * ClientHello, which may come in the same read as the answer: our server hands those bytes
 * to TLS rather than to the AMP parser.
 */
class TwistedReverseStartTlsInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@BeforeAll
	static void twisted() {
		TwistedPeer.assumeTwistedIsInstalled();
	}

	@Test
	void ourServerStartsTlsWithATwistedClient() throws Exception {
		AmpTls tls = AmpTls.of(AmpSslContextProvider.of(SslContextBuilder
			.forServer(TwistedPeer.resource("tls/server-cert.pem").toFile(),
					TwistedPeer.resource("tls/server-key.pem").toFile())
			.build(), null));
		List<AmpSession> sessions = new CopyOnWriteArrayList<>();
		CountDownLatch firstSum = new CountDownLatch(1);
		AmpResponders responders = AmpResponders.builder().respondSync(Sum.class, (sum) -> {
			firstSum.countDown();
			return new Sum.Result(sum.a().add(sum.b()));
		}).build();
		DisposableServer server = AmpServer.create().host("127.0.0.1").handle((connection) -> {
			AmpSession session = AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS.withTls(tls));
			sessions.add(session);
			return session.onClose();
		}).bindNow();
		try {
			CompletableFuture<TwistedPython.Run> twisted = CompletableFuture.supplyAsync(() -> {
				try {
					return TwistedPeer.runScript("twisted_tls_client.py", 120, "--host", "127.0.0.1", "--port",
							String.valueOf(server.port()), "--server-cert",
							TwistedPeer.resource("tls/server-cert.pem").toString(), "--reverse");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThat(firstSum.await(60, TimeUnit.SECONDS)).isTrue();
			SSLSession session = sessions.get(0).startTls().block(TIMEOUT);
			assertThat(session.getProtocol()).startsWith("TLSv1.");
			TwistedPython.Run run = twisted.get(150, TimeUnit.SECONDS);
			assertThat(run.failures()).isEmpty();
			assertThat(run.summary()).isEqualTo("1 passed, 0 failed");
			assertThat(run.exitCode()).isZero();
		}
		finally {
			server.disposeNow();
		}
	}

}
