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
 * The sorted keys that the boxes of one shape, decoded by one connection's decoder,
 * share, with where the keys looked up in them lately were: a connection's boxes repeat
 * a few shapes, and their readers ask for the same few keys.
 * Shared between threads without locks: each memo is immutable, so a race costs one
 * search, never a wrong answer.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpBoxShape {

	/** What {@link #find(String)} returns for a key it has no memo of. */
	static final int UNKNOWN = Integer.MIN_VALUE;

	private static final int MEMOS = 8;

	final byte[][] keys;

	private final Memo[] memos = new Memo[MEMOS];

	private int nextMemo;

	AmpBoxShape(byte[][] keys) {
		this.keys = keys;
	}

	/**
	 * Return the index remembered for a key (by identity, as the key constants of
	 * readers are), or {@link #UNKNOWN}.
	 */
	int find(String key) {
		for (Memo memo : this.memos) {
			if (memo != null && memo.key == key) {
				return memo.index;
			}
		}
		return UNKNOWN;
	}

	void remember(String key, int index) {
		this.memos[this.nextMemo++ & (MEMOS - 1)] = new Memo(key, index);
	}

	private record Memo(String key, int index) {
	}

}
