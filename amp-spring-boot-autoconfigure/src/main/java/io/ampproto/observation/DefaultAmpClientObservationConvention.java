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

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link AmpClientObservationConvention}: named {@value #NAME}, tagged with
 * the command (when declared in code, else {@code UNKNOWN}), the side, the outcome and
 * the bounded error code; the sent name goes on spans when the command is
 * {@code UNKNOWN}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class DefaultAmpClientObservationConvention implements AmpClientObservationConvention {

	/** The name of the observation, and of its timer. */
	public static final String NAME = "amp.client";

	/** A shared instance. */
	public static final DefaultAmpClientObservationConvention INSTANCE = new DefaultAmpClientObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(AmpClientObservationContext context) {
		String command = command(context);
		return (command != null) ? command : AmpObservationKeys.UNKNOWN_COMMAND;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(AmpClientObservationContext context) {
		return AmpObservationKeys.lowCardinality(command(context), context.isAccepted(), context.getOutcome(),
				context.getErrorCode(), context.getSchema());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(AmpClientObservationContext context) {
		return AmpObservationKeys.highCardinality(command(context), context.getSchema().name());
	}

	/**
	 * Only commands declared in code are named: a raw call's name comes from data.
	 */
	private static @Nullable String command(AmpClientObservationContext context) {
		return context.isDeclared() ? context.getSchema().name() : null;
	}

}
