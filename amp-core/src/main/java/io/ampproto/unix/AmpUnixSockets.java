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

import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Objects;

import io.netty.channel.Channel;
import io.netty.resolver.NoopAddressResolverGroup;
import org.jspecify.annotations.Nullable;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * AMP over UNIX domain sockets: configures Reactor Netty servers and clients to use
 * junixsocket's sockets ({@code com.kohlschutter.junixsocket:junixsocket-core}, an
 * optional dependency), which pass file descriptors the way Twisted does. This class
 * loads without junixsocket; its methods that need it say so clearly.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpUnixSockets {

	/** A class of junixsocket, whose presence tells that UNIX domain sockets can be used. */
	public static final String JUNIXSOCKET_CLASS = "org.newsclub.net.unix.AFUNIXSocket";

	private static final String MISSING = "AMP over UNIX domain sockets needs junixsocket: add "
			+ "com.kohlschutter.junixsocket:junixsocket-core (type pom) to the class path";

	private AmpUnixSockets() {
	}

	/**
	 * Return whether junixsocket is on the class path.
	 * @return whether UNIX domain sockets can be configured
	 */
	public static boolean isPresent() {
		try {
			Class.forName(JUNIXSOCKET_CLASS, false, AmpUnixSockets.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Return whether UNIX domain sockets work here: junixsocket is present and its
	 * native library supports this platform.
	 * @return whether they are available
	 */
	public static boolean isAvailable() {
		return isPresent() && Junix.isSupported();
	}

	/**
	 * Return whether this platform passes file descriptors over UNIX domain sockets
	 * ({@code SCM_RIGHTS}).
	 * @return whether {@code Descriptor} arguments can be used
	 */
	public static boolean canPassDescriptors() {
		return isAvailable() && Junix.canPassDescriptors();
	}

	/**
	 * Make a server listen on a UNIX domain socket instead of TCP. A socket file left
	 * behind by a server that is gone is replaced; the file is deleted when the server
	 * stops.
	 * @param server the server
	 * @param path the socket file
	 * @return the configured server
	 * @throws IllegalStateException when junixsocket is missing or unsupported here
	 */
	public static TcpServer configure(TcpServer server, Path path) {
		Objects.requireNonNull(path, "path");
		checkAvailable();
		// The server channel binds as it is created, to this same address.
		return server.runOn(AmpUnixLoopResources.forServer(path), false).bindAddress(() -> Junix.address(path));
	}

	/**
	 * Make a client connect to a UNIX domain socket instead of TCP.
	 * @param client the client
	 * @param path the socket file
	 * @return the configured client
	 * @throws IllegalStateException when junixsocket is missing or unsupported here
	 */
	public static TcpClient configure(TcpClient client, Path path) {
		Objects.requireNonNull(path, "path");
		checkAvailable();
		// junixsocket's addresses look like unresolved host names: never resolve them.
		// The channel connects as it is created, to this same address.
		return client.runOn(AmpUnixLoopResources.forClient(path), false)
			.resolver(NoopAddressResolverGroup.INSTANCE)
			.remoteAddress(() -> Junix.address(path));
	}

	/**
	 * Return whether an address is a UNIX domain socket address of junixsocket.
	 * @param address the address
	 * @return whether it is a UNIX domain socket address
	 */
	public static boolean isUnixAddress(@Nullable SocketAddress address) {
		return address != null && isPresent() && Junix.isUnixAddress(address);
	}

	/**
	 * Describe an address for logs: {@code unix:/path} for a UNIX domain socket.
	 * @param address the address
	 * @return the description
	 */
	public static String describe(@Nullable SocketAddress address) {
		return (address != null && isUnixAddress(address)) ? Junix.describe(address) : String.valueOf(address);
	}

	/**
	 * Describe the peer of a connection for logs: its address, or, as the client of a
	 * server usually has none, the server's socket it came in on.
	 */
	static String describePeer(Channel channel) {
		SocketAddress remote = channel.remoteAddress();
		if (remote != null && !(Junix.isUnixAddress(remote) && Junix.isUnnamed(remote))) {
			return describe(remote);
		}
		SocketAddress local = channel.localAddress();
		return (local != null) ? "a peer on " + describe(local) : "an unnamed peer";
	}

	private static void checkAvailable() {
		if (!isPresent()) {
			throw new IllegalStateException(MISSING);
		}
		if (!Junix.isSupported()) {
			throw new IllegalStateException("junixsocket does not support UNIX domain sockets on this platform ("
					+ System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ")");
		}
	}

}
