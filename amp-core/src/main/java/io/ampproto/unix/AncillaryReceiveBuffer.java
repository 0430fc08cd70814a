/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.unix;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The buffer into which junixsocket receives a socket's control messages, made large
 * enough for the most descriptors Linux passes in one message, and read again when
 * junixsocket gives up on a read.
 * <p>
 * When the control buffer of a {@code recvmsg} is too small ({@code MSG_CTRUNC}), or the
 * process runs out of descriptors, the kernel installs the descriptors that fit and drops
 * the others; junixsocket then fails the read without reporting the installed ones, and
 * they would stay open for the life of the process. junixsocket (2.11) caps its buffer at
 * 256 bytes, about 60 descriptors. Neither the buffer nor its size is public, so both are
 * reached by reflection; where that is refused (junixsocket on the module path, or a
 * version that changed), junixsocket's own buffer is used, and a read it fails can only
 * be reported.
 *
 * @author AMP for Spring Boot contributors
 */
final class AncillaryReceiveBuffer {

	private static final Logger logger = Loggers.getLogger(AncillaryReceiveBuffer.class);

	/** Linux's {@code SCM_MAX_FD}: the most descriptors one {@code sendmsg} may carry. */
	static final int MAX_DESCRIPTORS_PER_MESSAGE = 253;

	/** What junixsocket keeps when asked for more (it caps the size at 256 bytes). */
	private static final int JUNIXSOCKET_SIZE = 256;

	private static final @Nullable Internals INTERNALS = Internals.find();

	private static final @Nullable ControlMessageLayout LAYOUT = ControlMessageLayout.find();

	/** The size that holds {@value #MAX_DESCRIPTORS_PER_MESSAGE} descriptors. */
	static final int SIZE = align((LAYOUT != null) ? LAYOUT.headerLength : 16)
			+ align(MAX_DESCRIPTORS_PER_MESSAGE * Integer.BYTES);

	/** junixsocket's, in native order; {@code null} when it cannot be reached. */
	private final @Nullable ByteBuffer buffer;

	private AncillaryReceiveBuffer(@Nullable ByteBuffer buffer) {
		this.buffer = buffer;
	}

	/**
	 * Give a socket the largest control buffer one message needs.
	 * @param socket a socket that passes descriptors
	 * @return its buffer
	 */
	static AncillaryReceiveBuffer install(AFSocketChannel<?> socket) {
		return install(socket, SIZE);
	}

	/**
	 * Give a socket a control buffer of the given size (for tests: smaller than a
	 * message may need).
	 */
	static AncillaryReceiveBuffer install(AFSocketChannel<?> socket, int size) {
		Internals internals = INTERNALS;
		if (internals != null) {
			ByteBuffer buffer = internals.resize(socket, size);
			if (buffer != null) {
				return new AncillaryReceiveBuffer(buffer.duplicate().order(ByteOrder.nativeOrder()));
			}
		}
		socket.setAncillaryReceiveBufferSize(JUNIXSOCKET_SIZE);
		return new AncillaryReceiveBuffer(null);
	}

	/**
	 * Return how many descriptors one read accepts.
	 * @return the number of descriptors, or about 60 where the buffer cannot be enlarged
	 */
	int capacity() {
		int header = (LAYOUT != null) ? LAYOUT.headerLength : 16;
		int size = (this.buffer != null) ? this.buffer.capacity() : JUNIXSOCKET_SIZE;
		return (size - header) / Integer.BYTES;
	}

	/**
	 * Call before each read: a header left by an earlier message must not be taken for
	 * one of the next.
	 */
	void beforeRead() {
		ByteBuffer buffer = this.buffer;
		if (buffer != null && LAYOUT != null) {
			for (int i = 0; i < LAYOUT.headerLength; i += Integer.BYTES) {
				buffer.putInt(i, 0);
			}
		}
	}

