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

import io.ampproto.command.AmpCommandSchema;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link AmpServerObservationConvention}: named {@value #NAME}, tagged with
 * the command (when it has a responder, else {@code UNKNOWN}), the side, the outcome and
 * the bounded error code; the received name goes on spans when the command is
 * {@code UNKNOWN}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class DefaultAmpServerObservationConvention implements AmpServerObservationConvention {

	/** The name of the observation, and of its timer. */
	public static final String NAME = "amp.server";

	/** A shared instance. */
	public static final DefaultAmpServerObservationConvention INSTANCE = new DefaultAmpServerObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(AmpServerObservationContext context) {
		String command = command(context);
		return (command != null) ? command : AmpObservationKeys.UNKNOWN_COMMAND;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(AmpServerObservationContext context) {
		return AmpObservationKeys.lowCardinality(command(context), context.isAccepted(), context.getOutcome(),
				context.getErrorCode(), context.getSchema());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(AmpServerObservationContext context) {
		return AmpObservationKeys.highCardinality(command(context), context.getCommandName());
	}

	/**
	 * Only commands with a responder are named: they are registered at startup, so
	 * their number is bounded, whatever names the peer sends.
	 */
	private static @Nullable String command(AmpServerObservationContext context) {
		AmpCommandSchema<?, ?> schema = context.getSchema();
		return (schema != null) ? schema.name() : null;
	}

}
