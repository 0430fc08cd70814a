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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Records the meters of AMP observations ({@code amp.server}, {@code amp.client}): the
 * same timer, {@code .active} long task timer, names and tags as Micrometer's
 * {@link DefaultMeterObservationHandler}, without looking the meters up in the registry
 * on every call. Each set of tags the convention yields is looked up once and kept (tags
 * are bounded by design; past {@value #MAX_KEPT_METERS} sets, the registry is asked
 * again each time).
 * <p>
 * Ordered before the default handler, it takes AMP observations only; every other
 * observation is the default handler's.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpMeterObservationHandler implements MeterObservationHandler<Observation.Context> {

	/** Most tag sets whose meters are kept, per kind of meter. */
	static final int MAX_KEPT_METERS = 4096;

	private static final String NO_ERROR = "none";

	private final MeterRegistry registry;

	private final boolean longTaskTimers;

	private final KeptMeters<Timer> timers;

	private final KeptMeters<LongTaskTimer> activeTimers;

	/**
	 * Create a handler that records timers and long task timers.
	 * @param registry the registry of the meters
	 */
	public AmpMeterObservationHandler(MeterRegistry registry) {
		this(registry, true);
	}

	/**
	 * Create a handler.
	 * @param registry the registry of the meters
	 * @param longTaskTimers whether to record the {@code .active} long task timers
	 * (Boot's {@code management.metrics.observations.ignored-meters=long-task-timer}
	 * turns them off)
	 */
	public AmpMeterObservationHandler(MeterRegistry registry, boolean longTaskTimers) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.longTaskTimers = longTaskTimers;
		this.timers = new KeptMeters<>((key) -> Timer.builder(key.name()).tags(key.tags()).register(registry));
		this.activeTimers = new KeptMeters<>(
				(key) -> LongTaskTimer.builder(key.name() + ".active").tags(key.tags()).register(registry));
		// A meter removed from the registry is looked up (and registered) anew.
		registry.config().onMeterRemoved((meter) -> {
			this.timers.remove(meter);
			this.activeTimers.remove(meter);
		});
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof AmpServerObservationContext || context instanceof AmpClientObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		LongTaskTimer.Sample activeSample = null;
		boolean activeMeasures = false;
		if (this.longTaskTimers) {
			LongTaskTimer activeTimer = this.activeTimers.get(name(context), context.getLowCardinalityKeyValues(), null);
			activeSample = activeTimer.start();
			// The active sample measures the timer's duration too: one clock read at each
			// end instead of two. Only Micrometer's own long task timer, which reads the
			// registry's clock; another (a no-op one for a denied meter) measures apart.
			activeMeasures = activeTimer instanceof DefaultLongTaskTimer;
		}
		state(context).samples(activeMeasures ? null : Timer.start(this.registry), activeSample);
	}

	@Override
	public void onStop(Observation.Context context) {
		Throwable error = context.getError();
		String errorValue = (error != null) ? error.getClass().getSimpleName() : NO_ERROR;
		Timer timer = this.timers.get(name(context), context.getLowCardinalityKeyValues(), errorValue);
		AmpObservationState state = state(context);
		Object activeSample = state.activeSample();
		if (state.timerSample() instanceof Timer.Sample timerSample) {
			timerSample.stop(timer);
			if (activeSample instanceof LongTaskTimer.Sample sample) {
				sample.stop();
			}
		}
		else if (activeSample instanceof LongTaskTimer.Sample sample) {
			timer.record(sample.stop(), TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		this.registry.counter(name(context) + "." + event.getName(),
				new MeterKey(name(context), context.getLowCardinalityKeyValues(), null).tags()).increment();
	}

	/**
	 * The samples live in the AMP context's own fields, not in its map.
	 */
	private static AmpObservationState state(Observation.Context context) {
		if (context instanceof AmpServerObservationContext server) {
			return server.state();
		}
		return ((AmpClientObservationContext) context).state();
	}

	private static String name(Observation.Context context) {
		return Objects.requireNonNull(context.getName(), "a started observation has a name");
	}

	int keptMeters() {
		return this.timers.size() + this.activeTimers.size();
	}

	@Override
	public String toString() {
		return "AmpMeterObservationHandler[" + this.timers.size() + " timers kept]";
	}

	/**
	 * The meters of one kind, made once per set of tags and kept, up to
	 * {@value #MAX_KEPT_METERS} sets (past that, the registry is asked each time). In
	 * front of the map, a few slots chosen by the identity of the key values: the default
	 * conventions give the same instance for the same tags, so a hit costs no hash,
	 * {@code equals} or allocation. A slot holds one meter and the last lookup that
	 * missed replaces it, so the slots stay bounded whatever the conventions give.
	 * Entries are immutable, read without a lock: a race costs a lookup in the map, never
	 * a wrong meter.
	 */
	static final class KeptMeters<M> {

		private static final int SLOTS = 64;

		private final ConcurrentMap<MeterKey, M> kept = new ConcurrentHashMap<>();

		// Made once: a lambda written at the call would be allocated on every call.
		private final Function<MeterKey, M> register;

		@SuppressWarnings("unchecked")
		private final Recent<M>[] slots = new Recent[SLOTS];

		KeptMeters(Function<MeterKey, M> register) {
			this.register = register;
		}

		M get(String name, KeyValues keyValues, @Nullable String error) {
			int slot = System.identityHashCode(keyValues) & (SLOTS - 1);
			Recent<M> recent = this.slots[slot];
			if (recent != null && recent.keyValues == keyValues && recent.name == name && recent.error == error) {
				return recent.meter;
			}
			M meter = BoundedMemo.get(this.kept, new MeterKey(name, keyValues, error), MAX_KEPT_METERS,
					this.register);
			this.slots[slot] = new Recent<>(name, keyValues, error, meter);
			return meter;
		}

		void remove(Object meter) {
			Arrays.fill(this.slots, null);
			this.kept.values().remove(meter);
		}

		int size() {
			return this.kept.size();
		}

		private record Recent<M>(String name, KeyValues keyValues, @Nullable String error, M meter) {
		}

	}

	/**
	 * A meter's name and tags: the observation's low cardinality key values, and for the
	 * timer the {@code error} tag.
	 */
	record MeterKey(String name, KeyValues keyValues, @Nullable String error) {

		List<Tag> tags() {
			List<Tag> tags = new ArrayList<>();
			for (KeyValue keyValue : this.keyValues) {
				tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
			}
			if (this.error != null) {
				tags.add(Tag.of("error", this.error));
			}
			return tags;
		}

	}

}
