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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpCommandMapping.Dispatch;
import io.ampproto.responder.AmpResponder;
import io.ampproto.sample.SampleCommands.Callback;
import io.ampproto.sample.SampleCommands.Concat;
import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Echo;
import io.ampproto.sample.SampleCommands.Explode;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.PingCount;
import io.ampproto.sample.SampleCommands.RoundTrip;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.sample.SampleCommands.SwitchToEcho;
import io.ampproto.sample.SampleCommands.TlsInfo;
import io.ampproto.session.AmpSession;
import io.ampproto.switching.AmpSwitch;
import reactor.core.publisher.Mono;

/**
 * Answers the sample commands.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AmpResponder
public class SampleResponder {

	private static final String PING_COUNT = "sample.pingCount";

	private static final String PING_TOTAL = "sample.pingTotal";

	// tag::sum-responder[]
	@AmpCommandMapping
	public Sum.Result sum(Sum sum) {
		return new Sum.Result(sum.a().add(sum.b()));
	}
	// end::sum-responder[]

	// tag::divide-responder[]
	@AmpCommandMapping
	public Divide.Result divide(BigInteger numerator, BigInteger denominator, Divide command) {
		if (denominator.signum() == 0) {
			throw new ArithmeticException("division by zero");
		}
		// Python's int / int is correctly rounded: divide exactly enough before rounding.
		BigDecimal quotient = new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128);
		return new Divide.Result(quotient.doubleValue());
	}
	// end::divide-responder[]

	@AmpCommandMapping
	public Echo.Result echo(Echo echo) {
		return new Echo.Result(echo.text());
	}

	@AmpCommandMapping
	public Concat.Result concat(Concat concat) {
		return new Concat.Result(String.join("", concat.items()));
	}

	// Pings and their count run on the event loop, in arrival order, so that a PingCount
	// sees every Ping sent before it.
	@AmpCommandMapping(dispatch = Dispatch.EVENT_LOOP)
	public void ping(Ping ping, AmpSession session) {
		counter(session, PING_COUNT).incrementAndGet();
		total(session).accumulateAndGet(ping.n(), BigInteger::add);
	}

	@AmpCommandMapping(dispatch = Dispatch.EVENT_LOOP)
	public PingCount.Result pingCount(PingCount command, AmpSession session) {
		BigInteger total = Objects.requireNonNull(total(session).get(), "starts at zero");
		return new PingCount.Result(counter(session, PING_COUNT).get(), total);
	}

	// tag::callback-responder[]
	@AmpCommandMapping
	public Mono<Callback.Result> callback(Callback callback, AmpSession caller) {
		return caller.call(new Sum(callback.n(), callback.n())).map((result) -> new Callback.Result(result.total()));
	}
	// end::callback-responder[]

	@AmpCommandMapping
	public RoundTrip roundTrip(RoundTrip roundTrip) {
		return roundTrip;
	}

	@AmpCommandMapping
	public void explode(Explode explode) {
		throw new IllegalStateException("Explode always explodes");
	}

	// tag::switch-to-echo-responder[]
	@AmpCommandMapping
	public AmpSwitch switchToEcho(SwitchToEcho command) {
		if (command.greeting().isEmpty()) {
			throw new IllegalArgumentException("a greeting is required");
		}
		return AmpSwitch.to(EchoProtocol.NAME);
	}
	// end::switch-to-echo-responder[]

	@AmpCommandMapping(dispatch = Dispatch.EVENT_LOOP)
	public TlsInfo.Result tlsInfo(TlsInfo command, AmpSession session) {
		List<X509Certificate> peer = session.peerCertificates();
		return new TlsInfo.Result(session.connection().isSecure(),
				peer.isEmpty() ? "" : peer.get(0).getSubjectX500Principal().getName());
	}

	private static AtomicLong counter(AmpSession session, String name) {
		return (AtomicLong) session.attributes().computeIfAbsent(name, (key) -> new AtomicLong());
	}

	@SuppressWarnings("unchecked")
	private static AtomicReference<BigInteger> total(AmpSession session) {
		return (AtomicReference<BigInteger>) session.attributes()
			.computeIfAbsent(PING_TOTAL, (key) -> new AtomicReference<>(BigInteger.ZERO));
	}

}
