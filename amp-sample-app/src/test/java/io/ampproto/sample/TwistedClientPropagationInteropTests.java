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
import brave.handler.MutableSpan;
import io.ampproto.sample.tracing.PropagationTracingAutoConfiguration.FinishedSpans;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Twisted client's checks against the sample app with trace propagation on and
 * a real tracer: the app's calls back to the Twisted client carry a
 * {@code _trace.traceparent}, which Twisted ignores, and each is the child of the command
 * that made it.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1",
		"amp.observations.propagation.enabled=true" })
class TwistedClientPropagationInteropTests extends TwistedClientInteropTests {

	@Autowired
	FinishedSpans spans;

	@Test
	@Override
	void twistedClientPassesEveryCheckAgainstTheSampleApp() throws Exception {
		super.twistedClientPassesEveryCheckAgainstTheSampleApp();
		assertThat(this.spans.spans()).filteredOn((span) -> span.kind() == Kind.SERVER).isNotEmpty();
		assertThat(this.spans.spans()).as("calls back to Twisted, children of the commands that made them")
			.filteredOn((span) -> span.kind() == Kind.CLIENT)
			.anySatisfy((call) -> assertThat(this.spans.spans()).extracting(MutableSpan::id)
				.contains(call.parentId()));
	}

}
