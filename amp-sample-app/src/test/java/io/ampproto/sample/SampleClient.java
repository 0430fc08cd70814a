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
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.ampproto.declarative.AmpCallTimeout;
import io.ampproto.declarative.AmpClient;
import io.ampproto.responder.AmpCommandMapping;
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
import io.ampproto.switching.AmpInnerProtocol;
import reactor.core.publisher.Mono;

/**
 * The sample commands as a declarative client, in every style a method may take.
 */
// tag::sample-client[]
@AmpClient("sample")
interface SampleClient {

	Sum.Result sum(Sum sum); // sends the command; blocks for the answer

	@AmpCommandMapping(Sum.class) // parameters bind to Sum's arguments by name, in any order
	Sum.Result sum(BigInteger b, BigInteger a);

	@AmpCommandMapping(Divide.class)
	Mono<Divide.Result> divide(BigInteger numerator, BigInteger denominator);

	@AmpCommandMapping(Echo.class)
	@AmpCallTimeout("10s") // instead of amp.client.sample.call-timeout
	CompletableFuture<Echo.Result> echo(String text); // the call starts at once

	@AmpCommandMapping(Concat.class)
	Concat.Result concat(List<String> items);

	@AmpCommandMapping(Ping.class)
	void ping(BigInteger n); // a command that needs no answer: void or Mono<Void>

	@AmpCommandMapping(Ping.class)
	Mono<Void> pingLater(BigInteger n);

	@AmpCommandMapping(PingCount.class)
	PingCount.Result pingCount();

	@AmpCommandMapping(Callback.class)
	Mono<Callback.Result> callback(BigInteger n);

	RoundTrip roundTrip(RoundTrip roundTrip);

	@AmpCommandMapping(name = "Sum") // a command declared by the signature alone
	Mono<Sum.Result> sumByWireName(BigInteger a, BigInteger b);

	void explode(Explode explode);

	Mono<Void> switchToEcho(SwitchToEcho command, AmpInnerProtocol protocol); // a protocol switch

}
// end::sample-client[]
