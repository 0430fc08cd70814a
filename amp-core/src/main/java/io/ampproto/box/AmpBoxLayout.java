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
package io.ampproto.box;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A fixed set of keys, such as the arguments of a command, sorted into wire order once:
 * boxes built from it skip sorting and, when they hold every key, share one array of
 * keys.
 * <p>
 * For encoders that create a new array for each value: {@link #box(byte[][])} takes the
 * arrays it is given without copying them.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpBoxLayout {

	private final List<String> names;

	/** The keys in wire order, shared by every box that holds all of them. */
	private final byte[][] sortedKeys;

	/** Declaration index to wire index. */
	private final int[] slots;

	/** Wire index to declaration index. */
	private final int[] order;

	private final boolean declaredInOrder;

	private AmpBoxLayout(List<String> names) {
		this.names = List.copyOf(names);
		int size = this.names.size();
		byte[][] keys = new byte[size][];
		for (int i = 0; i < size; i++) {
			keys[i] = AmpBytes.utf8(this.names.get(i));
			if (keys[i].length == 0) {
				throw new IllegalArgumentException("An AMP key must not be empty: an empty key ends a box on the wire");
			}
		}
		Integer[] sorted = new Integer[size];
		for (int i = 0; i < size; i++) {
			sorted[i] = i;
		}
		Arrays.sort(sorted, (a, b) -> AmpBytes.compareKeys(keys[a], keys[b]));
		this.sortedKeys = new byte[size][];
		this.slots = new int[size];
		this.order = new int[size];
		boolean inOrder = true;
		for (int slot = 0; slot < size; slot++) {
			int index = sorted[slot];
			if (slot > 0 && AmpBytes.compareKeys(this.sortedKeys[slot - 1], keys[index]) == 0) {
				throw new IllegalArgumentException("The AMP key '" + this.names.get(index) + "' is repeated");
			}
			this.sortedKeys[slot] = keys[index];
			this.slots[index] = slot;
			this.order[slot] = index;
			inOrder &= (index == slot);
		}
		this.declaredInOrder = inOrder;
	}

	/**
	 * Create a layout of the given keys.
	 * @param keys the keys as UTF-8 text, in the order of the values given to
	 * {@link #box(byte[][])}
	 * @return the layout
	 * @throws IllegalArgumentException when a key is empty or repeated
	 */
	public static AmpBoxLayout of(List<String> keys) {
		return new AmpBoxLayout(keys);
	}

	/**
	 * Return the keys, in the order of the values.
	 * @return the keys
	 */
	public List<String> keys() {
		return this.names;
	}

	/**
	 * Return the number of keys.
	 * @return the number of keys
	 */
	public int size() {
		return this.names.size();
	}

	/**
	 * Build a box of the given values without copying them: the box owns the arrays from
	 * then on, and the caller must neither change nor keep them.
	 * @param values one value per key, in the order of {@link #keys()}; {@code null}
	 * for a key the box does not hold
	 * @return the box
	 * @throws IllegalArgumentException when there are not as many values as keys
	 */
	public AmpBox box(byte[] @Nullable [] values) {
		int size = this.sortedKeys.length;
		if (values.length != size) {
			throw new IllegalArgumentException("Expected " + size + " values, not " + values.length);
		}
		int present = 0;
		for (byte[] value : values) {
			if (value != null) {
				present++;
			}
		}
		if (present == size) {
			if (this.declaredInOrder) {
				return new AmpBox(this.sortedKeys, values);
			}
			byte[][] sortedValues = new byte[size][];
			for (int i = 0; i < size; i++) {
				sortedValues[this.slots[i]] = values[i];
			}
			return new AmpBox(this.sortedKeys, sortedValues);
		}
		if (present == 0) {
			return AmpBox.empty();
		}
		byte[][] keys = new byte[present][];
		byte[][] sortedValues = new byte[present][];
		int next = 0;
		for (int slot = 0; slot < size; slot++) {
			byte[] value = values[this.order[slot]];
			if (value != null) {
				keys[next] = this.sortedKeys[slot];
				sortedValues[next] = value;
				next++;
			}
		}
		return new AmpBox(keys, sortedValues);
	}

	@Override
	public String toString() {
		return "AmpBoxLayout" + this.names;
	}

}
