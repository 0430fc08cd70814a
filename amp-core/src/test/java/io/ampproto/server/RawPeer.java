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
package io.ampproto.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A peer on a plain blocking socket, which writes and reads exactly when a test says so:
 * it can flood a server without reading a byte of what comes back.
 */
final class RawPeer implements AutoCloseable {

	final Socket socket;

	private final DataInputStream in;

	/** Bytes handed to the socket by {@link #writeInBackground}. */
	final AtomicLong written = new AtomicLong();

	final AtomicBoolean writerDone = new AtomicBoolean();

	private volatile @Nullable Throwable writerFailure;

	RawPeer(int port) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress("127.0.0.1", port));
		this.socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
		this.in = new DataInputStream(new BufferedInputStream(this.socket.getInputStream()));
	}

	void write(byte[] bytes) throws IOException {
		this.socket.getOutputStream().write(bytes);
		this.socket.getOutputStream().flush();
	}

	/**
	 * Write boxes from another thread; the thread blocks when the peer stops reading.
	 */
	Thread writeInBackground(int count, IntFunction<AmpBox> box) {
		Thread writer = new Thread(() -> {
			try {
				OutputStream out = new BufferedOutputStream(this.socket.getOutputStream(), 16 * 1024);
				for (int i = 0; i < count; i++) {
					byte[] bytes = AmpBoxCodec.encode(box.apply(i));
					out.write(bytes);
					this.written.addAndGet(bytes.length);
				}
				out.flush();
			}
			catch (IOException ex) {
				this.writerFailure = ex;
			}
			finally {
				this.writerDone.set(true);
			}
		}, "raw-peer-writer");
		writer.setDaemon(true);
		writer.start();
		return writer;
	}

	/**
	 * Wait until the writer has made no progress for half a second: the peer stopped
	 * reading (or everything was written).
	 */
	void awaitWriterStalled() {
		awaitWriterStalled(() -> true);
	}

	/**
	 * Wait until the writer has made no progress for half a second while a condition
	 * holds.
	 */
	void awaitWriterStalled(BooleanSupplier condition) {
		long[] last = { -1 };
		int[] still = { 0 };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			long now = this.written.get();
			still[0] = (now == last[0] && now > 0 && condition.getAsBoolean()) ? still[0] + 1 : 0;
			last[0] = now;
			return still[0] >= 5;
		});
	}

	@Nullable Throwable writerFailure() {
		return this.writerFailure;
	}

	/**
	 * Read the next box.
	 * @return the box, or {@code null} at the end of the stream
	 */
	@Nullable AmpBox read() throws IOException {
		AmpBox.Builder builder = AmpBox.builder();
		try {
			while (true) {
				int keyLength = this.in.readUnsignedShort();
				if (keyLength == 0) {
					return builder.build();
				}
				byte[] key = new byte[keyLength];
				this.in.readFully(key);
				byte[] value = new byte[this.in.readUnsignedShort()];
				this.in.readFully(value);
				builder.put(key, value);
			}
		}
		catch (EOFException ex) {
			return null;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
