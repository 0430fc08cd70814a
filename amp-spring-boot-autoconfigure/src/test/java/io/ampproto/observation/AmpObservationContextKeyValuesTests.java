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
package io.ampproto.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.EmbeddedAmpConnection;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AMP observation contexts keep key values their own way: every sequence of adds and
 * removes must read exactly as on Micrometer's {@link Observation.Context}.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpObservationContextKeyValuesTests {

	private static final String[] KEYS = { "amp.command", "amp.error.code", "amp.outcome", "amp.side", "extra" };

	private EmbeddedAmpConnection peer;

	private AmpSession session;

	@BeforeEach
	void startSession() {
		this.peer = EmbeddedAmpConnection.accepted();
		this.session = AmpSession.start(this.peer.connection(), AmpResponders.none(),
				AmpSessionOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		this.peer.close();
	}

	/**
	 * The same instances added again, as the default conventions add them call after
	 * call, read as the first time: whether or not the later names every earlier key.
	 */
	@Test
	void theSameKeyValuesAddedAgainReadAsTheFirstTime() {
		KeyValues started = KeyValues.of("amp.command", "Sum", "amp.side", "server");
		KeyValues ended = KeyValues.of("amp.command", "Sum", "amp.outcome", "SUCCESS", "amp.side", "server");
		KeyValues other = KeyValues.of("amp.outcome", "ERROR");
		for (int i = 0; i < 3; i++) {
			AmpServerObservationContext context = new AmpServerObservationContext(this.session, "Sum", null, true);
			context.addLowCardinalityKeyValues(started);
			context.addLowCardinalityKeyValues(ended);
			assertThat(context.getLowCardinalityKeyValues()).isSameAs(ended);
			AmpServerObservationContext partly = new AmpServerObservationContext(this.session, "Sum", null, true);
			partly.addLowCardinalityKeyValues(started);
			partly.addLowCardinalityKeyValues(other);
			assertThat(partly.getLowCardinalityKeyValues()).isEqualTo(started.and(other));
		}
	}

	@Test
	void serverContextReadsAsMicrometersContext() {
		readsAsMicrometersContext(
				(seed) -> new AmpServerObservationContext(this.session, "Sum", null, true));
	}

	@Test
	void clientContextReadsAsMicrometersContext() {
		AmpCommandSchema<?, ?> schema = AmpCommandSchema.builder("Sum").build();
		readsAsMicrometersContext((seed) -> new AmpClientObservationContext(this.session, schema, false));
	}

	@Test
	void aConventionsStopValuesReplaceItsStartValuesWithoutACopy() {
		AmpServerObservationContext context = new AmpServerObservationContext(this.session, "Sum", null, true);
		KeyValues atStart = KeyValues.of("amp.command", "Sum", "amp.side", "server");
		KeyValues atStop = KeyValues.of("amp.command", "Sum", "amp.error.code", "none", "amp.outcome", "SUCCESS",
				"amp.side", "server");
		context.addLowCardinalityKeyValues(atStart);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(atStart);
		context.addLowCardinalityKeyValues(atStop);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(atStop);
		context.addLowCardinalityKeyValue(KeyValue.of("amp.side", "client"));
		assertThat(context.getLowCardinalityKeyValue("amp.side")).isEqualTo(KeyValue.of("amp.side", "client"));
		assertThat(context.getLowCardinalityKeyValues()).hasSize(4);
	}

	@Test
	void keyValuesAddedFromManyThreadsAtOnceAreAllKept() throws Exception {
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int run = 0; run < 500; run++) {
				AmpServerObservationContext context = new AmpServerObservationContext(this.session, "Sum", null, true);
				CyclicBarrier start = new CyclicBarrier(threads);
				List<Future<?>> adds = new ArrayList<>();
				for (int thread = 0; thread < threads; thread++) {
					String key = "key" + thread;
					adds.add(executor.submit(() -> {
						start.await();
						context.addLowCardinalityKeyValue(KeyValue.of(key, "low"));
						context.addHighCardinalityKeyValues(KeyValues.of(key, "high"));
						return null;
					}));
				}
				for (Future<?> add : adds) {
					add.get(10, TimeUnit.SECONDS);
				}
				assertThat(context.getLowCardinalityKeyValues()).hasSize(threads);
				assertThat(context.getHighCardinalityKeyValues()).hasSize(threads);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void readsAsMicrometersContext(Function<Integer, Observation.Context> amp) {
		Random random = new Random(20261203);
		for (int run = 0; run < 2000; run++) {
			Observation.Context expected = new Observation.Context();
			Observation.Context actual = amp.apply(run);
			List<String> operations = new ArrayList<>();
			for (int step = 0; step < 12; step++) {
				operations.add(apply(random, expected, actual));
				String trace = String.join(", ", operations);
				assertThat(actual.getLowCardinalityKeyValues()).as(trace)
					.containsExactlyElementsOf(expected.getLowCardinalityKeyValues());
				assertThat(actual.getHighCardinalityKeyValues()).as(trace)
					.containsExactlyElementsOf(expected.getHighCardinalityKeyValues());
				assertThat(actual.getAllKeyValues()).as(trace).containsExactlyElementsOf(expected.getAllKeyValues());
				for (String key : KEYS) {
					assertThat(actual.getLowCardinalityKeyValue(key)).as(trace)
						.isEqualTo(expected.getLowCardinalityKeyValue(key));
					assertThat(actual.getHighCardinalityKeyValue(key)).as(trace)
						.isEqualTo(expected.getHighCardinalityKeyValue(key));
				}
			}
		}
	}

	/**
	 * Apply one random operation to both contexts and describe it.
	 */
	private static String apply(Random random, Observation.Context expected, Observation.Context actual) {
		boolean low = random.nextBoolean();
		switch (random.nextInt(4)) {
			case 0 -> {
				KeyValue keyValue = keyValue(random);
				if (low) {
					expected.addLowCardinalityKeyValue(keyValue);
					actual.addLowCardinalityKeyValue(keyValue);
				}
				else {
					expected.addHighCardinalityKeyValue(keyValue);
					actual.addHighCardinalityKeyValue(keyValue);
				}
				return (low ? "addLow " : "addHigh ") + keyValue;
			}
			case 1 -> {
				List<KeyValue> keyValues = new ArrayList<>();
				for (int i = random.nextInt(5); i > 0; i--) {
					keyValues.add(keyValue(random));
				}
				KeyValues added = KeyValues.of(keyValues);
				if (low) {
					expected.addLowCardinalityKeyValues(added);
					actual.addLowCardinalityKeyValues(added);
				}
				else {
					expected.addHighCardinalityKeyValues(added);
					actual.addHighCardinalityKeyValues(added);
				}
				return (low ? "addLows " : "addHighs ") + added;
			}
			case 2 -> {
				String key = KEYS[random.nextInt(KEYS.length)];
				if (low) {
					expected.removeLowCardinalityKeyValue(key);
					actual.removeLowCardinalityKeyValue(key);
				}
				else {
					expected.removeHighCardinalityKeyValue(key);
					actual.removeHighCardinalityKeyValue(key);
				}
				return (low ? "removeLow " : "removeHigh ") + key;
			}
			default -> {
				String[] keys = { KEYS[random.nextInt(KEYS.length)], KEYS[random.nextInt(KEYS.length)] };
				if (low) {
					expected.removeLowCardinalityKeyValues(keys);
					actual.removeLowCardinalityKeyValues(keys);
				}
				else {
					expected.removeHighCardinalityKeyValues(keys);
					actual.removeHighCardinalityKeyValues(keys);
				}
				return (low ? "removeLows " : "removeHighs ") + String.join("+", keys);
			}
		}
	}

	private static KeyValue keyValue(Random random) {
		return KeyValue.of(KEYS[random.nextInt(KEYS.length)], "v" + random.nextInt(3));
	}

}
