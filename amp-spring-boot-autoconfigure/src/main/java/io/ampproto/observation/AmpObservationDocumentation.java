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

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of AMP calls: {@code amp.server} for each command this side answers,
 * {@code amp.client} for each call this side makes, whichever end opened the connection.
 * With Micrometer's meter handler each gives a timer of that name, with a
 * {@code .active} long task timer; with a tracer, a span of kind server or client.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public enum AmpObservationDocumentation implements ObservationDocumentation {

	/**
	 * A command from the peer, answered by this side.
	 */
	SERVER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultAmpServerObservationConvention.class;
		}

	},

	/**
	 * A call to the peer, made by this side.
	 */
	CLIENT {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultAmpClientObservationConvention.class;
		}

	};

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return LowCardinalityKeyNames.values();
	}

	@Override
	public KeyName[] getHighCardinalityKeyNames() {
		return HighCardinalityKeyNames.values();
	}

	/**
	 * Keys with a bounded set of values, on meters and spans.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The command: for {@code amp.server}, a command that has a responder on this
		 * side; for {@code amp.client}, a command declared in code; otherwise
		 * {@code UNKNOWN}.
		 */
		COMMAND {

			@Override
			public String asString() {
				return "command";
			}

		},

		/**
		 * How the call ended: a {@link io.ampproto.session.AmpCallOutcome} name. Set when
		 * the call ends.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		},

		/**
		 * The error code of an error answer, when declared by the command or one of
		 * {@code UNKNOWN}, {@code UNHANDLED}, {@code SHUTTING_DOWN}, {@code TLS_ERROR}; {@code OTHER} for any
		 * other code, {@code none} without an error answer. Set when the call ends.
		 */
		ERROR_CODE {

			@Override
			public String asString() {
				return "error.code";
			}

		},

		/**
		 * Which end of the connection this side is: {@code server} when it accepted the
		 * connection, {@code client} when it opened it.
		 */
		SIDE {

			@Override
			public String asString() {
				return "side";
			}

		}

	}

	/**
	 * Keys with unbounded values, on spans only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The command name as sent or received, when {@code command} is
		 * {@code UNKNOWN}.
		 */
		COMMAND_ORIGINAL {

			@Override
			public String asString() {
				return "command.original";
			}

		}

	}

}
