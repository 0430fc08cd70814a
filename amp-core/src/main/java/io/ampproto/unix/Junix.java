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
package io.ampproto.unix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Every use of junixsocket outside the channels, kept apart so that
 * {@link AmpUnixSockets} loads without it.
 *
 * @author AMP for Spring Boot contributors
 */
final class Junix {

	/** {@code S_IFMT} and {@code S_IFSOCK} of {@code st_mode}. */
	private static final int FILE_TYPE_MASK = 0170000;

	private static final int SOCKET_TYPE = 0140000;

	private Junix() {
	}

	static boolean isSupported() {
		return AFUNIXSocket.isSupported();
	}

	static boolean canPassDescriptors() {
		return AFSocket.supports(AFSocketCapability.CAPABILITY_FILE_DESCRIPTORS);
	}

	static SocketAddress address(Path path) {
		try {
			return AFUNIXSocketAddress.of(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Invalid UNIX domain socket path " + path + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The address to bind to, after removing the socket file of a server that is gone
	 * (a live server's file, or any other file, is left for bind to refuse).
	 */
	static SocketAddress bindAddress(Path path) {
		AFUNIXSocketAddress address = (AFUNIXSocketAddress) address(path);
		try {
			if (isSocketFile(path) && !isListening(address)) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			// Then bind reports what is wrong with the path.
		}
		return address;
	}

	private static boolean isSocketFile(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return mode instanceof Integer bits && (bits & FILE_TYPE_MASK) == SOCKET_TYPE;
	}

	private static boolean isListening(AFUNIXSocketAddress address) {
		try (AFUNIXSocket socket = address.newConnectedSocket()) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static boolean isUnixAddress(SocketAddress address) {
		return address instanceof AFUNIXSocketAddress;
	}

	static boolean isUnnamed(SocketAddress address) {
		return address instanceof AFUNIXSocketAddress unix && unix.getPathAsBytes().length == 0;
	}

	static String describe(SocketAddress address) {
		if (address instanceof AFUNIXSocketAddress unix) {
			return "unix:" + unix.getPath();
		}
		return String.valueOf(address);
	}

}
