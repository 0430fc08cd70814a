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

import org.jspecify.annotations.Nullable;

/**
 * The keys and box shapes a connection repeats, remembered by its decoder: one array per
 * key, and the sorted keys of a shape shared by its boxes, so that the next boxes of a
 * shape skip the sort. Used by one event loop thread.
 *
 * @author AMP for Spring Boot contributors
 */
final class RepeatedKeys {

	/**
	 * Key arrays seen lately, by a hash of their bytes: the boxes of a connection repeat
	 * a few keys, and boxes never hand out or change their arrays, so they can share them.
	 */
	private final byte[][] keyCache = new byte[KEY_CACHE_SIZE][];

	private static final int KEY_CACHE_SIZE = 32;

	private static final int MAX_CACHED_KEY_LENGTH = 32;

	/** Box shapes remembered per connection: a connection repeats a few. */
	private static final int SHAPE_CACHE_SIZE = 8;

	/** Boxes with more keys than this are sorted each time. */
	private static final int MAX_SHAPE_PAIRS = 16;

	private ArrivalShape @Nullable [] shapes;

	/** The keys of the last box's shape, in arrival order: the likely keys of the next. */
	private byte @Nullable [][] lastArrival;

	private int nextShape;

	/**
	 * Return the array of a key: one already handed out when the key was seen lately.
	 * @param bytes where the key is
	 * @param offset where it starts
	 * @param length how long it is
	 * @param position how many keys of its box came before it
	 * @return the key's bytes, not to be changed
	 */
	byte[] key(byte[] bytes, int offset, int length, int position) {
		if (length > MAX_CACHED_KEY_LENGTH) {
			return Arrays.copyOfRange(bytes, offset, offset + length);
		}
		// Boxes of a connection mostly repeat the last shape: its key at this place first.
		byte[][] predicted = this.lastArrival;
		if (predicted != null && position < predicted.length) {
			byte[] key = predicted[position];
			if (AmpBytes.sameBytes(key, bytes, offset, length)) {
				return key;
			}
		}
		int hash = length;
		for (int i = 0; i < length; i++) {
			hash = 31 * hash + bytes[offset + i];
		}
		int slot = (hash ^ (hash >>> 16)) & (KEY_CACHE_SIZE - 1);
		byte[] cached = this.keyCache[slot];
		if (cached != null && AmpBytes.sameBytes(cached, bytes, offset, length)) {
			return cached;
		}
		byte[] key = Arrays.copyOfRange(bytes, offset, offset + length);
		this.keyCache[slot] = key;
		return key;
	}

	/**
	 * Return the box of keys of a shape seen lately, with its sorted keys shared.
	 * @param keys the keys in arrival order, as {@link #key} handed them out
	 * @param values their values
	 * @param pairs how many pairs there are
	 * @return the box, or {@code null} when the shape is new
	 */
	@Nullable AmpBox knownBox(byte[][] keys, byte[][] values, int pairs) {
		ArrivalShape[] shapes = this.shapes;
		if (shapes != null) {
			for (ArrivalShape shape : shapes) {
				if (shape != null && shape.matches(keys, pairs)) {
					this.lastArrival = shape.arrival();
					return shape.box(values, pairs);
				}
			}
		}
		return null;
	}

	/**
	 * Remember the shape of a box whose keys all came from the key cache, so that the
	 * next boxes of that shape share its sorted keys and skip the sort.
	 */
	void learnShape(byte[][] keys, int pairs, AmpBox box) {
		byte[][] sorted = box.sortedKeys();
		if (pairs > MAX_SHAPE_PAIRS || sorted.length != pairs) {
			// Large, or with a repeated key (the last one won).
			return;
		}
		int[] order = new int[pairs];
		boolean inOrder = true;
		for (int slot = 0; slot < pairs; slot++) {
			byte[] key = sorted[slot];
			if (key.length > MAX_CACHED_KEY_LENGTH) {
				// Not from the key cache: the next box will not hold this array.
				return;
			}
			int arrival = 0;
			while (keys[arrival] != key) {
				arrival++;
			}
			order[slot] = arrival;
			inOrder &= (arrival == slot);
		}
		ArrivalShape[] shapes = this.shapes;
		if (shapes == null) {
			shapes = new ArrivalShape[SHAPE_CACHE_SIZE];
			this.shapes = shapes;
		}
		byte[][] arrival = Arrays.copyOf(keys, pairs);
		shapes[this.nextShape++ & (SHAPE_CACHE_SIZE - 1)] = new ArrivalShape(arrival, new AmpBoxShape(sorted),
				inOrder ? null : order);
		this.lastArrival = arrival;
	}

	/**
	 * Keys in the order they arrived in, and how to sort the values of a box that has
	 * them. Keys are compared by identity: the key cache hands out one array per key.
	 */
	private record ArrivalShape(byte[][] arrival, AmpBoxShape shape, int @Nullable [] order) {

		boolean matches(byte[][] keys, int pairs) {
			if (this.arrival.length != pairs) {
				return false;
			}
			for (int i = 0; i < pairs; i++) {
				if (this.arrival[i] != keys[i]) {
					return false;
				}
			}
			return true;
		}

		AmpBox box(byte[][] values, int pairs) {
			byte[][] sorted = new byte[pairs][];
			int[] order = this.order;
			if (order == null) {
				System.arraycopy(values, 0, sorted, 0, pairs);
			}
			else {
				for (int slot = 0; slot < pairs; slot++) {
					sorted[slot] = values[order[slot]];
				}
			}
			return new AmpBox(this.shape, sorted);
		}

	}

}
