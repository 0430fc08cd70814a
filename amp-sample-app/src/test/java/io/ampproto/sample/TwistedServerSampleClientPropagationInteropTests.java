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
package io.ampproto.sample;

import brave.Span.Kind;
import io.ampproto.sample.tracing.PropagationTracingAutoConfiguration.FinishedSpans;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SampleClient} against the real Twisted server with trace propagation on and a
 * real tracer: every call carries a {@code _trace.traceparent}, which Twisted ignores.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1",
		"amp.client.sample.host=127.0.0.1", "amp.observations.propagation.enabled=true" })
@Import(AbstractSampleClientTests.SampleClientConfiguration.class)
class TwistedServerSampleClientPropagationInteropTests extends TwistedServerSampleClientInteropTests {

	@Autowired
	FinishedSpans spans;

	@AfterEach
	void callsWereTraced() {
		assertThat(this.spans.spans()).filteredOn((span) -> span.kind() == Kind.CLIENT).isNotEmpty();
	}

}
