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

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;

/**
 * Reads and writes whole AMP boxes on blocking streams, for raw peers in tests.
 */
final class RawBoxes {

	private RawBoxes() {
	}

	/** Read the exact bytes of one box. */
	static byte[] readBoxBytes(InputStream in) throws IOException {
		ByteArrayOutputStream box = new ByteArrayOutputStream();
		while (true) {
			byte[] keyLength = readFully(in, 2);
			box.write(keyLength);
			int length = ((keyLength[0] & 0xFF) << 8) | (keyLength[1] & 0xFF);
			if (length == 0) {
				return box.toByteArray();
			}
			box.write(readFully(in, length));
			byte[] valueLength = readFully(in, 2);
			box.write(valueLength);
			box.write(readFully(in, ((valueLength[0] & 0xFF) << 8) | (valueLength[1] & 0xFF)));
		}
	}

	static AmpBox readBox(InputStream in) throws IOException {
		return AmpBoxCodec.decodeConcatenated(ByteBuffer.wrap(readBoxBytes(in))).get(0);
	}

	static void writeBox(OutputStream out, AmpBox box) throws IOException {
		out.write(AmpBoxCodec.encode(box));
		out.flush();
	}

	static byte[] readFully(InputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		int read = 0;
		while (read < length) {
			int n = in.read(bytes, read, length - read);
			if (n < 0) {
				throw new EOFException("Stream ended after " + read + " of " + length + " bytes");
			}
			read += n;
		}
		return bytes;
	}

}
