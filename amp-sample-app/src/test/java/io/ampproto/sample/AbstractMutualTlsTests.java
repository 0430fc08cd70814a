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

import java.math.BigInteger;

import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.sample.SampleCommands.TlsInfo;
import io.ampproto.session.AmpSession;
import io.ampproto.tls.AmpTlsException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Mutual TLS after StartTLS: a server that requires client certificates signed by the test
 * CA, our sample app or a real Twisted server.
 */
abstract class AbstractMutualTlsTests extends AbstractTlsClientTests {

	@Test
	void aClientCertificateIsAcceptedAndTheResponderSeesIt() {
		AmpSession session = connect(serverTrust(), true);
		session.startTls().block(TIMEOUT);
		assertThat(session.call(new TlsInfo()).block(TIMEOUT)).isEqualTo(new TlsInfo.Result(true, "CN=amp-test-client"));
	}

	@Test
	void aClientWithoutCertificateIsRefused() {
		AmpSession session = connect(serverTrust(), false);
		session.startTls().onErrorResume((ex) -> Mono.empty()).block(TIMEOUT);
		assertThatExceptionOfType(AmpTlsException.class)
			.isThrownBy(() -> session.call(new Sum(BigInteger.ONE, BigInteger.TWO)).block(TIMEOUT));
		session.onClose().block(TIMEOUT);
	}

}
