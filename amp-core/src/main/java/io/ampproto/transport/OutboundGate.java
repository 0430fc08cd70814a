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

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.unix.AmpDescriptorExchanger;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * What a connection writes, in the order boxes were handed over: boxes from other
 * threads queue for the event loop, and writes are flushed once per batch. Around
 * StartTLS and protocol switching it gates them: after a StartTLS request, boxes are
 * held back until TLS starts; after a protocol switch request, and once switched, none
 * is written.
 *
 * @author AMP for Spring Boot contributors
 */
final class OutboundGate {

	private static final Logger logger = Loggers.getLogger(OutboundGate.class);

	/**
	 * What happens to boxes written, from the event loop's point of view.
	 */
	enum State {

		/** Boxes are written. */
		OPEN,

		/** Boxes are held back until TLS starts (a StartTLS request was written). */
		HOLDING,

		/** Boxes are refused (a protocol switch request was written). */
		LOCKED,

		/** Boxes are refused for good: the connection carries another protocol. */
		SWITCHED

	}

	private final AmpConnection connection;

	private final Channel channel;

	private final EventLoop eventLoop;

	/**
	 * Boxes, and boxes with descriptors, written from other threads. Grows in chunks of
	 * 16 from a chunk of 16: the default chunk of 1024 costs every idle connection about
	 * 4 KiB.
	 */
	private final Queue<Object> pendingWrites = PlatformDependent.newMpscQueue(16, 1 << 30);

	private final AtomicInteger pendingWriteCount = new AtomicInteger();

	private final Runnable drainTask = this::drainPendingWrites;

	private final Runnable flushTask = this::flushNow;

	private boolean flushScheduled;

	private volatile State state = State.OPEN;

	/** Boxes held back while {@link State#HOLDING}. Event loop only. */
	private final List<AmpBox> held = new ArrayList<>();

	private long heldBytes;

	OutboundGate(AmpConnection connection, Channel channel, EventLoop eventLoop) {
		this.connection = connection;
		this.channel = channel;
		this.eventLoop = eventLoop;
	}

	State state() {
		return this.state;
	}

	/**
	 * Refuse a box sent with {@code send}, which does not queue: only an open gate passes.
	 */
	void checkOpenForSend() {
		State state = this.state;
		if (state == State.LOCKED || state == State.SWITCHED) {
			throw new AmpProtocolSwitchedException(AmpProtocolSwitchedException.NO_AMP_TRAFFIC);
		}
		if (state == State.HOLDING) {
			throw new AmpException(
					"Cannot send on " + this.connection + " while StartTLS is under way: use write(AmpBox)");
		}
	}

	void write(Object box) {
		if (!this.channel.isActive()) {
			throw new AmpConnectionClosedException("AMP connection to " + this.channel.remoteAddress() + " is closed",
					this.connection.closeReason());
		}
		State state = this.state;
		if (state == State.LOCKED || state == State.SWITCHED) {
			throw new AmpProtocolSwitchedException(AmpProtocolSwitchedException.NO_AMP_TRAFFIC);
		}
		if (this.eventLoop.inEventLoop()) {
			// Boxes handed over before go first; their drain may wait in a thread holding it.
			if (this.pendingWriteCount.get() != 0) {
				writePendingWrites();
			}
			writeNow(box);
			return;
		}
		this.pendingWrites.offer(box);
		if (this.pendingWriteCount.getAndIncrement() == 0) {
			EventLoopWakeups.execute(this.eventLoop, this.drainTask, null);
		}
	}

	/**
	 * Encode a box and write it, as one step: the descriptors it sends are numbered in
	 * the order they are written, and ride on its first bytes. Event loop only.
	 */
	AmpBox writeWithDescriptors(AmpDescriptorExchanger exchanger, Function<AmpArgumentContext, AmpBox> encoder) {
		if (!this.eventLoop.inEventLoop()) {
			throw new IllegalStateException("Boxes with descriptors are written on the connection's event loop");
		}
		AmpDescriptorExchanger.Outgoing outgoing = exchanger.outgoing();
		try {
			AmpBox box = encoder.apply(outgoing);
			this.connection.checkSendable(box);
			Object message = outgoing.message(box);
			if (!(message instanceof AmpBox) && (this.state == State.HOLDING || this.connection.hasTls())) {
				// SCM_RIGHTS ride on stream bytes, which TLS re-frames: Twisted's TLS has no descriptors either.
				throw new AmpArgumentException("File descriptors cannot be sent on the AMP connection to "
						+ this.channel.remoteAddress() + ": it is secured by TLS, or starting it");
			}
			write(message);
			outgoing.commit();
			return box;
		}
		catch (RuntimeException | Error ex) {
			outgoing.abort();
			throw ex;
		}
	}

	private void drainPendingWrites() {
		writePendingWrites();
		this.channel.flush();
	}