	/**
	 * Call after a read that failed: close the descriptors the kernel installed for it.
	 * @return how many were closed, or -1 when they cannot be known
	 */
	int closeInstalled() {
		ByteBuffer buffer = this.buffer;
		ControlMessageLayout layout = LAYOUT;
		if (buffer == null || layout == null) {
			return -1;
		}
		long length = (layout.lengthBytes == Long.BYTES) ? buffer.getLong(0) : Integer.toUnsignedLong(buffer.getInt(0));
		int level = buffer.getInt(layout.lengthBytes);
		int type = buffer.getInt(layout.lengthBytes + Integer.BYTES);
		if (level != layout.socketLevel || type != ControlMessageLayout.SCM_RIGHTS || length <= layout.headerLength) {
			return 0;
		}
		long count = Math.min(length - layout.headerLength, buffer.capacity() - layout.headerLength) / Integer.BYTES;
		int closed = 0;
		for (int i = 0; i < count; i++) {
			if (close(buffer.getInt(layout.headerLength + i * Integer.BYTES))) {
				closed++;
			}
		}
		beforeRead();
		return closed;
	}

	private static boolean close(int fd) {
		try {
			FileDescriptor descriptor = FileDescriptorCast.unsafeUsing(fd).getFileDescriptor();
			new FileInputStream(descriptor).close();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot close received file descriptor {}", fd, ex);
			return false;
		}
	}

	private static int align(int length) {
		return (length + Long.BYTES - 1) & -Long.BYTES;
	}

	/**
	 * The layout of a {@code cmsghdr} here; {@code null} on a platform we do not know.
	 */
	private record ControlMessageLayout(int lengthBytes, int headerLength, int socketLevel) {

		static final int SCM_RIGHTS = 1;

		static @Nullable ControlMessageLayout find() {
			String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
			boolean wide = "64".equals(System.getProperty("sun.arch.data.model"));
			if (os.startsWith("linux")) {
				// size_t cmsg_len, int cmsg_level, int cmsg_type; data aligned to size_t.
				return wide ? new ControlMessageLayout(8, 16, 1) : new ControlMessageLayout(4, 12, 1);
			}
			if (os.startsWith("mac")) {
				// socklen_t cmsg_len; data aligned to 4 bytes; SOL_SOCKET is 0xffff.
				return new ControlMessageLayout(4, 12, 0xffff);
			}
			return null;
		}

	}

	/**
	 * The members of junixsocket that hold a socket's control buffer.
	 */
	private record Internals(Method core, Field support, Method resize, Field buffer) {

		static @Nullable Internals find() {
			try {
				Method core = AFSocketChannel.class.getDeclaredMethod("getAFCore");
				Field support = field(core.getReturnType(), "ancillaryDataSupport");
				Method resize = support.getType().getDeclaredMethod("setAncillaryReceiveBufferSize0", int.class);
				Field buffer = support.getType().getDeclaredField("ancillaryReceiveBuffer");
				core.setAccessible(true);
				support.setAccessible(true);
				resize.setAccessible(true);
				buffer.setAccessible(true);
				return new Internals(core, support, resize, buffer);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("Cannot reach junixsocket's control message buffer ({}): a UNIX domain socket connection "
						+ "accepts at most about 60 file descriptors per message, and a peer that sends more "
						+ "leaves the ones received open", ex.toString());
				return null;
			}
		}

		private static Field field(Class<?> type, String name) throws NoSuchFieldException {
			for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
				try {
					return candidate.getDeclaredField(name);
				}
				catch (NoSuchFieldException ex) {
					// Declared higher up.
				}
			}
			throw new NoSuchFieldException(type.getName() + "." + name);
		}

		@Nullable ByteBuffer resize(AFSocketChannel<?> socket, int size) {
			try {
				Object ancillary = this.support.get(this.core.invoke(socket));
				this.resize.invoke(ancillary, size);
				return (this.buffer.get(ancillary) instanceof ByteBuffer buffer && buffer.isDirect()
						&& buffer.capacity() == size && socket.getAncillaryReceiveBufferSize() == size) ? buffer : null;
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.debug("Cannot resize the control message buffer of {}", socket, ex);
				return null;
			}
		}

	}

}
