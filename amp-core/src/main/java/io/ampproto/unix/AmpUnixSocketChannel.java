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

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * A Netty NIO channel on a junixsocket UNIX domain socket that passes file descriptors as
 * Twisted does: every read is a {@code recvmsg} whose descriptors are fired as an
 * {@link AmpReceivedDescriptors} event before its bytes, and the descriptors of an
 * {@link AmpOutboundDescriptors} message ride as {@code SCM_RIGHTS} on the first bytes
 * written after it, never on filler bytes. A write that finds the socket full
 * ({@code EAGAIN}) attaches them again to the next attempt.
 * <p>
 * Received descriptors are duplicated at once, so that they outlive the socket
 * (junixsocket closes the ones it received when the socket closes). One read accepts the
 * most descriptors Linux passes in one message (253); whatever a peer sends, every
 * descriptor installed in this process is handed on or closed: a read that fails after
 * the kernel installed descriptors ({@code MSG_CTRUNC}) closes them, and closes the
 * connection with an {@link AmpDescriptorViolation}, as the bytes of that read are lost.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpUnixSocketChannel extends NioSocketChannel implements AmpDescriptorPassingChannel {

	private static final Logger logger = Loggers.getLogger(AmpUnixSocketChannel.class);

	/** Descriptors for the next bytes written. Event loop only. */
	private final List<FileDescriptor> pendingDescriptors = new ArrayList<>();

	/** Where the channel connected as it was created; {@code null} when Netty connects it. */
	private final @Nullable SocketAddress connectedAddress;

	private final AncillaryReceiveBuffer ancillary;

	/** Whether a descriptor violation was reported; event loop only. */
	private boolean violated;

	/**
	 * Create a client channel, connected when Netty connects it.
	 */
	public AmpUnixSocketChannel() {
		super(AFUNIXSelectorProvider.provider());
		this.ancillary = AncillaryReceiveBuffer.install(socket());
		this.connectedAddress = null;
	}

	/**
	 * Create a client channel connected at once: junixsocket's selector closes a socket
	 * that is registered before it is connected, and Reactor Netty connects only after
	 * registering. Connecting a UNIX domain socket does not wait for the server.
	 * @param address the address to connect to
	 * @throws IOException when the connection is refused
	 */
	public AmpUnixSocketChannel(SocketAddress address) throws IOException {
		super(AFUNIXSelectorProvider.provider());
		this.ancillary = AncillaryReceiveBuffer.install(socket());
		try {
			socket().connect(address);
		}
		catch (IOException ex) {
			socket().close();
			throw new IOException("Cannot connect to " + AmpUnixSockets.describe(address) + ": " + ex.getMessage(), ex);
		}
		this.connectedAddress = address;
	}

	AmpUnixSocketChannel(Channel parent, AFUNIXSocketChannel socket) {
		this(parent, socket, AncillaryReceiveBuffer.SIZE);
	}

	AmpUnixSocketChannel(@Nullable Channel parent, AFUNIXSocketChannel socket, int ancillaryReceiveBufferSize) {
		super(parent, socket);
		this.ancillary = AncillaryReceiveBuffer.install(socket, ancillaryReceiveBufferSize);
		this.connectedAddress = null;
	}

	@Override
	protected boolean doConnect(SocketAddress remoteAddress, @Nullable SocketAddress localAddress) throws Exception {
		if (this.connectedAddress == null) {
			return super.doConnect(remoteAddress, localAddress);
		}
		if (socket().isConnected()) {
			return true;
		}
		// The server's backlog was full: finish when the selector says so.
		selectionKey().interestOps(SelectionKey.OP_CONNECT);
		return false;
	}

	private AFUNIXSocketChannel socket() {
		return (AFUNIXSocketChannel) javaChannel();
	}

	@Override
	protected AbstractNioUnsafe newUnsafe() {
		return new AmpUnixUnsafe();
	}

	@Override
	protected int doReadBytes(ByteBuf buffer) throws Exception {
		this.ancillary.beforeRead();
		int read;
		try {
			// One recvmsg; Netty fires these bytes only after this returns.
			read = super.doReadBytes(buffer);
		}
		catch (IOException ex) {
			throw readFailed(ex);
		}
		FileDescriptor[] received = socket().getReceivedFileDescriptors();
		if (received.length > 0) {
			List<FileDescriptor> owned = takeOver(received);
			if (pipeline().get(AmpDescriptorExchanger.HANDLER_NAME) == null) {
				// Nobody numbers them: they could never be claimed.
				logger.debug("Closing {} file descriptor(s) from {}: no AMP session takes them", owned.size(),
						peer());
				owned.forEach(AmpUnixSocketChannel::close);
			}
			else {
				pipeline().fireUserEventTriggered(new AmpReceivedDescriptors(owned));
			}
		}
		return read;
	}

	/**
	 * Close what the failed read installed. When the kernel cut a message's descriptors
	 * short ({@code MSG_CTRUNC}), junixsocket dropped the bytes of that read too, so the
	 * stream cannot go on.
	 */
	private IOException readFailed(IOException cause) {
		FileDescriptor[] known;
		try {
			known = socket().getReceivedFileDescriptors();
		}
		catch (IOException ex) {
			known = new FileDescriptor[0];
		}
		if (known.length > 0) {
			// junixsocket took them before it failed: they are not in its buffer any more.
			for (FileDescriptor descriptor : known) {
				close(descriptor);
			}
			return cause;
		}
		int closed = this.ancillary.closeInstalled();
		return (closed != 0 || isNoBufferSpace(cause)) ? overflow(closed, cause) : cause;
	}

	private IOException overflow(int closed, IOException cause) {
		String what = (closed >= 0) ? closed + " of them were received and closed"
				: "those received may stay open: junixsocket's buffer could not be reached";
		String message = "Closing the AMP connection to " + peer() + ": it sent more file descriptors in one "
				+ "message than this side accepts (" + this.ancillary.capacity() + ") or can open (" + what
				+ "), and the bytes that came with them are lost";
		if (!this.violated) {
			this.violated = true;
			logger.warn(message);
			pipeline().fireUserEventTriggered(new AmpDescriptorViolation(AmpDescriptorViolation.Reason.OVERFLOW,
					closed));
		}
		return new IOException(message, cause);
	}

	private static boolean isNoBufferSpace(IOException ex) {
		String message = ex.getMessage();
		return message != null && message.contains("No buffer space");
	}

	private String peer() {
		return AmpUnixSockets.describePeer(this);
	}

	private static List<FileDescriptor> takeOver(FileDescriptor[] received) throws IOException {
		List<FileDescriptor> owned = new ArrayList<>(received.length);
		IOException failure = null;
		for (FileDescriptor descriptor : received) {
			try {
				if (failure == null) {
					owned.add(FileDescriptorCast.duplicating(descriptor).getFileDescriptor());
				}
			}
			catch (IOException ex) {
				failure = ex;
			}
			finally {
				close(descriptor);
			}
		}
		if (failure != null) {
			owned.forEach(AmpUnixSocketChannel::close);
			// The peer numbered it: without it the ordinals cannot agree any more.
			throw new IOException("Cannot take over a received file descriptor: " + failure.getMessage(), failure);
		}
		return owned;
	}

	private static void close(FileDescriptor descriptor) {
		try {
			new FileInputStream(descriptor).close();
		}
		catch (IOException ex) {
			// Nothing more can be done with it.
		}
	}

	@Override
	protected void doWrite(ChannelOutboundBuffer in) throws Exception {
		AFUNIXSocketChannel socket = socket();
		int writeSpinCount = config().getWriteSpinCount();
		while (writeSpinCount > 0) {
			Object message = in.current();
			if (message == null) {
				clearOpWrite();
				return;
			}
			if (message instanceof AmpOutboundDescriptors outbound) {
				this.pendingDescriptors.addAll(outbound.descriptors());
				in.remove();
				continue;
			}
			if (!(message instanceof ByteBuf buffer)) {
				in.remove(new UnsupportedOperationException(
						"Cannot write " + message.getClass().getName() + " to a UNIX domain socket AMP channel"));
				continue;
			}
			if (!buffer.isReadable()) {
				in.remove();
				continue;
			}
			if (!this.pendingDescriptors.isEmpty()) {
				socket.setOutboundFileDescriptors(this.pendingDescriptors.toArray(new FileDescriptor[0]));
			}
			int written = doWriteBytes(buffer);
			if (written <= 0) {
				// The socket is full. junixsocket forgot the descriptors with the failed
				// sendmsg: they are attached again when the socket is writable.
				incompleteWrite(true);
				return;
			}
			// They went with the first of these bytes.
			this.pendingDescriptors.clear();
			in.progress(written);
			if (!buffer.isReadable()) {
				in.remove();
			}
			writeSpinCount--;
		}
		incompleteWrite(false);
	}

	/**
	 * Reads what the peer sent before it hung up.
	 */
	private final class AmpUnixUnsafe extends NioByteUnsafe {

		/** Reads before giving up on reaching the end of the stream. */
		private static final int MAX_DRAINING_READS = 64;

		/**
		 * Called when the selector reports an invalid key. junixsocket's selector does
		 * so as soon as the peer has closed ({@code POLLHUP}), even while the peer's last
		 * bytes, such as an error answer before a close, are still unread: read them and
		 * the end of the stream before closing, as a TCP channel would.
		 */
		@Override
		public void close() {
			for (int i = 0; i < MAX_DRAINING_READS && isOpen() && javaChannel().isOpen(); i++) {
				read();
			}
			super.close();
		}

	}

}
