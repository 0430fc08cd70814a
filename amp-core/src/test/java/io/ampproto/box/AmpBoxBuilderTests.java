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
package io.ampproto.box;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AmpBox.Builder} kept in use after it built a box.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpBoxBuilderTests {

	@Test
	void builderFromABoxAddsTwoPairsAndLeavesTheBoxAlone() {
		AmpBox arguments = AmpBox.of("b", "2", "a", "1");
		AmpBox call = arguments.toBuilder().put("_command", "Sum").put("_ask", "1f").build();
		assertThat(call.keys()).containsExactly("_ask", "_command", "a", "b");
		assertThat(call.getText("_command")).isEqualTo("Sum");
		assertThat(arguments.keys()).containsExactly("a", "b");
	}

	@Test
	void boxesBuiltBeforeLaterChangesKeepTheirPairs() {
		AmpBox.Builder builder = AmpBox.of("a", "1").toBuilder().put("c", "3").put("b", "2");
		AmpBox first = builder.build();
		AmpBox second = builder.put("d", "4").put("a", "9").build();
		AmpBox third = builder.remove("c").build();
		AmpBox fourth = builder.put("e", "5").build();
		assertThat(first).isEqualTo(AmpBox.of("a", "1", "b", "2", "c", "3"));
		assertThat(second).isEqualTo(AmpBox.of("a", "9", "b", "2", "c", "3", "d", "4"));
		assertThat(third).isEqualTo(AmpBox.of("a", "9", "b", "2", "d", "4"));
		assertThat(fourth).isEqualTo(AmpBox.of("a", "9", "b", "2", "d", "4", "e", "5"));
		assertThat(builder.build()).isEqualTo(fourth);
	}

	@Test
	void fullBuilderWithARepeatedKeyKeepsTheLastValueAndCanGoOn() {
		AmpBox.Builder builder = AmpBox.of("k", "1").toBuilder().put("k", "2").put("k", "3");
		AmpBox first = builder.build();
		assertThat(first).isEqualTo(AmpBox.of("k", "3"));
		assertThat(builder.put("k", "4").build()).isEqualTo(AmpBox.of("k", "4"));
		assertThat(first).isEqualTo(AmpBox.of("k", "3"));
	}

	@Test
	void builderOfTheEmptyBoxGrowsPastItsFirstArrays() {
		AmpBox.Builder builder = AmpBox.empty().toBuilder();
		for (int i = 0; i < 20; i++) {
			builder.put("key" + (char) ('a' + i), Integer.toString(i));
		}
		AmpBox box = builder.build();
		assertThat(box.size()).isEqualTo(20);
		assertThat(box.getText("keyt")).isEqualTo("19");
	}

}
