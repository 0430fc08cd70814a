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
package io.ampproto.command.type;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * An open file descriptor passed over a UNIX domain socket: the value of Twisted's
 * {@code Descriptor} argument type. It can be any descriptor the operating system can
 * pass (a file, a pipe, a socket).
 * <p>
 * Ownership is explicit:
 * <ul>
 * <li>A descriptor passed to a call, or returned in a responder's answer, is handed
 * over: the connection closes it once the box carrying it has been written, or when
 * the box cannot be sent. Use {@link #borrow(FileDescriptor)} for a descriptor that
 * must stay open (the caller then keeps it open at least until the call completes).</li>
 * <li>A received descriptor belongs to whoever gets it: the responder whose command
 * names it, or the caller whose answer names it; close it when done. Received
 * descriptors that no box claims are closed when the connection closes.</li>
 * </ul>
 * Streams and channels made from a descriptor share it: closing one of them closes the
 * descriptor.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpDescriptor implements Closeable {

	private final FileDescriptor fileDescriptor;

	/** Closes the descriptor; {@code null} for a borrowed one. */
	private final @Nullable Closeable owner;

	private final AtomicBoolean closed = new AtomicBoolean();

	private AmpDescriptor(FileDescriptor fileDescriptor, @Nullable Closeable owner) {
		if (!fileDescriptor.valid()) {
			throw new IllegalArgumentException("Not a valid file descriptor: " + fileDescriptor);
		}
		this.fileDescriptor = fileDescriptor;
		this.owner = owner;
	}

	/**
	 * Take ownership of an open descriptor: {@link #close()} closes it.
	 * @param fileDescriptor the descriptor
	 * @return the owned descriptor
	 */
	public static AmpDescriptor of(FileDescriptor fileDescriptor) {
		Objects.requireNonNull(fileDescriptor, "fileDescriptor");
		return new AmpDescriptor(fileDescriptor, () -> new FileInputStream(fileDescriptor).close());
	}

	/**
	 * Take ownership of the descriptor of an open stream: {@link #close()} closes the
	 * stream.
	 * @param stream the stream
	 * @return the owned descriptor
	 */
	public static AmpDescriptor of(FileInputStream stream) {
		return new AmpDescriptor(descriptorOf(stream::getFD), stream);
	}

	/**
	 * Take ownership of the descriptor of an open stream: {@link #close()} closes the
	 * stream.
	 * @param stream the stream
	 * @return the owned descriptor
	 */
	public static AmpDescriptor of(FileOutputStream stream) {
		return new AmpDescriptor(descriptorOf(stream::getFD), stream);
	}

	/**
	 * Take ownership of the descriptor of an open file: {@link #close()} closes the file.
	 * @param file the file
	 * @return the owned descriptor
	 */
	public static AmpDescriptor of(RandomAccessFile file) {
		return new AmpDescriptor(descriptorOf(file::getFD), file);
	}

	/**
	 * Wrap a descriptor that stays its caller's: {@link #close()} and the connection
	 * never close it.
	 * @param fileDescriptor the descriptor
	 * @return the borrowed descriptor
	 */
	public static AmpDescriptor borrow(FileDescriptor fileDescriptor) {
		Objects.requireNonNull(fileDescriptor, "fileDescriptor");
		return new AmpDescriptor(fileDescriptor, null);
	}

	/**
	 * Open a file for reading.
	 * @param path the file
	 * @return the owned descriptor of the open file
	 * @throws IOException when the file cannot be opened
	 */
	public static AmpDescriptor open(Path path) throws IOException {
		return of(new FileInputStream(path.toFile()));
	}

	private static FileDescriptor descriptorOf(IoSupplier<FileDescriptor> supplier) {
		try {
			return supplier.get();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the descriptor.
	 * @return the Java descriptor
	 */
	public FileDescriptor fileDescriptor() {
		return this.fileDescriptor;
	}

	/**
	 * Return whether {@link #close()} has not been called and the descriptor is valid.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return !this.closed.get() && this.fileDescriptor.valid();
	}

	/**
	 * Return whether {@link #close()} closes the descriptor (it is not borrowed).
	 * @return whether it is owned
	 */
	public boolean isOwned() {
		return this.owner != null;
	}

	/**
	 * Return a new stream reading from the descriptor (at its current offset, which the
	 * sender shares).
	 * @return the stream; closing it closes the descriptor
	 */
	public FileInputStream newInputStream() {
		checkOpen();
		return new FileInputStream(this.fileDescriptor);
	}

	/**
	 * Return a new stream writing to the descriptor.
	 * @return the stream; closing it closes the descriptor
	 */
	public FileOutputStream newOutputStream() {
		checkOpen();
		return new FileOutputStream(this.fileDescriptor);
	}

	/**
	 * Return a new read-only channel on the descriptor; positional reads leave the
	 * shared offset alone.
	 * @return the channel; closing it closes the descriptor
	 */
	public FileChannel readableChannel() {
		return newInputStream().getChannel();
	}

	/**
	 * Return a new write-only channel on the descriptor.
	 * @return the channel; closing it closes the descriptor
	 */
	public FileChannel writableChannel() {
		return newOutputStream().getChannel();
	}

	private void checkOpen() {
		if (!isOpen()) {
			throw new IllegalStateException(this + " is closed");
		}
	}

	/**
	 * Close the descriptor, unless it is borrowed. Idempotent.
	 * @throws UncheckedIOException when closing fails
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true) || this.owner == null) {
			return;
		}
		try {
			this.owner.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot close " + this, ex);
		}
	}

	@Override
	public String toString() {
		return "AmpDescriptor{" + (isOpen() ? "open" : "closed") + ((this.owner != null) ? "" : ", borrowed") + "}";
	}

	@FunctionalInterface
	private interface IoSupplier<T> {

		T get() throws IOException;

	}

}
