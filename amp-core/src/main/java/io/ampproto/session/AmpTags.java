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

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The tags of our calls ({@code _ask}), as Twisted writes them: the call's number in
 * lower-case hex without leading zeros. Kept as numbers, so that matching an answer to
 * its call needs no string.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpTags {

	/** Not a tag of ours: tags start at 1. */
	static final long NONE = 0;

	private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private AmpTags() {
	}

	/**
	 * Return the bytes of a tag.
	 * @param tag a positive tag
	 * @return its lower-case hex digits
	 */
	static byte[] bytes(long tag) {
		int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(tag)) / 4);
		byte[] bytes = new byte[digits];
		long rest = tag;
		for (int i = digits - 1; i >= 0; i--) {
			bytes[i] = DIGITS[(int) (rest & 0xF)];
			rest >>>= 4;
		}
		return bytes;
	}

	/**
	 * Read a tag exactly as we write them: the peer echoes our bytes, so any other
	 * spelling (upper case, leading zeros) names no call of ours, as in Twisted, whose
	 * table of calls is keyed by the bytes.
	 * @param bytes the value of {@code _answer} or {@code _error}
	 * @return the tag, or {@link #NONE} when the bytes are no tag of ours
	 */
	static long parse(byte @Nullable [] bytes) {
		if (bytes == null || bytes.length == 0 || bytes.length > 15 || bytes[0] == '0') {
			return NONE;
		}
		long tag = 0;
		for (byte b : bytes) {
			int digit;
			if (b >= '0' && b <= '9') {
				digit = b - '0';
			}
			else if (b >= 'a' && b <= 'f') {
				digit = b - 'a' + 10;
			}
			else {
				return NONE;
			}
			tag = (tag << 4) | digit;
		}
		return tag;
	}

	/**
	 * Return a tag as text, for messages.
	 * @param tag the tag
	 * @return its hex digits
	 */
	static String text(long tag) {
		return Long.toHexString(tag);
	}

}
