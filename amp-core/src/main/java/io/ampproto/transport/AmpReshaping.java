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
package io.ampproto.transport;

import java.util.function.BiFunction;
import java.util.function.Predicate;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The operations that reshape one connection on box boundaries, for its session: the
 * decoder pauses after a StartTLS or switch box; after our StartTLS request, boxes are
 * held back until TLS is in place; after our switch request, none is written; once
 * switched, the connection is handed over to another protocol. The gate and the
 * pipeline stay the connection's own.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpReshaping {

	private static final Logger logger = Loggers.getLogger(AmpReshaping.class);

	private final AmpConnection connection;

	private final Channel channel;

	private final OutboundGate gate;

	AmpReshaping(AmpConnection connection) {
		this.connection = connection;
		this.channel = connection.channel();
		this.gate = connection.gate();
	}

	/**
	 * Stop decoding after every box the test accepts, until {@link #resumeDecoding()}:
	 * what follows a StartTLS or switch box may not be AMP.
	 * @param boundary the test, run on the event loop for each box
	 */
	public void pauseDecodingAfter(Predicate<AmpBox> boundary) {
		AmpBoxDecoder decoder = decoder();
		if (decoder != null) {
			decoder.pauseAfter(boundary);
		}
	}

	/**
	 * Decode again after a pause, unless switched. Event loop only.
	 */
	public void resumeDecoding() {
		AmpBoxDecoder decoder = decoder();
		if (decoder != null && !this.connection.isSwitched()) {
			decoder.resume();
		}
	}

	/**
	 * Write our StartTLS request, then hold back every box written after it until
	 * {@link #startTlsAfterAnswer(SslHandler)} or {@link #startTlsRefused()}. Event loop
	 * only.
	 * @param request the request
	 */
	public void writeStartTlsRequest(AmpBox request) {
		this.gate.writeThen(request, OutboundGate.State.HOLDING);
	}

	/**
	 * The answer to our StartTLS came, the decoder paused after it: put TLS in place,
	 * feed it the bytes that came behind the answer, then write what was held back.
	 * Event loop only.
	 * @param handler the TLS handler
	 */
	public void startTlsAfterAnswer(SslHandler handler) {
		AmpBoxDecoder decoder = decoder();
		ByteBuf behind = (decoder != null) ? decoder.takeBuffered() : Unpooled.EMPTY_BUFFER;
		AmpPipeline.addTls(this.channel, handler);
		// The peer, when it is the TLS client, may have sent its hello right behind the answer.
		if (behind.isReadable()) {
			logger.debug("{} bytes from {} came behind the StartTLS answer: they go to TLS", behind.readableBytes(),
					this.connection.remoteAddress());
			this.channel.pipeline().fireChannelRead(behind);
			this.channel.pipeline().fireChannelReadComplete();
		}
		else {
			behind.release();
		}
		this.gate.releaseHeld();
	}

	/**
	 * The peer refused our StartTLS: drop the boxes held back, and write again. Event
	 * loop only.
	 * @return how many boxes were dropped
	 */
	public int startTlsRefused() {
		return this.gate.dropHeld();
	}

	/**
	 * Drop the bytes received behind the box decoding paused after. Event loop only.
	 * @return how many there were
	 */
	public int dropBytesBehindPause() {
		AmpBoxDecoder decoder = decoder();
		ByteBuf behind = (decoder != null) ? decoder.takeBuffered() : Unpooled.EMPTY_BUFFER;
		int length = behind.readableBytes();
		behind.release();
		return length;
	}

	/**
	 * Answer the peer's StartTLS and start TLS, in one task: what other threads handed
	 * over before goes out in the clear, then the answer, then TLS is in place before
	 * the peer's hello is read. Event loop only.
	 * @param answer the answer
	 * @param handler the TLS handler
	 */
	public void answerThenStartTls(AmpBox answer, SslHandler handler) {
		writeAndFlush(answer);
		AmpPipeline.addTls(this.channel, handler);
	}

	/**
	 * Write a box now, after what other threads handed over before, and flush it: the
	 * last box before the pipeline changes. Event loop only.
	 * @param box the box
	 * @throws IllegalStateException when boxes are held back or refused
	 */
	public void writeAndFlush(AmpBox box) {
		this.gate.writeInOrder(box);
		this.channel.flush();
	}

	/**
	 * Write our protocol switch request, then refuse every box written after it until
	 * {@link #switchRefused()} or {@link #handOver(BiFunction)}. Event loop only.
	 * @param request the request
	 */
	public void writeSwitchRequest(AmpBox request) {
		this.gate.writeThen(request, OutboundGate.State.LOCKED);
	}

	/**
	 * The peer refused our protocol switch: write boxes again.
	 */
	public void switchRefused() {
		this.gate.unlock();
	}

	/**
	 * Refuse every box for good, without handing the connection over: it is closing.
	 */
	public void stopAmp() {
		this.gate.markSwitched();
	}

	/**
	 * Hand the connection to another protocol: no more AMP either way, and every byte
	 * from now on (those behind the last box included) goes to the protocol, read as it
	 * asks for them. Event loop only.
	 * @param protocol runs the protocol on the inbound and outbound
	 * @return what the protocol returned: it is done when this completes
	 */
	public Publisher<Void> handOver(BiFunction<NettyInbound, NettyOutbound, ? extends Publisher<Void>> protocol) {
		this.gate.markSwitched();
		Connection netty = this.connection.nettyConnection();
		SwitchedInbound bytes = new SwitchedInbound(netty);
		this.connection.switchedTo(bytes);
		// From now on the relay paces reading.
		this.connection.reading(true);
		netty.removeHandler(AmpPipeline.ENCODER);
		// Hands the bytes it holds behind the last box to the next handler, and so to the relay.
		netty.removeHandler(AmpPipeline.DECODER);
		try {
			return protocol.apply(bytes, netty.outbound());
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
	}

	private @Nullable AmpBoxDecoder decoder() {
		return this.channel.pipeline().get(AmpBoxDecoder.class);
	}

}
