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

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AmpBoxLayout}.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpBoxLayoutTests {

	private static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void buildsTheBoxTheBuilderBuildsWhateverTheDeclarationOrder() {
		AmpBoxLayout layout = AmpBoxLayout.of(List.of("zeta", "b", "a\u00e9", "_ask", "a"));
		AmpBox box = layout.box(new byte[][] { text("1"), text("2"), text("3"), text("4"), text("5") });
		assertThat(box).isEqualTo(AmpBox.of("zeta", "1", "b", "2", "a\u00e9", "3", "_ask", "4", "a", "5"));
		assertThat(box.keys()).containsExactly("_ask", "a", "a\u00e9", "b", "zeta");
		assertThat(AmpBoxCodec.encode(box))
			.isEqualTo(AmpBoxCodec.encode(AmpBox.of("_ask", "4", "a", "5", "a\u00e9", "3", "b", "2", "zeta", "1")));
	}

	@Test
	void leavesOutAbsentValues() {
		AmpBoxLayout layout = AmpBoxLayout.of(List.of("c", "a", "b"));
		assertThat(layout.box(new byte[][] { null, text("1"), null })).isEqualTo(AmpBox.of("a", "1"));
		assertThat(layout.box(new byte[][] { text("3"), null, text("2") })).isEqualTo(AmpBox.of("b", "2", "c", "3"));
		assertThat(layout.box(new byte[3][])).isSameAs(AmpBox.empty());
	}

	@Test
	void boxesOfOneLayoutKeepTheirOwnValues() {
		AmpBoxLayout layout = AmpBoxLayout.of(List.of("a", "b"));
		AmpBox first = layout.box(new byte[][] { text("1"), text("2") });
		AmpBox second = layout.box(new byte[][] { text("3"), text("4") });
		AmpBox third = first.with("a", "5");
		assertThat(first).isEqualTo(AmpBox.of("a", "1", "b", "2"));
		assertThat(second).isEqualTo(AmpBox.of("a", "3", "b", "4"));
		assertThat(third).isEqualTo(AmpBox.of("a", "5", "b", "2"));
		assertThat(first.toBuilder().put("c", "6").build()).isEqualTo(AmpBox.of("a", "1", "b", "2", "c", "6"));
		assertThat(second.with("0", "7").keys()).containsExactly("0", "a", "b");
		assertThat(layout.box(new byte[][] { text("8"), text("9") })).isEqualTo(AmpBox.of("a", "8", "b", "9"));
	}

	@Test
	void refusesRepeatedOrEmptyKeysAndTheWrongNumberOfValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> AmpBoxLayout.of(List.of("a", "b", "a")))
			.withMessageContaining("'a' is repeated");
		assertThatIllegalArgumentException().isThrownBy(() -> AmpBoxLayout.of(List.of("a", "")));
		assertThatIllegalArgumentException().isThrownBy(() -> AmpBoxLayout.of(List.of("a")).box(new byte[2][]))
			.withMessageContaining("Expected 1 values, not 2");
	}

}
