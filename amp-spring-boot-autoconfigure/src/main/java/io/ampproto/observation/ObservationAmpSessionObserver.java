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

import java.util.Objects;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * An {@link AmpSessionObserver} that runs one Micrometer {@link Observation} per call
 * ({@code amp.client}) and per command from the peer ({@code amp.server}).
 * <p>
 * A call's observation is a child of the caller's current observation: the one in the
 * Reactor context of the call, else the current one of the calling thread. When the
 * registry is a no-op, or the observation is disabled by a predicate (Boot's
 * {@code management.observations.enable.amp=false}), nothing is allocated per call.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class ObservationAmpSessionObserver implements AmpSessionObserver {

	/**
	 * The key of the current observation in a Reactor context: Micrometer's
	 * {@code ObservationThreadLocalAccessor.KEY}, whose class needs context-propagation
	 * on the class path.
	 */
	static final String OBSERVATION_KEY = "micrometer.observation";

	private final ObservationRegistry registry;

	private final @Nullable AmpServerObservationConvention serverConvention;

	private final @Nullable AmpClientObservationConvention clientConvention;

	/**
	 * Create an observer with the default conventions.
	 * @param registry the observation registry
	 */
	public ObservationAmpSessionObserver(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * Create an observer.
	 * @param registry the observation registry
	 * @param serverConvention the convention of {@code amp.server} observations, or
	 * {@code null} for the default
	 * @param clientConvention the convention of {@code amp.client} observations, or
	 * {@code null} for the default
	 */
	public ObservationAmpSessionObserver(ObservationRegistry registry,
			@Nullable AmpServerObservationConvention serverConvention,
			@Nullable AmpClientObservationConvention clientConvention) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.serverConvention = serverConvention;
		this.clientConvention = clientConvention;
	}

	@Override
	public @Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
			ContextView context) {
		if (this.registry.isNoop()) {
			return null;
		}
		AmpClientObservationContext observationContext = new AmpClientObservationContext(session, schema, declared);
		Observation observation = AmpObservationDocumentation.CLIENT.observation(this.clientConvention,
				DefaultAmpClientObservationConvention.INSTANCE, () -> observationContext, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		if (context.getOrDefault(OBSERVATION_KEY, null) instanceof Observation parent) {
			observation.parentObservation(parent);
		}
		observation.start();
		return (outcome, errorCode, error) -> {
			observationContext.setOutcome(outcome);
			observationContext.setErrorCode(errorCode);
			stop(observation, error);
		};
	}

	@Override
	public @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer) {
		if (this.registry.isNoop()) {
			return null;
		}
		AmpServerObservationContext observationContext = new AmpServerObservationContext(session, command, schema,
				requiresAnswer);
		Observation observation = AmpObservationDocumentation.SERVER.observation(this.serverConvention,
				DefaultAmpServerObservationConvention.INSTANCE, () -> observationContext, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		observation.start();
		return (outcome, errorCode, error) -> {
			observationContext.setOutcome(outcome);
			observationContext.setErrorCode(errorCode);
			stop(observation, error);
		};
	}

	private static void stop(Observation observation, @Nullable Throwable error) {
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

	@Override
	public String toString() {
		return "ObservationAmpSessionObserver";
	}

}
