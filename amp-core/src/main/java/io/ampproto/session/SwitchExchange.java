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

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.switching.AmpSwitchContext;
import io.ampproto.transport.AmpConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Protocol switching both ways, as Twisted's {@code ProtocolSwitchCommand}: our request
 * is the last AMP this side sends, and the answer to it the last AMP read; the answer
 * to the peer's switch command is the last AMP written. Then the connection is handed
 * over to the inner protocol.
 *
 * @author AMP for Spring Boot contributors
 */
final class SwitchExchange {

	private static final Logger logger = Loggers.getLogger(AmpSession.class);

	private final AmpSession session;

	private final Reshape reshape;

	private final AmpConnection connection;

	private final AmpSessionOptions options;

	SwitchExchange(AmpSession session, Reshape reshape, AmpConnection connection, AmpSessionOptions options) {
		this.session = session;
		this.reshape = reshape;
		this.connection = connection;
		this.options = options;
	}

	Mono<Void> switchProtocol(AmpSwitchCommand command, String protocolName) {
		AmpInnerProtocolFactory factory = this.options.innerProtocols().find(protocolName);
		if (factory == null) {
			return Mono.error(new IllegalArgumentException("No AMP inner protocol named '" + protocolName + "' (known: "
					+ this.options.innerProtocols().names() + ")"));
		}
		return switchProtocol(command, (context) -> factory.create(new AmpSwitchContext(protocolName, context)));
	}

	@SuppressWarnings("unchecked")
	Mono<Void> switchProtocol(AmpSwitchCommand command, Function<Object, AmpInnerProtocol> protocol) {
		Objects.requireNonNull(command, "command");
		AmpCommandSchema<AmpSwitchCommand, Void> schema = AmpCommandSchema
			.of((Class<AmpSwitchCommand>) command.getClass());
		Duration timeout = this.options.callTimeout();
		return Mono.create((sink) -> {
			AmpSessionObserver.Call observed = this.session.observers().callStarted(schema, true, sink);
			AmpBox arguments;
			try {
				// The request is written as the gate locks, in one step: it cannot carry descriptors.
				arguments = schema.arguments().toBox(command, AmpArgumentContext.unsupported(
						"a protocol switch request cannot carry file descriptors"));
			}
			catch (RuntimeException ex) {
				SessionObservers.failEarly(sink, observed, ex);
				return;
			}
			Reshape.Cancel cancel = new Reshape.Cancel(this.session);
			sink.onCancel(cancel::cancel);
			this.session.runOnLoop(() -> beginSwitch(schema, arguments, () -> protocol.apply(command), sink, timeout,
					observed, cancel));
		});
	}

	private void beginSwitch(AmpCommandSchema<?, Void> schema, AmpBox arguments, Supplier<AmpInnerProtocol> protocol,
			MonoSink<Void> sink, @Nullable Duration timeout, AmpSessionObserver.@Nullable Call observed,
			Reshape.Cancel cancel) {
		if (cancel.cancelled) {
			// Cancelled before anything was sent: nothing is.
			SessionObservers.ended(observed, AmpCallOutcome.CANCELLED, null, null);
			return;
		}
		OutboundCalls outbound = this.session.outbound();
		if (outbound.isTerminated() || !this.connection.isActive()) {
			SessionObservers.failEarly(sink, observed, outbound.closed("Cannot call " + schema.name()));
			return;
		}
		long tag = outbound.nextTag();
		if (this.reshape.refusesCalls()) {
			SessionObservers.failEarly(sink, observed,
					new AmpProtocolSwitchedException(AmpProtocolSwitchedException.NO_AMP_TRAFFIC));
			return;
		}
		if (this.reshape.awaitsAnswer()) {
			SessionObservers.failEarly(sink, observed,
					new AmpException("Cannot switch protocols while StartTLS waits for its answer"));
			return;
		}
		AmpBox box = arguments.with(Dispatcher.COMMAND, schema.name()).with(Dispatcher.ASK, AmpTags.bytes(tag));
		SwitchCall call = new SwitchCall(schema, tag, sink, protocol, observed);
		try {
			this.connection.checkSendable(box);
			this.reshape.requested(Reshape.State.SWITCH_REQUESTED, tag);
			outbound.add(call, timeout);
			cancel.pending(call);
			this.connection.reshaping().writeSwitchRequest(box);
		}
		catch (RuntimeException ex) {
			outbound.take(tag);
			this.reshape.moveTo(Reshape.State.AMP);
			call.cancelTimeout();
			call.end(SessionObservers.outcomeOf(ex), null, ex);
			sink.error(ex);
		}
	}

