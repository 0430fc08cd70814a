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
package io.ampproto.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Refuses renegotiation initiated by the TLS client (the CVE-2011-1473 class: each one
 * costs the server a handshake) by closing the connection. Sits in front of a TLS
 * server's {@code SslHandler} and reads only the clear TLS record headers of what the
 * client sends, so that no JVM-wide setting ({@code jdk.tls.rejectClientInitiatedRenegotiation})
 * is needed for the JDK provider; Netty's OpenSSL engine refuses it by itself.
 * <p>
 * In every handshake a client's ChangeCipherSpec is followed by one handshake record:
 * its Finished in TLS 1.2, or the second ClientHello after a HelloRetryRequest in TLS 1.3,
 * whose later handshake messages ride in application data records. A further handshake
 * record can only be a new ClientHello.
 *
 * @author AMP for Spring Boot contributors
 */
final class RenegotiationGuard extends ChannelInboundHandlerAdapter {

	private static final Logger logger = Loggers.getLogger(RenegotiationGuard.class);

	private static final int HEADER_LENGTH = 5;

	private static final int CHANGE_CIPHER_SPEC = 20;

	private static final int ALERT = 21;

	private static final int HANDSHAKE = 22;

	private static final int APPLICATION_DATA = 23;

	private static final int HEARTBEAT = 24;

	private final byte[] header = new byte[HEADER_LENGTH];

	private int headerRead;

	private int bodyLeft;

	private boolean changedCipherSpec;

	private int handshakeRecordsAfterChange;

	/** Not TLS records (an SSLv2 hello, or garbage): left to the TLS handler to refuse. */
	private boolean unframed;

	private boolean refused;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.refused) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (!this.unframed && msg instanceof ByteBuf bytes && !scan(bytes)) {
			this.refused = true;
			ReferenceCountUtil.release(msg);
			logger.warn("Closing the TLS connection from {}: it tried to renegotiate, which is refused",
					ctx.channel().remoteAddress());
			ctx.close();
			return;
		}
		ctx.fireChannelRead(msg);
	}

	/**
	 * Follow the record framing through the bytes, without consuming them.
	 * @return whether they hold no renegotiation
	 */
	private boolean scan(ByteBuf bytes) {
		int index = bytes.readerIndex();
		int end = bytes.writerIndex();
		while (index < end) {
			if (this.bodyLeft > 0) {
				int skipped = Math.min(this.bodyLeft, end - index);
				index += skipped;
				this.bodyLeft -= skipped;
				continue;
			}
			this.header[this.headerRead++] = bytes.getByte(index++);
			if (this.headerRead == HEADER_LENGTH) {
				this.headerRead = 0;
				this.bodyLeft = ((this.header[3] & 0xFF) << 8) | (this.header[4] & 0xFF);
				if (!record(this.header[0] & 0xFF)) {
					return false;
				}
				if (this.unframed) {
					return true;
				}
			}
		}
		return true;
	}

	private boolean record(int type) {
		switch (type) {
			case CHANGE_CIPHER_SPEC -> this.changedCipherSpec = true;
			case HANDSHAKE -> {
				if (this.changedCipherSpec && ++this.handshakeRecordsAfterChange > 1) {
					return false;
				}
			}
			case ALERT, APPLICATION_DATA, HEARTBEAT -> {
			}
			default -> this.unframed = true;
		}
		return true;
	}

}
