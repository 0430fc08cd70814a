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

import java.util.LinkedHashMap;
import java.util.Map;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of an {@code amp.client} observation: a call to the peer.
 * <p>
 * The carrier is the trace context to send: with propagation on
 * ({@code amp.observations.propagation.enabled}), what the tracer's propagator writes
 * into it goes with the command's arguments, each field under a reserved key (Twisted
 * ignores keys its command does not declare); otherwise the span of a call is a child of
 * the caller's current observation on this side only.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpClientObservationContext extends RequestReplySenderContext<Map<String, String>, Object>
		implements OutcomeContext {

	private static final Propagator.Setter<Map<String, String>> NO_HEADERS = (carrier, key, value) -> {
	};

	private static final Propagator.Setter<Map<String, String>> PUT = (carrier, key, value) -> {
		if (carrier != null) {
			carrier.put(key, value);
		}
	};

	// Key values and meter samples without the maps of Observation.Context.
	private final AmpObservationState state = new AmpObservationState();

	private final AmpSession session;

	private final AmpCommandSchema<?, ?> schema;

	private final boolean declared;

	private final boolean accepted;

	private @Nullable AmpCallOutcome outcome;

	private @Nullable String errorCode;

	/**
	 * Create a context.
	 * @param session the session that makes the call
	 * @param schema the schema of the command
	 * @param declared whether the command was declared in code rather than named by
	 * data (a raw call)
	 */
	public AmpClientObservationContext(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared) {
		this(session, schema, declared, false);
	}

	/**
	 * Create a context that carries a trace context or not.
	 * @param session the session that makes the call
	 * @param schema the schema of the command
	 * @param declared whether the command was declared in code rather than named by
	 * data (a raw call)
	 * @param propagates whether the tracer's propagator may write the trace context to
	 * send into the carrier
	 */
	public AmpClientObservationContext(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
			boolean propagates) {
		super(propagates ? PUT : NO_HEADERS);
		setCarrier(propagates ? new LinkedHashMap<>(4) : Map.of());
		this.session = session;
		this.schema = schema;
		this.declared = declared;
		this.accepted = session.connection().isAccepted();
	}

	/**
	 * Return the session that makes the call.
	 * @return the session
	 */
	public AmpSession getSession() {
		return this.session;
	}

	/**
	 * Return the schema of the command.
	 * @return the schema
	 */
	public AmpCommandSchema<?, ?> getSchema() {
		return this.schema;
	}

	/**
	 * Return whether the command was declared in code.
	 * @return {@code false} for raw calls, whose name comes from data
	 */
	public boolean isDeclared() {
		return this.declared;
	}

	/**
	 * Return whether this side accepted the connection.
	 * @return {@code true} on a server's connection, {@code false} on a client's
	 */
	public boolean isAccepted() {
		return this.accepted;
	}

	/**
	 * Return how the call ended.
	 * @return the outcome, or {@code null} while it runs
	 */
	public @Nullable AmpCallOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the call ended.
	 * @param outcome the outcome
	 */
	@Override
	public void setOutcome(@Nullable AmpCallOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * Return the error code received.
	 * @return the code, or {@code null} without an error answer
	 */
	public @Nullable String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Set the error code received.
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