	/**
	 * Hand the connection to the inner protocol: no more AMP either way, and every byte
	 * from now on (those behind the last box included) goes to the protocol.
	 */
	private void completeSwitch(AmpInnerProtocol protocol) {
		this.connection.reshaping().stopAmp();
		this.reshape.moveTo(Reshape.State.AMP);
		// The peer drops AMP once switched: calls still waiting will never be answered.
		this.session.outbound()
			.failAll((call) -> new AmpProtocolSwitchedException("The AMP connection to " + this.session.remoteAddress()
					+ " switched protocols before the answer to " + call.schema.name() + " (_ask "
					+ AmpTags.text(call.tag) + ") arrived"));
		this.session.inbound().handedOver();
		logger.debug("AMP connection to {} switched to {}", this.session.remoteAddress(), protocol);
		Mono.from(this.connection.reshaping().handOver(protocol::handle)).subscribe(null, (error) -> {
			logger.warn("The protocol switched to on the connection to " + this.session.remoteAddress() + " failed",
					error);
			this.connection.closeReason(error);
			this.connection.dispose();
		}, this.connection::dispose);
	}

	/**
	 * Answer the peer's switch command that its responder accepted, then switch. Event
	 * loop only.
	 */
	void answerSwitch(AmpResponders.Responder<?, ?> responder, Object command, byte[] ask, AmpSwitch accepted,
			AmpSessionObserver.@Nullable Call observed) {
		// Answered even when the peer has shut its output down since (terminated).
		if (!this.connection.isActive()) {
			SessionObservers.ended(observed, AmpCallOutcome.CLOSED, null,
					this.session.outbound().closed("Cannot answer " + responder.schema().name()));
			return;
		}
		if (this.reshape.awaitsAnswer() || this.connection.isSwitched()) {
			// Our own StartTLS or switch waits for its answer: what the connection carries next is ours to decide.
			logger.warn("Refusing {} from {}: a StartTLS or switch of this side waits for its answer",
					responder.schema().name(), this.session.remoteAddress());
			this.session.writer().refuse(ask, observed);
			this.reshape.resumeDecoding();
			return;
		}
		AmpInnerProtocol protocol = accepted.protocol();
		if (protocol == null) {
			String name = Objects.requireNonNull(accepted.protocolName());
			try {
				protocol = createProtocol(name, command);
			}
			catch (RuntimeException ex) {
				logger.error("Closing the AMP connection to " + this.session.remoteAddress()
						+ ": cannot switch to protocol '" + name + "' for " + responder.schema().name(), ex);
				this.session.writer().answerUnknownAndClose(ask, observed, ex);
				return;
			}
		}
		// Only _answer: the declared response is never sent (Twisted's _SwitchBox).
		try {
			this.session.writer().writeLast(ask);
		}
		catch (RuntimeException ex) {
			logger.error("Closing the AMP connection to " + this.session.remoteAddress() + ": cannot answer "
					+ responder.schema().name(), ex);
			SessionObservers.ended(observed, SessionObservers.outcomeOf(ex), null, ex);
			this.session.inbound().closeAfterWrites(ex);
			return;
		}
		SessionObservers.ended(observed, AmpCallOutcome.SUCCESS, null, null);
		completeSwitch(protocol);
	}

	private AmpInnerProtocol createProtocol(String name, Object command) {
		AmpInnerProtocolFactory factory = this.options.innerProtocols().find(name);
		if (factory == null) {
			throw new IllegalStateException("No AMP inner protocol named '" + name + "' (known: "
					+ this.options.innerProtocols().names() + ")");
		}
		return factory.create(new AmpSwitchContext(name, command));
	}

	/**
	 * Our protocol switch request, waiting for its answer.
	 */
	private final class SwitchCall extends ReshapeCall<Void> {

		private final Supplier<AmpInnerProtocol> protocol;

		SwitchCall(AmpCommandSchema<?, Void> schema, long tag, MonoSink<Void> sink,
				Supplier<AmpInnerProtocol> protocol, AmpSessionObserver.@Nullable Call observed) {
			super(SwitchExchange.this.reshape, SwitchExchange.this.connection, schema, tag, sink, observed);
			this.protocol = protocol;
		}

		@Override
		void answer(AmpBox box, AmpArgumentContext context) {
			cancelTimeout();
			AmpInnerProtocol inner;
			try {
				inner = this.protocol.get();
			}
			catch (RuntimeException ex) {
				// The peer has switched already: AMP cannot go on.
				end(AmpCallOutcome.FAILED, null, ex);
				this.connection.reshaping().stopAmp();
				this.reshape.moveTo(Reshape.State.AMP);
				this.connection.closeReason(ex);
				this.connection.dispose();
				this.sink.error(ex);
				return;
			}
			end(AmpCallOutcome.SUCCESS, null, null);
			completeSwitch(inner);
			this.sink.success();
		}

		@Override
		void undo(Throwable error) {
			this.connection.reshaping().switchRefused();
		}

		@Override
		boolean leavesConnectionKnown(Throwable error) {
			return error instanceof AmpConnectionClosedException || error instanceof AmpProtocolSwitchedException;
		}

	}

}
