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
package io.ampproto.sample.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * For the interop runs with {@code amp.observations.propagation.enabled=true} (for
 * example {@code mvn test -Dtest='Twisted*' -Damp.observations.propagation.enabled=true}):
 * a real tracer (Brave, W3C propagation, every span sampled and kept in memory) behind the
 * application's observations, so that each call sends a {@code _trace.traceparent}.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBooleanProperty("amp.observations.propagation.enabled")
public final class PropagationTracingAutoConfiguration {

	@Bean(destroyMethod = "close")
	Tracing propagationTestTracing(FinishedSpans spans) {
		return Tracing.newBuilder()
			.localServiceName("amp-sample-app")
			.traceId128Bit(true)
			.currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
			.propagationFactory(new W3CPropagation())
			.sampler(Sampler.ALWAYS_SAMPLE)
			.addSpanHandler(spans)
			.build();
	}

	@Bean
	FinishedSpans propagationTestSpans() {
		return new FinishedSpans();
	}

	@Bean
	ObservationHandler<Observation.Context> propagationTestTracingHandler(Tracing tracing) {
		Tracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
				new BraveBaggageManager());
		Propagator propagator = new BravePropagator(tracing);
		return new ObservationHandler.FirstMatchingCompositeObservationHandler(
				new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
				new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
				new DefaultTracingObservationHandler(tracer));
	}

	/**
	 * The spans finished so far.
	 */
	public static final class FinishedSpans extends SpanHandler {

		private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.spans.add(span);
			return true;
		}

		/**
		 * Return the spans finished so far.
		 * @return the spans
		 */
		public List<MutableSpan> spans() {
			return this.spans;
		}

	}

}
