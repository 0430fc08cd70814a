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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PendingCalls}, against a {@link HashMap}.
 *
 * @author AMP for Spring Boot contributors
 */
class PendingCallsTests {

	@Test
	void behavesAsAMapUnderCallsAnsweredInAnyOrder() {
		Random random = new Random(42);
		for (int round = 0; round < 20; round++) {
			PendingCalls<String> table = new PendingCalls<>();
			Map<Long, String> expected = new HashMap<>();
			List<Long> waiting = new ArrayList<>();
			long next = 1;
			int target = 1 + random.nextInt(300);
			for (int step = 0; step < 20_000; step++) {
				boolean add = waiting.isEmpty() || (waiting.size() < target && random.nextBoolean());
				if (add) {
					long tag = next++;
					table.put(tag, "call " + tag);
					expected.put(tag, "call " + tag);
					waiting.add(tag);
				}
				else {
					// Mostly the oldest first, as answers come, sometimes any.
					int index = random.nextInt(4) == 0 ? random.nextInt(waiting.size()) : 0;
					long tag = waiting.remove(index);
					assertThat(table.remove(tag)).isEqualTo(expected.remove(tag));
					assertThat(table.remove(tag)).isNull();
				}
				assertThat(table.size()).isEqualTo(expected.size());
				long probe = 1 + random.nextInt((int) next);
				assertThat(table.get(probe)).isEqualTo(expected.get(probe));
			}
			assertThat(table.removeAll()).containsExactlyInAnyOrderElementsOf(expected.values());
			assertThat(table.isEmpty()).isTrue();
			assertThat(table.get(1)).isNull();
		}
	}

	@Test
	void aTableThatNeverHeldACallAnswersEmpty() {
		PendingCalls<String> table = new PendingCalls<>();
		assertThat(table.get(1)).isNull();
		assertThat(table.remove(1)).isNull();
		assertThat(table.removeAll()).isEmpty();
		table.put(1, "a");
		assertThat(table.get(1)).isEqualTo("a");
	}

	@Test
	void aTagCannotWaitTwice() {
		PendingCalls<String> table = new PendingCalls<>();
		table.put(7, "a");
		assertThatIllegalStateException().isThrownBy(() -> table.put(7, "b"));
		assertThat(table.get(7)).isEqualTo("a");
	}

	@Test
	void growsAndShrinksBackAfterRemoveAll() {
		PendingCalls<Long> table = new PendingCalls<>();
		for (long tag = 1; tag <= 100_000; tag++) {
			table.put(tag, tag);
		}
		assertThat(table.size()).isEqualTo(100_000);
		for (long tag = 1; tag <= 100_000; tag += 997) {
			assertThat(table.get(tag)).isEqualTo(tag);
		}
		assertThat(table.removeAll()).hasSize(100_000);
		table.put(3, 3L);
		assertThat(table.get(3)).isEqualTo(3L);
	}

}
