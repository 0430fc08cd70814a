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

/**
 * Binary searches of the sorted keys of a box, shared by boxes of one shape.
 *
 * @author AMP for Spring Boot contributors
 */
final class SortedKeys {

	private SortedKeys() {
	}

	/**
	 * Find a key given as a string, without encoding it when it is ASCII: its index, or
	 * a negative number when it is absent.
	 */
	static int search(byte[][] keys, String key) {
		int low = 0;
		int high = keys.length - 1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			int cmp = compareAscii(keys[mid], key);
			if (cmp == NOT_ASCII) {
				// Compare the UTF-8 bytes instead.
				return indexOf(keys, AmpBytes.utf8(key));
			}
			if (cmp < 0) {
				low = mid + 1;
			}
			else if (cmp > 0) {
				high = mid - 1;
			}
			else {
				return mid;
			}
		}
		return -1;
	}

	private static final int NOT_ASCII = Integer.MIN_VALUE;

	/**
	 * Compare a key with the UTF-8 bytes of an ASCII string (whose bytes are its chars),
	 * without encoding it; {@link #NOT_ASCII} when the string is not ASCII.
	 */
	private static int compareAscii(byte[] key, String text) {
		int length = Math.min(key.length, text.length());
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				return NOT_ASCII;
			}
			int cmp = (key[i] & 0xFF) - c;
			if (cmp != 0) {
				return cmp;
			}
		}
		for (int i = length; i < text.length(); i++) {
			if (text.charAt(i) >= 0x80) {
				return NOT_ASCII;
			}
		}
		return key.length - text.length();
	}

	/**
	 * Find a key, as {@link java.util.Arrays#binarySearch(Object[], Object)} does: its
	 * index, or {@code -(insertion point) - 1} when it is absent.
	 */
	static int indexOf(byte[][] keys, byte[] key) {
		int low = 0;
		int high = keys.length - 1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			int cmp = AmpBytes.compareKeys(keys[mid], key);
			if (cmp < 0) {
				low = mid + 1;
			}
			else if (cmp > 0) {
				high = mid - 1;
			}
			else {
				return mid;
			}
		}
		return -(low + 1);
	}

}
