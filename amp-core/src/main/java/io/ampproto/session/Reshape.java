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

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpReshaping;
import org.jspecify.annotations.Nullable;

/**
 * Where the session stands in reshaping its connection on box boundaries, as Twisted's
 * {@code BinaryBoxProtocol}: one state, with the StartTLS ({@link TlsExchange}) and
 * protocol switch ({@link SwitchExchange}) exchanges beside it. Whether the connection
 * has switched is the connection's to know ({@link AmpConnection#isSwitched()}).
 * <p>
 * After our StartTLS or switch request, the decoder stops after its answer; it stops
 * after the peer's StartTLS or switch command too, since what follows may not be AMP.
 *
 * @author AMP for Spring Boot contributors
 */
final class Reshape {

	/**
	 * Where the session stands.
	 */
	enum State {

		/** AMP, no request of ours waiting. */
		AMP,

		/** Our StartTLS request waits for its answer; boxes written meanwhile are held back. */
		TLS_REQUESTED,

		/** Our StartTLS was answered: TLS goes in place a task later. */
		TLS_STARTING,

		/** Our switch request waits for its answer; no more AMP is written. */
		SWITCH_REQUESTED,

		/** Our request failed without an answer: what the connection carries is unknown, it closes. */
		ABANDONED

	}

	private final AmpSession session;

	private final AmpConnection connection;

	private final AmpReshaping reshaping;

	private final Dispatcher dispatcher;

	private final boolean answersSwitches;

	private final TlsExchange tls;

	private final SwitchExchange switching;

	private volatile State state = State.AMP;

	/** Tag of our request while it waits ({@code *_REQUESTED}): the decoder stops after its answer. */
	private volatile long requestTag = AmpTags.NONE;

	Reshape(AmpSession session, AmpConnection connection, AmpSessionOptions options, Dispatcher dispatcher,
			AmpResponders responders) {
		this.session = session;
		this.connection = connection;
		this.reshaping = connection.reshaping();
		this.dispatcher = dispatcher;
		this.answersSwitches = Dispatcher.answersSwitches(responders);
		this.tls = new TlsExchange(session, this, connection, options);
		this.switching = new SwitchExchange(session, this, connection, options);
	}

	/**
	 * Pause decoding after boundary boxes, from now on.
	 */
	void start() {
		this.reshaping.pauseDecodingAfter(this::isBoundary);
		this.tls.start();
	}

	TlsExchange tls() {
		return this.tls;
	}

	SwitchExchange switching() {
		return this.switching;
	}

	State state() {
		return this.state;
	}

	/**
	 * Our request is written and waits for its answer.
	 */
	void requested(State requested, long tag) {
		this.requestTag = tag;
		this.state = requested;
	}

	/**
	 * Move on: our request was answered, refused, or failed.
	 */
	void moveTo(State next) {
		this.requestTag = AmpTags.NONE;
		this.state = next;
	}

	/**
	 * Whether our StartTLS or switch request waits for its answer.
	 */
	boolean awaitsAnswer() {
		return this.requestTag != AmpTags.NONE;
	}

	/**
	 * Whether calls are refused: the connection carries, or is about to carry, no AMP.
	 */
	boolean refusesCalls() {
		State state = this.state;
		return state == State.SWITCH_REQUESTED || state == State.ABANDONED || this.connection.isSwitched();
	}

	/**
	 * Whether TLS has started, or is starting, on the connection.
	 */
	boolean tlsStarted() {
		State state = this.state;
		return state == State.TLS_REQUESTED || state == State.TLS_STARTING || state == State.ABANDONED
				|| this.connection.tlsFromTheFirstByte() != null || this.connection.hasTls();
	}

	/**
	 * Whether the decoder stops after a box: the answer to our StartTLS or switch
	 * request, or the peer's StartTLS or switch command.
	 */
	private boolean isBoundary(AmpBox box) {
		long tag = this.requestTag;
		if (tag != AmpTags.NONE && (tag == AmpTags.parse(box.getBytes(AnswerWriter.ANSWER))
				|| tag == AmpTags.parse(box.getBytes(AnswerWriter.ERROR)))) {
			return true;
		}
		return this.dispatcher.isReshapeRequest(box, this.answersSwitches);
	}

	/**
	 * Decode again after a boundary box: what follows it is AMP after all.
	 */
	void resumeDecoding() {
		this.session.runOnLoop(() -> {
			if (!this.connection.isSwitched()) {
				this.reshaping.resumeDecoding();
			}
		});
	}

	static boolean isSwitch(AmpCommandSchema<?, ?> schema) {
		return AmpSwitchCommand.class.isAssignableFrom(schema.commandType());
	}

	/**
	 * The caller of a StartTLS or switch cancelling, which may happen before the request
	 * is pending (the sink drops a cancel callback set after the cancel): before, nothing
	 * is sent; after, the request goes on.
	 */
	static final class Cancel {

		private final AmpSession session;

		volatile boolean cancelled;

		/** The request once pending. Event loop only. */
		private @Nullable PendingCall<?> call;

		Cancel(AmpSession session) {
			this.session = session;
		}

		void cancel() {
			this.cancelled = true;
			this.session.runOnLoop(() -> {
				if (this.call != null) {
					this.session.outbound().forget(this.call);
				}
			});
		}

		void pending(PendingCall<?> call) {
			this.call = call;
		}

	}

}
