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

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.client.AmpRequester;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.sample.SampleCommands.Spread;
import io.ampproto.sample.SampleCommands.WhoAmI;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Profile;

/**
 * The {@code gateway} profile: answers {@link Spread} by spreading {@link WhoAmI} calls
 * over the instances of the service behind the named client {@code backends}
 * ({@code amp.client.backends.service-id}).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AmpResponder
@Profile("gateway")
public class SampleGatewayResponder {

	/** Calls in flight at most, so that a large Spread does not flood the instances. */
	static final int CONCURRENCY = 100;

	// tag::named-client[]
	/** Looked up on first use: the client's connections answer with this app's responders, this one included. */
	private final ObjectProvider<AmpRequester> backends;

	/**
	 * Create the responder.
	 * @param backends the load-balanced client, the bean named {@code backends}
	 */
	public SampleGatewayResponder(@Qualifier("backends") ObjectProvider<AmpRequester> backends) {
		this.backends = backends;
	}

	@AmpCommandMapping
	public Mono<Spread.Result> spread(Spread spread) {
		if (spread.calls() < 0) {
			throw new IllegalArgumentException("calls must not be negative, but was " + spread.calls());
		}
		AmpRequester backends = this.backends.getObject();
		Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
		AtomicInteger failed = new AtomicInteger();
		return Flux.range(0, spread.calls())
			.flatMap((i) -> backends.call(new WhoAmI())
				.doOnNext((result) -> answered.computeIfAbsent(result.instance(), (id) -> new AtomicInteger())
					.incrementAndGet())
				.onErrorResume((ex) -> {
					failed.incrementAndGet();
					return Mono.empty();
				}), CONCURRENCY)
			.then(Mono.fromSupplier(() -> {
				List<Spread.Row> rows = answered.entrySet()
					.stream()
					.map((entry) -> new Spread.Row(entry.getKey(), entry.getValue().get()))
					.sorted(Comparator.comparing(Spread.Row::instance))
					.toList();
				return new Spread.Result(rows, failed.get());
			}));
	}
	// end::named-client[]

}
