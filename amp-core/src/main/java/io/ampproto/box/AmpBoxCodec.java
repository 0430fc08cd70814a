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
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Encodes boxes to the AMP wire format and decodes complete byte strings of boxes (as
 * nested in an {@code AmpList} value). The streaming decoder is {@link AmpBoxDecoder}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpBoxCodec {

	private AmpBoxCodec() {
	}

	/**
	 * Check that every key is 1..255 bytes and every value at most 65535 bytes.
	 * @param box the box to send
	 * @throws AmpTooLongException (local) for the first pair that breaks a limit
	 */
	public static void checkSendable(AmpBox box) {
		if (box.checkedLength() != 0) {
			return;
		}
		int length = 2;
		for (int i = 0; i < box.size(); i++) {
			byte[] key = box.keyAt(i);
			if (key.length > AmpLimits.MAX_KEY_LENGTH) {
				throw new AmpTooLongException(AmpTooLongException.Part.KEY, true, key.length, AmpLimits.MAX_KEY_LENGTH,
						null);
			}
			byte[] value = box.valueAt(i);
			if (value.length > AmpLimits.MAX_VALUE_LENGTH) {
				throw new AmpTooLongException(AmpTooLongException.Part.VALUE, true, value.length,
						AmpLimits.MAX_VALUE_LENGTH, new String(key, StandardCharsets.UTF_8));
			}
			length += 4 + key.length + value.length;
		}
		box.checked(length);
	}

	/**
	 * Encode a box into a new array.
	 * @param box the box
	 * @return the wire bytes, terminator included
	 * @throws AmpTooLongException (local) when a limit is broken
	 */
	public static byte[] encode(AmpBox box) {
		checkSendable(box);
		byte[] out = new byte[box.encodedLength()];
		int pos = 0;
		for (int i = 0; i < box.size(); i++) {
			pos = put(out, pos, box.keyAt(i));
			pos = put(out, pos, box.valueAt(i));
		}
		// The last two bytes are already zero: the empty key that ends the box.
		return out;
	}

	/**
	 * Encode a checked box into the start of an array long enough for it.
	 * @return the encoded length, terminator included
	 */
	static int encodeChecked(AmpBox box, byte[] out) {
		int pos = 0;
		for (int i = 0; i < box.size(); i++) {
			pos = put(out, pos, box.keyAt(i));
			pos = put(out, pos, box.valueAt(i));
		}
		out[pos] = 0;
		out[pos + 1] = 0;
		return pos + 2;
	}

	private static int put(byte[] out, int pos, byte[] bytes) {
		out[pos] = (byte) (bytes.length >>> 8);
		out[pos + 1] = (byte) bytes.length;
		System.arraycopy(bytes, 0, out, pos + 2, bytes.length);
		return pos + 2 + bytes.length;
	}

	/**
	 * Encode a box into a buffer. The limits are checked before anything is written.
	 * @param box the box
	 * @param out the buffer to write to
	 * @throws AmpTooLongException (local) when a limit is broken
	 */
	public static void encode(AmpBox box, ByteBuf out) {
		checkSendable(box);
		out.ensureWritable(box.encodedLength());
		for (int i = 0; i < box.size(); i++) {
			byte[] key = box.keyAt(i);
			out.writeShort(key.length);
			out.writeBytes(key);
			byte[] value = box.valueAt(i);
			out.writeShort(value.length);
			out.writeBytes(value);
		}
		out.writeShort(0);
	}

	/**
	 * Decode a byte string of concatenated boxes, as Twisted parses an {@code AmpList}
	 * value: a trailing incomplete box is dropped, and empty boxes are allowed.
	 * @param bytes the concatenated boxes
	 * @return the complete boxes, in order
	 * @throws AmpTooLongException (remote) when a key length prefix is above 255
	 */
	public static List<AmpBox> decodeConcatenated(ByteBuffer bytes) {
		ByteBuffer in = bytes.duplicate();
		List<AmpBox> boxes = new ArrayList<>();
		AmpBox.Builder builder = AmpBox.builder();
		while (in.remaining() >= 2) {
			int keyLength = in.getShort() & 0xFFFF;
			if (keyLength == 0) {
				boxes.add(builder.build());
				builder = AmpBox.builder();
				continue;
			}
			if (keyLength > AmpLimits.MAX_KEY_LENGTH) {
				throw new AmpTooLongException(AmpTooLongException.Part.KEY, false, keyLength, AmpLimits.MAX_KEY_LENGTH,
						null);
			}
			if (in.remaining() < keyLength + 2) {
				break;
			}
			byte[] key = new byte[keyLength];
			in.get(key);
			int valueLength = in.getShort() & 0xFFFF;
			if (in.remaining() < valueLength) {
				break;
			}
			byte[] value = new byte[valueLength];
			in.get(value);
			builder.putOwned(key, value);
		}
		return boxes;
	}

}
