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
package io.ampproto.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import io.ampproto.sample.SampleCommands.SwitchToEcho;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SampleClient} against the sample app itself: the named client calls the app's
 * own server.
 */
@SpringBootTest(properties = { "amp.server.address=127.0.0.1", "amp.client.sample.host=127.0.0.1" })
@Import(AbstractSampleClientTests.SampleClientConfiguration.class)
class SampleClientTests extends AbstractSampleClientTests {

	@DynamicPropertySource
	static void ownServer(DynamicPropertyRegistry registry) {
		// The client's port is bound before the server starts: both take one picked now.
		int port = freePort();
		registry.add("amp.server.port", () -> port);
		registry.add("amp.client.sample.port", () -> port);
	}

	@Test
	void switchToEchoEchoesOnlyAndTheNextCallOpensANewConnection() {
		AbstractTlsClientTests.Recorder inner = new AbstractTlsClientTests.Recorder();
		this.client.switchToEcho(new SwitchToEcho("h\u00e9llo"), inner).block(TIMEOUT);
		inner.send("ping".getBytes(StandardCharsets.UTF_8));
		inner.expect("ping");
		assertThat(this.client.sum(BigInteger.ONE, BigInteger.TWO).total()).isEqualTo(3);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
