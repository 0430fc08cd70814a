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

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.ampproto.client.AmpRequester;
import io.ampproto.declarative.ImportAmpClients;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.sample.SampleCommands.Explode;
import io.ampproto.sample.SampleCommands.RoundTrip;
import io.ampproto.sample.SampleCommands.Sum;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every sample command through the declarative {@link SampleClient}, over the named
 * client {@code amp.client.sample}; the subclasses point it at a server. The client's
 * own application is the sample app: its {@code Sum} answers the server's callback.
 */
abstract class AbstractSampleClientTests {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Autowired
	SampleClient client;

	@Autowired
	@Qualifier("sample")
	AmpRequester sample;

	@Test
	void sumByCommandByArgumentNamesAndByWireName() {
		BigInteger big = BigInteger.TWO.pow(64);
		assertThat(this.client.sum(new Sum(BigInteger.valueOf(13), BigInteger.valueOf(81))).total()).isEqualTo(94);
		assertThat(this.client.sum(big, BigInteger.ONE).total()).isEqualTo(big.add(BigInteger.ONE));
		assertThat(this.client.sumByWireName(big, big.negate()).block(TIMEOUT).total()).isZero();
	}

	@Test
	void divideAndItsDeclaredError() {
		assertThat(this.client.divide(BigInteger.TEN, BigInteger.valueOf(3)).block(TIMEOUT).result())
			.isEqualTo(3.3333333333333335);
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> this.client.divide(BigInteger.ONE, BigInteger.ZERO).block(TIMEOUT))
			.withMessage("division by zero");
	}

	@Test
	void echoAndConcat() {
		String text = "h\u00e9llo \u2603 \uD83D\uDE00";
		assertThat(this.client.echo(text).join().text()).isEqualTo(text);
		assertThat(this.client.concat(List.of("a", "\u00e9", "")).joined()).isEqualTo("a\u00e9");
	}

	@Test
	void pingsThenPingCount() {
		// Counts are per connection: the named client has one.
		long before = this.client.pingCount().count();
		BigInteger totalBefore = this.client.pingCount().total();
		this.client.ping(BigInteger.ONE);
		this.client.pingLater(BigInteger.TWO).block(TIMEOUT);
		this.client.ping(BigInteger.valueOf(3));
		assertThat(this.client.pingCount().count()).isEqualTo(before + 3);
		assertThat(this.client.pingCount().total()).isEqualTo(totalBefore.add(BigInteger.valueOf(6)));
	}

	@Test
	void callbackIsAnsweredByTheApplicationsSumResponder() {
		assertThat(this.client.callback(BigInteger.valueOf(21)).block(TIMEOUT).result()).isEqualTo(42);
	}

	@Test
	void roundTripOfEveryType() {
		List<RoundTrip> cases = new ArrayList<>();
		OffsetDateTime when = OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54_321_000, ZoneOffset.ofHoursMinutes(5, 30));
		cases.add(new RoundTrip(BigInteger.TWO.pow(64).negate(), 1e16, true, new byte[] { 0, (byte) 0xff },
				"h\u00e9llo", AmpDecimal.parse("1.10"), when, List.of(BigInteger.ONE, BigInteger.TEN),
				List.of(new RoundTrip.Row("k\u00e9", BigInteger.valueOf(7))), null));
		cases.add(new RoundTrip(BigInteger.ZERO, -0.0, false, new byte[0], "", AmpDecimal.parse("-Infinity"), when,
				List.of(), List.of(), BigInteger.valueOf(7)));
		for (RoundTrip sent : cases) {
			RoundTrip received = this.client.roundTrip(sent);
			assertThat(received).usingRecursiveComparison()
				.withComparatorForType(Double::compare, Double.class)
				.isEqualTo(sent);
			assertThat(received.dec().toString()).isEqualTo(sent.dec().toString());
		}
	}

	@Test
	void explodeAnswersUnknownAndTheClientReconnectsForTheNextCall() {
		assertThatExceptionOfType(AmpUnknownRemoteException.class)
			.isThrownBy(() -> this.client.explode(new Explode()))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("UNKNOWN"));
		// The server closes after UNKNOWN; a call sent before the close arrives would fail with it.
		await().atMost(TIMEOUT).until(() -> !this.sample.isConnected());
		assertThat(this.client.sum(BigInteger.ONE, BigInteger.ONE).total()).isEqualTo(2);
	}

	// tag::import-clients[]
	@TestConfiguration(proxyBeanMethods = false)
	@ImportAmpClients(SampleClient.class) // or basePackages / basePackageClasses; nothing: this package
	static class SampleClientConfiguration {

	}
	// end::import-clients[]

}
