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

import java.util.concurrent.TimeUnit;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AmpMeterObservationHandler}: every test of
 * {@link ObservationAmpSessionObserverTests} (written against Micrometer's default meter
 * handler) passes with it too, and these.
 */
class AmpMeterObservationHandlerTests extends ObservationAmpSessionObserverTests {

	private AmpMeterObservationHandler handler = new AmpMeterObservationHandler(this.meters);

	@Override
	ObservationHandler<?> meterHandler() {
		return this.handler;
	}

	@Test
	void takesOnlyAmpObservations() {
		assertThat(this.handler.supportsContext(new Observation.Context())).isFalse();
	}

	@Test
	void recordsNoLongTaskTimersWhenTheyAreIgnored() {
		this.handler = new AmpMeterObservationHandler(this.meters, false);
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry()));
		assertThat(client.call(new Add(1, 2)).block(TIMEOUT)).isEqualTo(new Add.Result(3));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count("amp.server")).isOne());
		assertThat(this.meters.find("amp.server.active").longTaskTimers()).isEmpty();
		assertThat(this.meters.find("amp.client.active").longTaskTimers()).isEmpty();
	}

	@Test
	void looksEachTagSetUpOnce() {
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry()));
		for (int i = 0; i < 50; i++) {
			client.call(new Add(i, i)).block(TIMEOUT);
		}
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count("amp.server")).isEqualTo(50));
		// A timer and a long task timer per side.
		assertThat(this.handler.keptMeters()).isEqualTo(4);
	}

	@Test
	void asksTheRegistryEachTimePastTheBoundOfKeptTagSets() {
		// A convention that (wrongly) tags what the peer sends: tags without bound.
		AmpServerObservationConvention byOriginalName = new AmpServerObservationConvention() {

			@Override
			public String getName() {
				return "amp.server";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(AmpServerObservationContext context) {
				return KeyValues.of("wire", context.getCommandName());
			}

		};
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry(), byOriginalName, null));
		int commands = AmpMeterObservationHandler.MAX_KEPT_METERS + 100;
		for (int i = 0; i < commands; i++) {
			String name = "Nope" + i;
			assertThatExceptionOfType(AmpUnhandledCommandException.class)
				.isThrownBy(() -> client.callRaw(name, AmpBox.empty()).block(TIMEOUT));
		}
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count("amp.server")).isEqualTo(commands));
		assertThat(this.meters.find("amp.server").timers()).hasSize(commands);
		assertThat(this.meters.find("amp.server").tag("wire", "Nope" + (commands - 1)).timer())
			.extracting(Timer::count)
			.isEqualTo(1L);
		assertThat(this.handler.keptMeters()).isLessThanOrEqualTo(2 * AmpMeterObservationHandler.MAX_KEPT_METERS + 2);
	}

	@Test
	void timesACommandByTheClockOfTheRegistry() {
		MockClock clock = new MockClock();
		SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		Timer timer = timeOneCommand(new AmpMeterObservationHandler(meters), meters, clock);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
		assertThat(meters.get("amp.server.active").longTaskTimer().activeTasks()).isZero();
	}

	@Test
	void timesACommandWhoseLongTaskTimerIsDenied() {
		MockClock clock = new MockClock();
		SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		meters.config().meterFilter(MeterFilter.denyNameStartsWith("amp.server.active"));
		Timer timer = timeOneCommand(new AmpMeterObservationHandler(meters), meters, clock);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
		assertThat(meters.find("amp.server.active").longTaskTimers()).isEmpty();
	}

	@Test
	void timesACommandWithoutLongTaskTimers() {
		MockClock clock = new MockClock();
		SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		Timer timer = timeOneCommand(new AmpMeterObservationHandler(meters, false), meters, clock);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
		assertThat(meters.find("amp.server.active").longTaskTimers()).isEmpty();
	}

	/**
	 * Observe one command for 7 ms of the registry's clock.
	 */
	private Timer timeOneCommand(AmpMeterObservationHandler handler, SimpleMeterRegistry meters, MockClock clock) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		AmpSession session = connect(AmpSessionObserver.NONE);
		AmpSessionObserver.Call call = new ObservationAmpSessionObserver(registry).commandReceived(session, "Add",
				null, true, AmpBox.of("_command", "Add", "_ask", "1"));
		assertThat(call).isNotNull();
		clock.add(7, TimeUnit.MILLISECONDS);
		assertThat(meters.find("amp.server.active").longTaskTimers())
			.allSatisfy((active) -> assertThat(active.activeTasks()).isOne());
		call.end(AmpCallOutcome.SUCCESS, null, null);
		Timer timer = meters.get("amp.server").timer();
		assertThat(timer.count()).isOne();
		return timer;
	}

	@Test
	void recordsAnewAMeterRemovedFromTheRegistry() {
		AmpSession client = connect(new ObservationAmpSessionObserver(meteredRegistry()));
		client.call(new Add(1, 2)).block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count("amp.server")).isOne());
		this.meters.clear();
		client.call(new Add(1, 2)).block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count("amp.server")).isOne());
		assertThat(count("amp.client")).isOne();
	}

}
