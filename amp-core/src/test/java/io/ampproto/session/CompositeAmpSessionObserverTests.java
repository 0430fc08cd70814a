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
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompositeAmpSessionObserver}: the calls of its observers, none, one
 * or several, combined.
 *
 * @author AMP for Spring Boot contributors
 */
class CompositeAmpSessionObserverTests {

	private final List<String> told = new ArrayList<>();

	@Test
	void noCallWhenNoObserverHasOne() {
		CompositeAmpSessionObserver composite = new CompositeAmpSessionObserver(
				List.of(observer(null), observer(null)));
		assertThat(received(composite)).isNull();
	}

	@Test
	void theOneCallItselfWhenOneObserverHasOne() {
		RecordingCall only = new RecordingCall("only");
		CompositeAmpSessionObserver composite = new CompositeAmpSessionObserver(
				List.of(observer(null), observer(only), observer(null)));
		assertThat(received(composite)).isSameAs(only);
	}

	@Test
	void everyCallInOrderWhenSeveralObserversHaveOne() {
		CompositeAmpSessionObserver composite = new CompositeAmpSessionObserver(List.of(observer(new RecordingCall("a")),
				observer(null), failing(), observer(new RecordingCall("b")), observer(new RecordingCall("c"))));
		AmpSessionObserver.Call call = received(composite);
		assertThat(call).isNotNull();
		call.end(AmpCallOutcome.SUCCESS, null, null);
		assertThat(this.told).containsExactly("a", "b", "c");
	}

	private AmpSessionObserver.@Nullable Call received(CompositeAmpSessionObserver composite) {
		return composite.commandReceived(null, "Sum", null, true, AmpBox.empty());
	}

	private static AmpSessionObserver observer(@Nullable RecordingCall call) {
		return new AmpSessionObserver() {

			@Override
			public @Nullable Call commandReceived(AmpSession session, String command,
					@Nullable AmpCommandSchema<?, ?> schema, boolean requiresAnswer, AmpBox box) {
				return call;
			}

		};
	}

	private static AmpSessionObserver failing() {
		return new AmpSessionObserver() {

			@Override
			public @Nullable Call commandReceived(AmpSession session, String command,
					@Nullable AmpCommandSchema<?, ?> schema, boolean requiresAnswer, AmpBox box) {
				throw new IllegalStateException("this observer fails");
			}

		};
	}

	private final class RecordingCall implements AmpSessionObserver.Call {

		private final String name;

		RecordingCall(String name) {
			this.name = name;
		}

		@Override
		public void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
			CompositeAmpSessionObserverTests.this.told.add(this.name);
		}

	}

}
