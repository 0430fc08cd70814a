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

import java.util.Map;
import java.util.Objects;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * An {@link AmpSessionObserver} that runs one Micrometer {@link Observation} per call
 * ({@code amp.client}) and per command from the peer ({@code amp.server}).
 * <p>
 * A call's observation is a child of the caller's current observation: the one in the
 * Reactor context of the call, else the current one of the calling thread. When the
 * registry is a no-op, or the observation is disabled by a predicate (Boot's
 * {@code management.observations.enable.amp=false}), nothing is allocated per call.
 * <p>
 * A command's observation is open while its interceptors and responder run: current on
 * their thread (in scope) and in the Reactor context of the answer, so that what they
 * observe (a nested call, an HTTP request) is its child.
 * <p>
 * With a key prefix ({@code amp.observations.propagation.enabled}), the trace context of
 * each call goes with its arguments, every field the tracer's propagator writes (W3C's
 * {@code traceparent}, for example) under the prefix ({@code _trace.traceparent}); a
 * command that carries one is observed as the child of the caller's call.
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

	private final @Nullable String propagationKeyPrefix;

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
		this(registry, serverConvention, clientConvention, null);
	}

	/**
	 * Create an observer that propagates trace contexts over the wire, or not.
	 * @param registry the observation registry
	 * @param serverConvention the convention of {@code amp.server} observations, or
	 * {@code null} for the default
	 * @param clientConvention the convention of {@code amp.client} observations, or
	 * {@code null} for the default
	 * @param propagationKeyPrefix what precedes each field of a trace context in a
	 * command box, or {@code null} not to propagate trace contexts
	 */
	public ObservationAmpSessionObserver(ObservationRegistry registry,
			@Nullable AmpServerObservationConvention serverConvention,
			@Nullable AmpClientObservationConvention clientConvention, @Nullable String propagationKeyPrefix) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.serverConvention = serverConvention;
		this.clientConvention = clientConvention;
		if (propagationKeyPrefix != null && propagationKeyPrefix.isEmpty()) {
			throw new IllegalArgumentException("The key prefix of trace contexts must not be empty");
		}
		this.propagationKeyPrefix = propagationKeyPrefix;
	}

	@Override
	public @Nullable Call callStarted(AmpSession session, AmpCommandSchema<?, ?> schema, boolean declared,
			ContextView context) {
		if (this.registry.isNoop()) {
			return null;
		}
		String keyPrefix = this.propagationKeyPrefix;
		AmpClientObservationContext observationContext = new AmpClientObservationContext(session, schema, declared,
				keyPrefix != null);
		Observation observation = AmpObservationDocumentation.CLIENT.observation(this.clientConvention,
				DefaultAmpClientObservationConvention.INSTANCE, () -> observationContext, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		if (context.getOrDefault(OBSERVATION_KEY, null) instanceof Observation parent) {
			observation.parentObservation(parent);
		}
		observation.start();
		Map<String, String> carrier = observationContext.getCarrier();
		if (keyPrefix != null && carrier != null && !carrier.isEmpty()) {
			return new PropagatingCall(observation, observationContext, keyPrefix);
		}
		return (outcome, errorCode, error) -> endObservation(observation, observationContext, outcome, errorCode, error);
	}

	@Override
	public @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer) {
		return commandReceived(session, command, schema, requiresAnswer, AmpBox.empty());
	}

	@Override
	public @Nullable Call commandReceived(AmpSession session, String command, @Nullable AmpCommandSchema<?, ?> schema,
			boolean requiresAnswer, AmpBox box) {
		if (this.registry.isNoop()) {
			return null;
		}
		AmpServerObservationContext observationContext = new AmpServerObservationContext(session, command, schema,
				requiresAnswer, box, this.propagationKeyPrefix);
		Observation observation = AmpObservationDocumentation.SERVER.observation(this.serverConvention,
				DefaultAmpServerObservationConvention.INSTANCE, () -> observationContext, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		observation.start();
		// Read: the box is not kept for the life of the command.
		observationContext.setCarrier(AmpBox.empty());
		return new ServerCall(observation, observationContext);
	}

	private static void endObservation(Observation observation, OutcomeContext context, AmpCallOutcome outcome,
			@Nullable String errorCode, @Nullable Throwable error) {
		context.setOutcome(outcome);
		context.setErrorCode(errorCode);
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

	@Override
	public String toString() {
		return "ObservationAmpSessionObserver";
	}

	/**
	 * A command's observation: open around its interceptors and responder.
	 */
	private record ServerCall(Observation observation, AmpServerObservationContext observationContext) implements Call {

		@Override
		public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
			endObservation(this.observation, this.observationContext, outcome, errorCode, error);
		}

		@Override
		public AmpSessionObserver.Scope openScope() {
			return this.observation.openScope()::close;
		}

		@Override
		public ContextView context() {
			return Context.of(OBSERVATION_KEY, this.observation);
		}

	}

	/**
	 * A call whose trace context goes with its arguments.
	 */
	private record PropagatingCall(Observation observation, AmpClientObservationContext observationContext,
			String keyPrefix) implements Call {

		@Override
		public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
			endObservation(this.observation, this.observationContext, outcome, errorCode, error);
		}

		@Override
		public AmpBox request(AmpBox request) {
			AmpBox.Builder builder = request.toBuilder();
			Map<String, String> carrier = Objects.requireNonNull(this.observationContext.getCarrier(),
					"checked before the call started");
			carrier.forEach((field, value) -> {
				String key = this.keyPrefix + field;
				// An argument of the same name (which the prefix should make impossible) wins.
				if (!request.containsKey(key)) {
					builder.put(key, value);
				}
			});
			return builder.build();
		}

	}

}
