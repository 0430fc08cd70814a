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

import java.util.concurrent.atomic.AtomicInteger;

import io.ampproto.observation.AmpObservationDocumentation.LowCardinalityKeyNames;
import io.ampproto.session.AmpCallOutcome;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AmpObservationKeys} and the identity lookups of
 * {@link AmpMeterObservationHandler} that rely on them.
 */
class AmpObservationKeysTests {

	@Test
	void theSameTagsWithoutAnErrorCodeAreTheSameInstance() {
		for (boolean accepted : new boolean[] { true, false }) {
			String side = accepted ? "server" : "client";
			KeyValues started = AmpObservationKeys.lowCardinality("Sum", accepted, null, null, null);
			assertThat(started).isSameAs(AmpObservationKeys.lowCardinality("Sum", accepted, null, null, null))
				.isEqualTo(KeyValues.of(LowCardinalityKeyNames.SIDE.withValue(side),
						LowCardinalityKeyNames.COMMAND.withValue("Sum")));
			for (AmpCallOutcome outcome : AmpCallOutcome.values()) {
				KeyValues ended = AmpObservationKeys.lowCardinality("Sum", accepted, outcome, null, null);
				assertThat(ended).isSameAs(AmpObservationKeys.lowCardinality("Sum", accepted, outcome, null, null))
					.isEqualTo(KeyValues.of(LowCardinalityKeyNames.OUTCOME.withValue(outcome.name()),
							LowCardinalityKeyNames.SIDE.withValue(side), LowCardinalityKeyNames.COMMAND.withValue("Sum"),
							LowCardinalityKeyNames.ERROR_CODE.withValue("none")));
			}
		}
		assertThat(AmpObservationKeys.lowCardinality(null, true, AmpCallOutcome.ERROR, null, null))
			.isEqualTo(KeyValues.of(LowCardinalityKeyNames.COMMAND.withValue("UNKNOWN"),
					LowCardinalityKeyNames.ERROR_CODE.withValue("none"),
					LowCardinalityKeyNames.OUTCOME.withValue("ERROR"), LowCardinalityKeyNames.SIDE.withValue("server")));
	}

	@Test
	void anErrorCodeIsBoundedAndTagged() {
		assertThat(AmpObservationKeys.lowCardinality("Sum", false, AmpCallOutcome.ERROR, "SOME_CODE", null))
			.isEqualTo(KeyValues.of(LowCardinalityKeyNames.COMMAND.withValue("Sum"),
					LowCardinalityKeyNames.ERROR_CODE.withValue("OTHER"),
					LowCardinalityKeyNames.OUTCOME.withValue("ERROR"), LowCardinalityKeyNames.SIDE.withValue("client")));
		assertThat(AmpObservationKeys.lowCardinality("Sum", true, AmpCallOutcome.ERROR, "UNHANDLED", null))
			.contains(LowCardinalityKeyNames.ERROR_CODE.withValue("UNHANDLED"));
	}

	@Test
	void keptMetersAreMadeOncePerSetOfTagsWhetherFoundByIdentityOrByEquality() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AtomicInteger made = new AtomicInteger();
		AmpMeterObservationHandler.KeptMeters<Timer> kept = new AmpMeterObservationHandler.KeptMeters<>((key) -> {
			made.incrementAndGet();
			return Timer.builder(key.name()).tags(key.tags()).register(registry);
		});
		KeyValues keyValues = KeyValues.of("amp.command", "Sum");
		Timer timer = kept.get("amp.server", keyValues, "none");
		assertThat(kept.get("amp.server", keyValues, "none")).isSameAs(timer);
		// Equal key values in another instance: the map, not a new meter.
		assertThat(kept.get("amp.server", KeyValues.of("amp.command", "Sum"), "none")).isSameAs(timer);
		assertThat(made).hasValue(1);
		Timer failed = kept.get("amp.server", keyValues, "IOException");
		assertThat(failed).isNotSameAs(timer);
		assertThat(failed.getId().getTag("error")).isEqualTo("IOException");
		assertThat(kept.get("amp.client", keyValues, "none").getId().getName()).isEqualTo("amp.client");
		assertThat(made).hasValue(3);
		// Removed: made anew, even by the same instance.
		kept.remove(timer);
		assertThat(kept.get("amp.server", keyValues, "none")).isNotNull();
		assertThat(made).hasValue(4);
		assertThat(kept.size()).isEqualTo(3);
	}

}