	/**
	 * Write the boxes other threads have handed over, without a flush. Any drain task
	 * still to come finds none, or the ones handed over after.
	 */
	private void writePendingWrites() {
		int drained = 0;
		Object box;
		while ((box = this.pendingWrites.poll()) != null) {
			writeNow(box);
			drained++;
		}
		if (this.pendingWriteCount.addAndGet(-drained) != 0) {
			this.eventLoop.execute(this.drainTask);
		}
	}

	/**
	 * Write a box on the event loop, in the order boxes were handed over, through the
	 * gate as it is now.
	 */
	private void writeNow(Object message) {
		if (this.state == State.OPEN) {
			this.channel.write(message, this.channel.voidPromise());
			scheduleFlush();
		}
		else if (this.state == State.HOLDING && message instanceof AmpBox box) {
			hold(box);
		}
		else {
			// Handed over by another thread before the lock: dropped, as Twisted drops them. (Boxes with
			// descriptors are written on the event loop while the gate is open, so none is held back.)
			logger.debug("Dropping an AMP box to {}: {}", this.channel.remoteAddress(),
					(this.state == State.HOLDING) ? "its file descriptors cannot pass through TLS"
							: AmpProtocolSwitchedException.NO_AMP_TRAFFIC);
			AmpDescriptorExchanger.discard(message);
		}
	}

	private void hold(AmpBox box) {
		this.heldBytes += box.encodedLength();
		if (this.heldBytes > AmpConnection.MAX_HELD_BYTES) {
			String message = "More than " + AmpConnection.MAX_HELD_BYTES + " bytes of AMP boxes sent to "
					+ this.channel.remoteAddress() + " while waiting for the StartTLS answer; closing the connection";
			AmpException overflow = new AmpException(message);
			logger.warn(message);
			this.held.clear();
			this.connection.closeReason(overflow);
			this.connection.nettyConnection().dispose();
			return;
		}
		this.held.add(box);
	}

	/**
	 * Write a box now, after the boxes other threads handed over before, then set the
	 * gate: how a StartTLS or switch request goes out. Event loop only.
	 */
	void writeThen(AmpBox box, State next) {
		writeInOrder(box);
		this.state = next;
	}

	/**
	 * Write a box now: after the boxes other threads handed over before, and before any
	 * they hand over from now on. Event loop only.
	 */
	void writeInOrder(AmpBox box) {
		assertInEventLoop();
		this.connection.checkSendable(box);
		writePending();
		if (this.state != State.OPEN) {
			throw new IllegalStateException("AMP connection " + this.connection + " is " + this.state);
		}
		writeNow(box);
	}

	/**
	 * Write now the boxes other threads have handed over. Event loop only.
	 */
	void writePending() {
		assertInEventLoop();
		if (this.pendingWriteCount.get() != 0) {
			drainPendingWrites();
		}
	}

	/**
	 * Write the boxes held back since the StartTLS request, in order, and open again.
	 * Event loop only, once the TLS handler is in place.
	 */
	void releaseHeld() {
		assertInEventLoop();
		if (this.state != State.HOLDING) {
			return;
		}
		this.state = State.OPEN;
		List<AmpBox> boxes = new ArrayList<>(this.held);
		this.held.clear();
		this.heldBytes = 0;
		for (AmpBox box : boxes) {
			this.channel.write(box, this.channel.voidPromise());
		}
		this.channel.flush();
	}

	/**
	 * Drop the boxes held back for StartTLS, and open again. Event loop only.
	 * @return how many boxes were dropped
	 */
	int dropHeld() {
		assertInEventLoop();
		int dropped = this.held.size();
		this.held.clear();
		this.heldBytes = 0;
		if (this.state == State.HOLDING) {
			this.state = State.OPEN;
		}
		return dropped;
	}

	/**
	 * Open again after a protocol switch request was refused.
	 */
	void unlock() {
		if (this.state == State.SWITCHED) {
			throw new AmpProtocolSwitchedException("Protocol already switched.  Cannot unlock.");
		}
		if (this.state == State.LOCKED) {
			this.state = State.OPEN;
		}
	}

	/**
	 * Refuse boxes for good: the connection now carries another protocol.
	 */
	void markSwitched() {
		this.state = State.SWITCHED;
		this.held.clear();
		this.heldBytes = 0;
	}

	/**
	 * Write out what other threads handed over and flush: before a close. Event loop only.
	 */
	void flushAll() {
		if (this.pendingWriteCount.get() != 0) {
			drainPendingWrites();
		}
		this.channel.flush();
	}

	private void assertInEventLoop() {
		if (!this.eventLoop.inEventLoop()) {
			throw new IllegalStateException("Must be called on the event loop of " + this.connection);
		}
	}

	private void scheduleFlush() {
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			this.eventLoop.execute(this.flushTask);
		}
	}

	private void flushNow() {
		this.flushScheduled = false;
		this.channel.flush();
	}

	@Override
	public String toString() {
		return "OutboundGate{" + this.state + ", held=" + this.held.size() + "}";
	}

}
