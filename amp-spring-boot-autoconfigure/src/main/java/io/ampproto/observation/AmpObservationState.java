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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an AMP observation context keeps besides its own fields: its key values, each
 * cardinality as one sorted {@link KeyValues}, and the samples of
 * {@link AmpMeterObservationHandler}.
 * <p>
 * {@link Observation.Context} keeps key values in a map and sorts them into a new
 * {@code KeyValues} on every read; a convention's key values, added whole at start and
 * stop and read by each handler, are kept here as they come. Same results as the map:
 * one value per key, the last added wins, sorted by key.
 *
 * @author AMP for Spring Boot contributors
 */
final class AmpObservationState {

	private static final VarHandle LOW;

	private static final VarHandle HIGH;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			LOW = lookup.findVarHandle(AmpObservationState.class, "low", KeyValues.class);
			HIGH = lookup.findVarHandle(AmpObservationState.class, "high", KeyValues.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile KeyValues low = KeyValues.empty();

	private volatile KeyValues high = KeyValues.empty();

	// Plain fields: written at start, read at stop, and the session hands a command from
	// thread to thread through queues, which order the two.
	private @Nullable Object timerSample;

	private @Nullable Object activeSample;

	KeyValues low() {
		return this.low;
	}

	KeyValues high() {
		return this.high;
	}

	void addLow(KeyValues added) {
		update(LOW, added, null);
	}

	void addHigh(KeyValues added) {
		update(HIGH, added, null);
	}

	void removeLow(String... keys) {
		update(LOW, KeyValues.empty(), keys);
	}

	void removeHigh(String... keys) {
		update(HIGH, KeyValues.empty(), keys);
	}

	/**
	 * Add or remove key values without a lock: a convention's start and stop each make
	 * one compare-and-set, and adding nothing writes nothing.
	 */
	private void update(VarHandle field, KeyValues added, String @Nullable [] removed) {
		while (true) {
			KeyValues current = (KeyValues) field.getVolatile(this);
			KeyValues next = (removed != null) ? without(current, removed) : merge(current, added);
			if (next == current || field.compareAndSet(this, current, next)) {
				return;
			}
		}
	}

	KeyValues all() {
		return this.low.and(this.high);
	}

	/**
	 * Return the value of a key.
	 */
	static @Nullable KeyValue find(KeyValues keyValues, String key) {
		for (KeyValue keyValue : keyValues) {
			if (keyValue.getKey().equals(key)) {
				return keyValue;
			}
		}
		return null;
	}

	/**
	 * Keep the samples of a started observation.
	 * @param timerSample the timer's sample, or {@code null} when the long task timer's
	 * sample measures the timer's duration too
	 * @param activeSample the long task timer's sample, or {@code null} without one
	 */
	void samples(@Nullable Object timerSample, @Nullable Object activeSample) {
		this.timerSample = timerSample;
		this.activeSample = activeSample;
	}

	@Nullable Object timerSample() {
		return this.timerSample;
	}

	@Nullable Object activeSample() {
		return this.activeSample;
	}

	/**
	 * Merge as {@link KeyValues#and(Iterable)} does, without a sort in the common case:
	 * stop's key values name every key start's did.
	 */
	private static KeyValues merge(KeyValues current, KeyValues added) {
		// In order of cost: at start, current is the shared empty instance; at stop, the
		// pair is known; only then an iterator to ask whether current is empty.
		if (current == KeyValues.empty() || current == added || Covers.known(added, current) || isEmpty(current)) {
			return added;
		}
		if (isEmpty(added)) {
			return current;
		}
		for (KeyValue keyValue : current) {
			if (find(added, keyValue.getKey()) == null) {
				return current.and(added);
			}
		}
		Covers.remember(added, current);
		return added;
	}

	/**
	 * Pairs of key values found lately where the first names every key of the second:
	 * the default conventions' start and stop key values are the same instances call
	 * after call, and asking again costs an iterator per key. A few slots, by identity;
	 * entries are immutable, so a race costs a look, never a wrong answer.
	 */
	private static final class Covers {

		private static final int SLOTS = 64;

		private static final Covers[] RECENT = new Covers[SLOTS];

		private final KeyValues covering;

		private final KeyValues covered;

		private Covers(KeyValues covering, KeyValues covered) {
			this.covering = covering;
			this.covered = covered;
		}

		static boolean known(KeyValues covering, KeyValues covered) {
			Covers recent = RECENT[slot(covering, covered)];
			return recent != null && recent.covering == covering && recent.covered == covered;
		}

		static void remember(KeyValues covering, KeyValues covered) {
			RECENT[slot(covering, covered)] = new Covers(covering, covered);
		}

		private static int slot(KeyValues covering, KeyValues covered) {
			return (System.identityHashCode(covering) * 31 + System.identityHashCode(covered)) & (SLOTS - 1);
		}

	}

	private static boolean isEmpty(KeyValues keyValues) {
		// Conventions give the shared empty instance; no iterator for it.
		return keyValues == KeyValues.empty() || !keyValues.iterator().hasNext();
	}

	private static KeyValues without(KeyValues current, String... keys) {
		KeyValues kept = KeyValues.empty();
		boolean removed = false;
		for (KeyValue keyValue : current) {
			if (contains(keys, keyValue.getKey())) {
				removed = true;
			}
			else {
				kept = kept.and(keyValue);
			}
		}
		return removed ? kept : current;
	}

	private static boolean contains(String[] keys, String key) {
		for (String candidate : keys) {
			if (candidate.equals(key)) {
				return true;
			}
		}
		return false;
	}

}
