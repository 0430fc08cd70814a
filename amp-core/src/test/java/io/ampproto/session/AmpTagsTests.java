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

package io.ampproto.session;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AmpTags}.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpTagsTests {

	@Test
	void tagsAreWrittenAsTwistedsPercentXAndReadBack() {
		long[] tags = { 1, 9, 10, 15, 16, 255, 256, 0xabcdef, 0x7fffffffffffL, 0xfffffffffffffffL };
		for (long tag : tags) {
			String text = new String(AmpTags.bytes(tag), StandardCharsets.US_ASCII);
			assertThat(text).isEqualTo(Long.toHexString(tag)).isEqualTo(AmpTags.text(tag));
			assertThat(AmpTags.parse(AmpTags.bytes(tag))).isEqualTo(tag);
		}
	}

	@Test
	void otherSpellingsAreNoTagOfOurs() {
		for (String text : new String[] { "", "0", "01", "A", "1F", " 1", "1 ", "g", "-1", "x1", "1000000000000000",
				"\u00e9" }) {
			assertThat(AmpTags.parse(text.getBytes(StandardCharsets.UTF_8))).as(text).isEqualTo(AmpTags.NONE);
		}
		assertThat(AmpTags.parse(null)).isEqualTo(AmpTags.NONE);
	}

}
