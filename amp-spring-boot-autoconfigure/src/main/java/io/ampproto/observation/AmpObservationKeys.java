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

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpErrorMapping;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.command.AmpUnknownRemoteException;
import io.ampproto.observation.AmpObservationDocumentation.HighCardinalityKeyNames;
import io.ampproto.observation.AmpObservationDocumentation.LowCardinalityKeyNames;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * Bounded key values shared by the default conventions.
 */
final class AmpObservationKeys {

	/** The command tag of a command with no known name. */
	static final String UNKNOWN_COMMAND = "UNKNOWN";

	/** The error code tag of an undeclared code. */
	static final String OTHER_ERROR_CODE = "OTHER";

	/** The error code tag without an error answer. */
	static final String NO_ERROR_CODE = "none";

	private static final KeyValue SERVER_SIDE = LowCardinalityKeyNames.SIDE.withValue("server");

	private static final KeyValue CLIENT_SIDE = LowCardinalityKeyNames.SIDE.withValue("client");

	private static final KeyValue NO_ERROR_CODE_VALUE = LowCardinalityKeyNames.ERROR_CODE.withValue(NO_ERROR_CODE);

	private static final KeyValue[] OUTCOME_VALUES = outcomeValues();

	private static final KeyValue[] SIDES = { SERVER_SIDE, CLIENT_SIDE };

	private static final CommandKeys UNKNOWN_COMMAND_KEYS = new CommandKeys(UNKNOWN_COMMAND);

	/**
	 * The key values made so far, per command: one per command with a responder or
	 * declared by a caller, which are bounded; past {@value #MAX_KEPT_COMMANDS}, made each
	 * time.
	 */
	private static final ConcurrentMap<String, CommandKeys> COMMAND_KEYS = new ConcurrentHashMap<>();

	private static final int MAX_KEPT_COMMANDS = 4096;

	private AmpObservationKeys() {
	}

	private static KeyValue[] outcomeValues() {
		AmpCallOutcome[] outcomes = AmpCallOutcome.values();
		KeyValue[] values = new KeyValue[outcomes.length];
		for (AmpCallOutcome outcome : outcomes) {
			values[outcome.ordinal()] = LowCardinalityKeyNames.OUTCOME.withValue(outcome.name());
		}
		return values;
	}

	private static final Function<String, CommandKeys> MAKE_COMMAND_KEYS = CommandKeys::new;

	/**
	 * The low cardinality key values of a call. Without an error code they are the same
	 * instance for the same command, side and outcome, so that the meter handler finds
	 * its meters by identity.
	 */
	static KeyValues lowCardinality(@Nullable String command, boolean accepted, @Nullable AmpCallOutcome outcome,
			@Nullable String errorCode, @Nullable AmpCommandSchema<?, ?> schema) {
		CommandKeys keys = (command != null)
				? BoundedMemo.get(COMMAND_KEYS, command, MAX_KEPT_COMMANDS, MAKE_COMMAND_KEYS) : UNKNOWN_COMMAND_KEYS;
		int side = accepted ? 0 : 1;
		if (outcome == null) {
			return keys.started[side];
		}
		if (errorCode == null) {
			return keys.ended[side][outcome.ordinal()];
		}
		KeyValue errorCodeValue = LowCardinalityKeyNames.ERROR_CODE.withValue(errorCode(errorCode, schema));
		return KeyValues.of(keys.command, errorCodeValue, OUTCOME_VALUES[outcome.ordinal()], SIDES[side]);
	}

	/**
	 * The raw command name, for spans, only when the bounded name hides it.
	 */
	static KeyValues highCardinality(@Nullable String command, String original) {
		return (command != null) ? KeyValues.empty()
				: KeyValues.of(HighCardinalityKeyNames.COMMAND_ORIGINAL.withValue(original));
	}

	/**
	 * Bound an error code: codes every peer may send, or codes the command declares.
	 */
	static String errorCode(@Nullable String code, @Nullable AmpCommandSchema<?, ?> schema) {
		if (code == null) {
			return NO_ERROR_CODE;
		}
		if (code.equals(AmpUnknownRemoteException.CODE) || code.equals(AmpUnhandledCommandException.CODE)
				|| code.equals(AmpSession.SHUTTING_DOWN_CODE) || code.equals(AmpSession.TLS_ERROR_CODE)) {
			return code;
		}
		if (schema != null) {
			for (AmpErrorMapping error : schema.errors()) {
				if (error.code().equals(code)) {
					return code;
				}
			}
		}
		return OTHER_ERROR_CODE;
	}

	/**
	 * The key values of one command, made once: when started (per side) and when ended
	 * without an error code (per side and outcome). Each is in key order, which spares
	 * KeyValues a sort.
	 */
	private static final class CommandKeys {

		final KeyValue command;

		final KeyValues[] started = new KeyValues[SIDES.length];

		final KeyValues[][] ended = new KeyValues[SIDES.length][OUTCOME_VALUES.length];

		CommandKeys(String command) {
			this.command = LowCardinalityKeyNames.COMMAND.withValue(command);
			for (int side = 0; side < SIDES.length; side++) {
				this.started[side] = KeyValues.of(this.command, SIDES[side]);
				for (int outcome = 0; outcome < OUTCOME_VALUES.length; outcome++) {
					this.ended[side][outcome] = KeyValues.of(this.command, NO_ERROR_CODE_VALUE,
							OUTCOME_VALUES[outcome], SIDES[side]);
				}
			}
		}

	}

}
