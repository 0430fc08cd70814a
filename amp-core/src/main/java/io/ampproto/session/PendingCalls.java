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

package io.ampproto.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Calls waiting for their answer, by tag: an open-addressing table of {@code long} keys,
 * so that a call and its answer box no tag and make no string. Tags are consecutive
 * numbers, so they are scattered by a multiplicative hash: with the identity hash of
 * Netty's {@code LongObjectHashMap} they formed one run that every removal walked. Not
 * thread-safe: the session keeps it on the event loop.
 *
 * @param <V> the type of the calls
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class PendingCalls<V> {

	private static final int MIN_CAPACITY = 16;

	private long[] keys;

	private @Nullable Object[] values;

	private int size;

	private int shift;

	PendingCalls() {
		// Allocated on the first call: most server sessions never call their client.
		this.keys = new long[0];
		this.values = new Object[0];
	}

	private void allocate(int capacity) {
		this.keys = new long[capacity];
		this.values = new Object[capacity];
		this.shift = 64 - Integer.numberOfTrailingZeros(capacity);
	}

	private int slot(long key) {
		return (int) ((key * 0x9E3779B97F4A7C15L) >>> this.shift);
	}

	int size() {
		return this.size;
	}

	boolean isEmpty() {
		return this.size == 0;
	}

	@SuppressWarnings("unchecked")
	@Nullable V get(long key) {
		if (this.size == 0) {
			return null;
		}
		int mask = this.keys.length - 1;
		for (int i = slot(key);; i = (i + 1) & mask) {
			Object value = this.values[i];
			if (value == null) {
				return null;
			}
			if (this.keys[i] == key) {
				return (V) value;
			}
		}
	}

	/**
	 * Add a call under a tag that is not in the table.
	 */
	void put(long key, V value) {
		if (this.keys.length == 0) {
			allocate(MIN_CAPACITY);
		}
		else if ((this.size + 1) * 2 > this.keys.length) {
			grow();
		}
		int mask = this.keys.length - 1;
		int i = slot(key);
		while (this.values[i] != null) {
			if (this.keys[i] == key) {
				throw new IllegalStateException("Tag " + Long.toHexString(key) + " is already waiting");
			}
			i = (i + 1) & mask;
		}
		this.keys[i] = key;
		this.values[i] = value;
		this.size++;
	}

	@SuppressWarnings("unchecked")
	@Nullable V remove(long key) {
		if (this.size == 0) {
			return null;
		}
		int mask = this.keys.length - 1;
		int i = slot(key);
		while (true) {
			Object value = this.values[i];
			if (value == null) {
				return null;
			}
			if (this.keys[i] == key) {
				deleteAt(i);
				this.size--;
				return (V) value;
			}
			i = (i + 1) & mask;
		}
	}

	/** Backward-shift deletion: later entries of the run move into the hole. */
	private void deleteAt(int hole) {
		int mask = this.keys.length - 1;
		int free = hole;
		for (int i = (hole + 1) & mask; this.values[i] != null; i = (i + 1) & mask) {
			int home = slot(this.keys[i]);
			// Move the entry when its home slot is not within (free, i] (cyclically).
			if (((i - home) & mask) >= ((i - free) & mask)) {
				this.keys[free] = this.keys[i];
				this.values[free] = this.values[i];
				free = i;
			}
		}
		this.values[free] = null;
	}

	/**
	 * Remove every call.
	 * @return the calls, in no particular order
	 */
	@SuppressWarnings("unchecked")
	List<V> removeAll() {
		List<V> all = new ArrayList<>(this.size);
		for (Object value : this.values) {
			if (value != null) {
				all.add((V) value);
			}
		}
		Arrays.fill(this.values, null);
		this.size = 0;
		if (this.keys.length > MIN_CAPACITY * 64) {
			allocate(MIN_CAPACITY);
		}
		return all;
	}

	private void grow() {
		long[] keys = this.keys;
		@Nullable Object[] values = this.values;
		allocate(keys.length * 2);
		int mask = this.keys.length - 1;
		for (int j = 0; j < keys.length; j++) {
			if (values[j] != null) {
				int i = slot(keys[j]);
				while (this.values[i] != null) {
					i = (i + 1) & mask;
				}
				this.keys[i] = keys[j];
				this.values[i] = values[j];
			}
		}
	}

}
