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
package io.ampproto.sample.operations;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules of {@code docs/operations} are valid, and their unit tests pass under
 * {@code promtool test rules}.
 */
class AlertRulesTests {

	@Test
	void rulesAreValid() throws Exception {
		Path promtool = PrometheusTools.binary("promtool");
		PrometheusTools.Result check = PrometheusTools
			.run(List.of(promtool.toString(), "check", "rules", PrometheusTools.kitFile("amp-alerts.yml").toString()));
		assertThat(check.status()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 7 rules found");
	}

	@Test
	void rulesPassTheirUnitTests() throws Exception {
		Path promtool = PrometheusTools.binary("promtool");
		PrometheusTools.Result test = PrometheusTools.run(
				List.of(promtool.toString(), "test", "rules", PrometheusTools.kitFile("amp-alerts-test.yml").toString()));
		assertThat(test.status()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
	}

}
