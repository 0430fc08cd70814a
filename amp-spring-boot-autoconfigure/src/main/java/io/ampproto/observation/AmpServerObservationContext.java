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
package io.ampproto.observation;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of an {@code amp.server} observation: a command from the peer.
 * <p>
 * The carrier is the command box: with propagation on
 * ({@code amp.observations.propagation.enabled}), the tracer's propagator reads the
 * trace context of the caller from its reserved keys, and the span of the command is a
 * child of the caller's; otherwise it starts a trace of its own.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpServerObservationContext extends RequestReplyReceiverContext<AmpBox, Object>
		implements OutcomeContext {

	private static final Propagator.Getter<AmpBox> NO_HEADERS = (box, key) -> null;

	// Key values and meter samples without the maps of Observation.Context.
	private final AmpObservationState state = new AmpObservationState();

	private final AmpSession session;

	private final String commandName;

	private final @Nullable AmpCommandSchema<?, ?> schema;

	private final boolean requiresAnswer;

	private final boolean accepted;

	private @Nullable AmpCallOutcome outcome;

	private @Nullable String errorCode;

	/**
	 * Create a context.
	 * @param session the session that received the command
	 * @param commandName the command name as received
	 * @param schema the schema of the command's responder, or {@code null} when it has
	 * none
	 * @param requiresAnswer whether the command came with {@code _ask}
	 */
	public AmpServerObservationContext(AmpSession session, String commandName, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer) {
		this(session, commandName, schema, requiresAnswer, AmpBox.empty(), null);
	}

	/**
	 * Create a context that reads the caller's trace context from the command box, or
	 * not.
	 * @param session the session that received the command
	 * @param commandName the command name as received
	 * @param schema the schema of the command's responder, or {@code null} when it has
	 * none
	 * @param requiresAnswer whether the command came with {@code _ask}
	 * @param box the command box
	 * @param keyPrefix what precedes each field of the trace context in the box, or
	 * {@code null} to read none
	 */
	public AmpServerObservationContext(AmpSession session, String commandName, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer, AmpBox box, @Nullable String keyPrefix) {
		super((keyPrefix != null) ? (carrier, key) -> carrier.getText(keyPrefix + key) : NO_HEADERS);
		setCarrier(box);
		this.session = session;
		this.commandName = commandName;
		this.schema = schema;
		this.requiresAnswer = requiresAnswer;
		this.accepted = session.connection().isAccepted();
	}

	/**
	 * Return the session that received the command.
	 * @return the session
	 */
	public AmpSession getSession() {
		return this.session;
	}

	/**
	 * Return the command name as received.
	 * @return the command name
	 */
	public String getCommandName() {
		return this.commandName;
	}

	/**
	 * Return the schema of the command's responder.
	 * @return the schema, or {@code null} when no responder answers the command
	 */
	public @Nullable AmpCommandSchema<?, ?> getSchema() {
		return this.schema;
	}

	/**
	 * Return whether the command came with {@code _ask}.
	 * @return whether an answer is required
	 */
	public boolean isRequiresAnswer() {
		return this.requiresAnswer;
	}

	/**
	 * Return whether this side accepted the connection.
	 * @return {@code true} on a server's connection, {@code false} on a client's
	 */
	public boolean isAccepted() {
		return this.accepted;
	}

	/**
	 * Return how the command ended.
	 * @return the outcome, or {@code null} while it runs
	 */
	public @Nullable AmpCallOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the command ended.
	 * @param outcome the outcome
	 */
	@Override
	public void setOutcome(@Nullable AmpCallOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * Return the error code answered.
	 * @return the code, or {@code null} without an error answer
	 */
	public @Nullable String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Set the error code answered.
	 * @param errorCode the code
	 */
	@Override
	public void setErrorCode(@Nullable String errorCode) {
		this.errorCode = errorCode;
	}

	AmpObservationState state() {
		return this.state;
	}

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		this.state.addLow(KeyValues.of(keyValue));
		return this;
	}

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		this.state.addLow(keyValues);
		return this;
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String keyName) {
		this.state.removeLow(keyName);
		return this;
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValues(String... keyNames) {
		this.state.removeLow(keyNames);
		return this;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		return this.state.low();
	}

	@Override
	public @Nullable KeyValue getLowCardinalityKeyValue(String key) {
		return AmpObservationState.find(this.state.low(), key);
	}

	@Override
	public Observation.Context addHighCardinalityKeyValue(KeyValue keyValue) {
		this.state.addHigh(KeyValues.of(keyValue));
		return this;
	}

	@Override
	public Observation.Context addHighCardinalityKeyValues(KeyValues keyValues) {
		this.state.addHigh(keyValues);
		return this;
	}

	@Override
	public Observation.Context removeHighCardinalityKeyValue(String keyName) {
		this.state.removeHigh(keyName);
		return this;
	}

	@Override
	public Observation.Context removeHighCardinalityKeyValues(String... keyNames) {
		this.state.removeHigh(keyNames);
		return this;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues() {
		return this.state.high();
	}

	@Override
	public @Nullable KeyValue getHighCardinalityKeyValue(String key) {
		return AmpObservationState.find(this.state.high(), key);
	}

	@Override
	public KeyValues getAllKeyValues() {
		return this.state.all();
	}

}
