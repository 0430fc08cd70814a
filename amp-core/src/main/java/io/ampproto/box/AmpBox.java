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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * An immutable AMP box: a map from byte-string keys to byte-string values.
 * <p>
 * Pairs are kept in ascending unsigned byte order of their keys, which is the order
 * Twisted writes them in, so encoding a box gives the same bytes as Twisted does. A box
 * may hold keys or values that break the wire limits (keys of 1..255 bytes, values up to
 * 65535 bytes): those are refused when the box is encoded, as in Twisted.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpBox {

	private static final AmpBox EMPTY = new AmpBox(new byte[0][], new byte[0][]);

	private final byte[][] keys;

	private final byte[][] values;

	/** The shape shared with other boxes, or {@code null}: speeds up key lookups. */
	private final @Nullable AmpBoxShape shape;

	/**
	 * The encoded length once a check found every key and value within the limits, else
	 * 0: a box passes through several checks on its way out, and is immutable. Racy like
	 * {@link String#hashCode()}, and as harmless.
	 */
	private int checkedLength;

	private int hash;

	/**
	 * Create a box from keys and values that are already sorted and free of duplicates.
	 * The arrays are owned by the box from then on.
	 */
	AmpBox(byte[][] keys, byte[][] values) {
		this.keys = keys;
		this.values = values;
		this.shape = null;
	}

	/**
	 * Create a box of a shared shape from values in the order of its sorted keys.
	 */
	AmpBox(AmpBoxShape shape, byte[][] values) {
		this.keys = shape.keys;
		this.values = values;
		this.shape = shape;
	}

	/**
	 * Return the empty box.
	 * @return the box with no pairs
	 */
	public static AmpBox empty() {
		return EMPTY;
	}

	/**
	 * Return a new builder.
	 * @return a builder with no pairs
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a box of UTF-8 text keys and values, given as alternating key and value.
	 * @param keysAndValues key, value, key, value...
	 * @return the box
	 */
	public static AmpBox of(String... keysAndValues) {
		if (keysAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("'keysAndValues' must alternate keys and values");
		}
		Builder builder = builder();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			builder.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return builder.build();
	}

	/**
	 * Return a builder that starts with the pairs of this box.
	 * @return a builder holding a copy of this box's pairs
	 */
	public Builder toBuilder() {
		// Room for the two pairs a call adds (_command and _ask), so that build() can
		// hand its arrays to the box instead of copying them.
		int size = this.keys.length;
		Builder builder = new Builder(size + 2);
		System.arraycopy(this.keys, 0, builder.keys, 0, size);
		System.arraycopy(this.values, 0, builder.values, 0, size);
		builder.size = size;
		return builder;
	}

	/**
	 * Return a box with one more pair of UTF-8 text, or with the value of a key that is
	 * present replaced: the other pairs are shared, not copied, and nothing is sorted.
	 * @param key the key
	 * @param value the value
	 * @return a new box
	 */
	public AmpBox with(String key, String value) {
		return withOwned(key, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return a box with one more pair, or with the value of a key that is present
	 * replaced: the other pairs are shared, not copied, and nothing is sorted.
	 * @param key the key
	 * @param value the value bytes (copied)
	 * @return a new box
	 */
	public AmpBox with(String key, byte[] value) {
		return withOwned(key, value.clone());
	}

	private AmpBox withOwned(String key, byte[] valueBytes) {
		byte[] keyBytes = AmpBytes.utf8(key);
		if (keyBytes.length == 0) {
			throw new IllegalArgumentException("An AMP key must not be empty: an empty key ends a box on the wire");
		}
		int index = indexOf(keyBytes);
		if (index >= 0) {
			byte[][] values = this.values.clone();
			values[index] = valueBytes;
			return new AmpBox(this.keys, values);
		}
		int low = -(index + 1);
		int size = this.keys.length;
		byte[][] keys = new byte[size + 1][];
		byte[][] values = new byte[size + 1][];
		System.arraycopy(this.keys, 0, keys, 0, low);
		System.arraycopy(this.values, 0, values, 0, low);
		keys[low] = keyBytes;
		values[low] = valueBytes;
		System.arraycopy(this.keys, low, keys, low + 1, size - low);
		System.arraycopy(this.values, low, values, low + 1, size - low);
		return new AmpBox(keys, values);
	}

	/**
	 * Return the number of pairs.
	 * @return the number of pairs
	 */
	public int size() {
		return this.keys.length;
	}

	/**
	 * Return whether the box holds no pairs.
	 * @return whether the box is empty
	 */
	public boolean isEmpty() {
		return this.keys.length == 0;
	}

	/**
	 * Return whether the box holds the given key.
	 * @param key the key as UTF-8 text
	 * @return whether it is present
	 */
	public boolean containsKey(String key) {
		return indexOf(key) >= 0;
	}

	/**
	 * Return whether the box holds the given key.
	 * @param key the key bytes
	 * @return whether it is present
	 */
	public boolean containsKey(byte[] key) {
		return indexOf(key) >= 0;
	}

	/**
	 * Return a copy of the value of a key.
	 * @param key the key as UTF-8 text
	 * @return a copy of the value bytes, or {@code null} when the key is absent
	 */
	public byte @Nullable [] getBytes(String key) {
		int index = indexOf(key);
		return (index >= 0) ? this.values[index].clone() : null;
	}

	/**
	 * Return a copy of the value of a key.
	 * @param key the key bytes
	 * @return a copy of the value bytes, or {@code null} when the key is absent
	 */
	public byte @Nullable [] getBytes(byte[] key) {
		int index = indexOf(key);
		return (index >= 0) ? this.values[index].clone() : null;
	}

	/**
	 * Return a read-only view of the value of a key, without copying it.
	 * @param key the key as UTF-8 text
	 * @return a read-only buffer over the value, or {@code null} when the key is absent
	 */
	public @Nullable ByteBuffer getBuffer(String key) {
		int index = indexOf(key);
		return (index >= 0) ? ByteBuffer.wrap(this.values[index]).asReadOnlyBuffer() : null;
	}

	/**
	 * Return the value of a key decoded as UTF-8 text (malformed input is replaced).
	 * @param key the key as UTF-8 text
	 * @return the text, or {@code null} when the key is absent
	 */
	public @Nullable String getText(String key) {
		int index = indexOf(key);
		return (index >= 0) ? new String(this.values[index], StandardCharsets.UTF_8) : null;
	}

	/**
	 * Return whether a key is present with the given value, without copying the value.
	 * @param key the key as UTF-8 text
	 * @param value the value bytes
	 * @return whether the key holds exactly those bytes
	 */
	public boolean valueEquals(String key, byte[] value) {
		int index = indexOf(key);
		return index >= 0 && Arrays.equals(this.values[index], value);
	}

	/**
	 * Return the length of the value of a key.
	 * @param key the key as UTF-8 text
	 * @return the value's length in bytes, or -1 when the key is absent
	 */
	public int valueLength(String key) {
		int index = indexOf(key);
		return (index >= 0) ? this.values[index].length : -1;
	}

	/**
	 * Return the keys, in wire order, as UTF-8 text.
	 * @return the keys
	 */
	public List<String> keys() {
		List<String> result = new ArrayList<>(this.keys.length);
		for (byte[] key : this.keys) {
			result.add(new String(key, StandardCharsets.UTF_8));
		}
		return Collections.unmodifiableList(result);
	}

	/**
	 * Call the consumer with every pair in wire order. The arrays are copies.
	 * @param consumer receives each key and value
	 */
	public void forEach(BiConsumer<byte[], byte[]> consumer) {
		for (int i = 0; i < this.keys.length; i++) {
			consumer.accept(this.keys[i].clone(), this.values[i].clone());
		}
	}

	/**
	 * Return the pairs as an ordered map of UTF-8 text (malformed input is replaced).
	 * @return the pairs in wire order
	 */
	public Map<String, String> toTextMap() {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < this.keys.length; i++) {
			map.put(new String(this.keys[i], StandardCharsets.UTF_8), new String(this.values[i], StandardCharsets.UTF_8));
		}
		return map;
	}

	/**
	 * Return the number of bytes this box takes on the wire.
	 * @return the encoded length, terminator included
	 */
	public int encodedLength() {
		int length = 2;
		for (int i = 0; i < this.keys.length; i++) {
			length += 4 + this.keys[i].length + this.values[i].length;
		}
		return length;
	}

	/** Return the encoded length if the box was checked as sendable, else 0. */
	int checkedLength() {
		return this.checkedLength;
	}

	void checked(int encodedLength) {
		this.checkedLength = encodedLength;
	}

	// Internal accessors for the codec and the command layer: never handed to users.
	byte[] keyAt(int index) {
		return this.keys[index];
	}

	byte[] valueAt(int index) {
		return this.values[index];
	}

	int indexOf(String key) {
		AmpBoxShape shape = this.shape;
		if (shape == null) {
			return SortedKeys.search(this.keys, key);
		}
		int index = shape.find(key);
		if (index == AmpBoxShape.UNKNOWN) {
			index = SortedKeys.search(this.keys, key);
			shape.remember(key, index);
		}
		return index;
	}

	/** Return the sorted keys, which boxes share and never change. */
	byte[][] sortedKeys() {
		return this.keys;
	}

	/**
	 * Find a key, as {@link java.util.Arrays#binarySearch(Object[], Object)} does: its
	 * index, or {@code -(insertion point) - 1} when it is absent.
	 */
	int indexOf(byte[] key) {
		return SortedKeys.indexOf(this.keys, key);
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof AmpBox other) || other.keys.length != this.keys.length) {
			return false;
		}
		for (int i = 0; i < this.keys.length; i++) {
			if (!Arrays.equals(this.keys[i], other.keys[i]) || !Arrays.equals(this.values[i], other.values[i])) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		int h = this.hash;
		if (h == 0 && this.keys.length > 0) {
			h = 1;
			for (int i = 0; i < this.keys.length; i++) {
				h = 31 * h + Arrays.hashCode(this.keys[i]);
				h = 31 * h + Arrays.hashCode(this.values[i]);
			}
			this.hash = h;
		}
		return h;
	}

	/**
	 * Return a readable form for logs: text as text, bytes as hex. It is bounded
	 * whatever the box (a peer chooses what gets logged): at most 32 pairs, 200
	 * characters of text and 32 bytes of hex per key or value.
	 * @return the readable form
	 */
	@Override
	public String toString() {
		return ReadableBox.toString(this.keys, this.values);
	}

	/**
	 * Builds an {@link AmpBox}. A later value for the same key replaces the earlier one,
	 * as in Twisted's dictionary boxes.
	 */
	public static final class Builder {

		private byte[][] keys;

		private byte[][] values;

		private int size;

		/** Whether the arrays belong to a box built: copied before the next change. */
		private boolean shared;

		private Builder() {
			this(8);
		}

		private Builder(int capacity) {
			this.keys = new byte[capacity][];
			this.values = new byte[capacity][];
		}

		/**
		 * Put a pair of UTF-8 text.
		 * @param key the key
		 * @param value the value
		 * @return this builder
		 */
		public Builder put(String key, String value) {
			return putOwned(checkKey(AmpBytes.utf8(key)), value.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Put a pair with a text key and a byte value.
		 * @param key the key
		 * @param value the value (copied)
		 * @return this builder
		 */
		public Builder put(String key, byte[] value) {
			return putOwned(checkKey(AmpBytes.utf8(key)), value.clone());
		}

		/**
		 * Put a pair of bytes.
		 * @param key the key (copied)
		 * @param value the value (copied)
		 * @return this builder
		 */
		public Builder put(byte[] key, byte[] value) {
			return putOwned(checkKey(key.clone()), value.clone());
		}

		/**
		 * Remove a key, if present.
		 * @param key the key as UTF-8 text
		 * @return this builder
		 */
		public Builder remove(String key) {
			byte[] bytes = AmpBytes.utf8(key);
			for (int i = 0; i < this.size; i++) {
				if (Arrays.equals(this.keys[i], bytes)) {
					unshare(this.keys.length);
					System.arraycopy(this.keys, i + 1, this.keys, i, this.size - i - 1);
					System.arraycopy(this.values, i + 1, this.values, i, this.size - i - 1);
					this.size--;
					this.keys[this.size] = null;
					this.values[this.size] = null;
					return this;
				}
			}
			return this;
		}

		/**
		 * Put a pair whose arrays the builder may keep without copying.
		 */
		Builder putOwned(byte[] key, byte[] value) {
			if (this.size == this.keys.length) {
				unshare(Math.max(8, this.size * 2));
			}
			else if (this.shared) {
				unshare(this.keys.length);
			}
			this.keys[this.size] = key;
			this.values[this.size] = value;
			this.size++;
			return this;
		}

		/**
		 * Return the number of pairs put so far (duplicates counted).
		 * @return the number of pairs
		 */
		int size() {
			return this.size;
		}

		/**
		 * Build the box.
		 * @return a new immutable box
		 */
		public AmpBox build() {
			if (this.size == 0) {
				return EMPTY;
			}
			if (this.size < this.keys.length) {
				return AmpBoxes.sortedBox(Arrays.copyOf(this.keys, this.size), Arrays.copyOf(this.values, this.size));
			}
			// Full: the box takes the arrays (and sorts them in place), and the builder
			// goes on from the box's pairs, copying them before its next change.
			AmpBox box = AmpBoxes.sortedBox(this.keys, this.values);
			this.keys = box.keys;
			this.values = box.values;
			this.size = box.keys.length;
			this.shared = true;
			return box;
		}

		private void unshare(int capacity) {
			this.keys = Arrays.copyOf(this.keys, capacity);
			this.values = Arrays.copyOf(this.values, capacity);
			this.shared = false;
		}

		private static byte[] checkKey(byte[] key) {
			if (key.length == 0) {
				throw new IllegalArgumentException("An AMP key must not be empty: an empty key ends a box on the wire");
			}
			return key;
		}

	}

}
