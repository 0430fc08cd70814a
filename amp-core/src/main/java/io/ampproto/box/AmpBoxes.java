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

/**
 * Builds boxes from unsorted pairs: sorts by unsigned key bytes and keeps the last value
 * of a repeated key, as Twisted's dictionary does.
 */
final class AmpBoxes {

	/** Above this many pairs, sort in O(n log n): a hostile box may hold 150,000 pairs. */
	private static final int INSERTION_SORT_MAX = 32;

	private AmpBoxes() {
	}

	static AmpBox sortedBox(byte[][] keys, byte[][] values) {
		int n = keys.length;
		if (!isStrictlySorted(keys)) {
			if (n <= INSERTION_SORT_MAX) {
				insertionSort(keys, values);
			}
			else {
				mergeSort(keys, values);
			}
			n = dropEarlierDuplicates(keys, values);
			if (n != keys.length) {
				keys = Arrays.copyOf(keys, n);
				values = Arrays.copyOf(values, n);
			}
		}
		return new AmpBox(keys, values);
	}

	/**
	 * Stable insertion sort: boxes are small and usually arrive sorted from Twisted.
	 */
	private static void insertionSort(byte[][] keys, byte[][] values) {
		for (int i = 1; i < keys.length; i++) {
			byte[] key = keys[i];
			byte[] value = values[i];
			int j = i - 1;
			while (j >= 0 && Arrays.compareUnsigned(keys[j], key) > 0) {
				keys[j + 1] = keys[j];
				values[j + 1] = values[j];
				j--;
			}
			keys[j + 1] = key;
			values[j + 1] = value;
		}
	}

	/**
	 * Stable sort of large boxes: {@link Arrays#sort(Object[], java.util.Comparator)} is
	 * a merge sort, so repeated keys keep their arrival order.
	 */
	private static void mergeSort(byte[][] keys, byte[][] values) {
		Integer[] order = new Integer[keys.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		byte[][] unsortedKeys = keys.clone();
		byte[][] unsortedValues = values.clone();
		Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(unsortedKeys[a], unsortedKeys[b]));
		for (int i = 0; i < order.length; i++) {
			keys[i] = unsortedKeys[order[i]];
			values[i] = unsortedValues[order[i]];
		}
	}

	private static boolean isStrictlySorted(byte[][] keys) {
		for (int i = 1; i < keys.length; i++) {
			if (AmpBytes.compareKeys(keys[i - 1], keys[i]) >= 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * After a stable sort equal keys are adjacent in arrival order: keep the last one.
	 */
	private static int dropEarlierDuplicates(byte[][] keys, byte[][] values) {
		int out = 0;
		for (int i = 0; i < keys.length; i++) {
			if (i + 1 < keys.length && Arrays.equals(keys[i], keys[i + 1])) {
				continue;
			}
			keys[out] = keys[i];
			values[out] = values[i];
			out++;
		}
		return out;
	}

}
