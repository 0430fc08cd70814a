/*
 * Copyright 2026 the AMP for Spring Boot authors
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

package io.ampproto.client;

import java.time.Duration;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpCallOutcome;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.testsupport.TestCommands.Sum;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ReconnectBackoff}: when a connection counts as a success.
 */
class ReconnectBackoffTests {

	private static final Duration MIN = Duration.ofSeconds(1);

	private static final Duration MAX = Duration.ofMinutes(1);

	private final ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, Duration.ofHours(1));

	@Test
	void noWaitBeforeTheFirstAttempt() {
		assertThat(this.backoff.remaining()).isZero();
	}

	@Test
	void connectionsClosedBeforeTheyAnswerGrowTheBackoffLikeFailedAttempts() {
		for (int round = 1; round <= 5; round++) {
			AmpSession session = mock(AmpSession.class);
			this.backoff.connected(session);
			assertThat(this.backoff.closed(session)).isEqualTo(round);
		}
		assertThat(this.backoff.remaining()).isGreaterThan(MIN.multipliedBy(8)).isLessThanOrEqualTo(MIN.multipliedBy(16));
		assertThat(this.backoff.attemptFailed()).isEqualTo(6);
	}

	@Test
	void anAnsweredCallProvesTheConnection() {
		growBackoff(4);
		AmpSession session = mock(AmpSession.class);
		this.backoff.connected(session);
		call(session, AmpCommandSchema.of(Sum.class)).end(AmpCallOutcome.SUCCESS, null, null);
		assertThat(this.backoff.closed(session)).isZero();
		assertThat(this.backoff.remaining()).isLessThanOrEqualTo(MIN);
		// Once answered, calls cost the watcher nothing.
		assertThat(this.backoff.callStarted(session, AmpCommandSchema.of(Sum.class), true, Context.empty())).isNull();
	}

	@Test
	void anErrorAnswerProvesTheConnection() {
		growBackoff(4);
		AmpSession session = mock(AmpSession.class);
		this.backoff.connected(session);
		call(session, AmpCommandSchema.of(Sum.class)).end(AmpCallOutcome.ERROR, "UNHANDLED", null);
		assertThat(this.backoff.closed(session)).isZero();
	}

	@Test
	void callsThatGotNoAnswerDoNotProveTheConnection() {
		growBackoff(2);
		AmpSession session = mock(AmpSession.class);
		this.backoff.connected(session);
		for (AmpCallOutcome outcome : new AmpCallOutcome[] { AmpCallOutcome.CLOSED, AmpCallOutcome.TIMEOUT,
				AmpCallOutcome.CANCELLED, AmpCallOutcome.FAILED }) {
			call(session, AmpCommandSchema.of(Sum.class)).end(outcome, null, null);
		}
		assertThat(this.backoff.closed(session)).isEqualTo(3);
	}

	@Test
	void commandsWithoutAnAnswerAreNotWatched() {
		AmpCommandSchema<AmpBox, AmpBox> noAnswer = AmpCommandSchema.builder("Log").requiresAnswer(false).build();
		assertThat(this.backoff.callStarted(mock(AmpSession.class), noAnswer, false, Context.empty())).isNull();
	}

	@Test
	void anAnswerOnAnEarlierConnectionDoesNotProveTheCurrentOne() {
		AmpSession earlier = mock(AmpSession.class);
		this.backoff.connected(earlier);
		AmpSessionObserver.Call late = call(earlier, AmpCommandSchema.of(Sum.class));
		this.backoff.closed(earlier);
		AmpSession current = mock(AmpSession.class);
		this.backoff.connected(current);
		late.end(AmpCallOutcome.SUCCESS, null, null);
		assertThat(this.backoff.closed(current)).isEqualTo(2);
	}

	@Test
	void aConnectionThatStayedOpenLongEnoughIsProven() {
		ReconnectBackoff immediate = new ReconnectBackoff(MIN, MAX, Duration.ZERO);
		immediate.attemptFailed();
		immediate.attemptFailed();
		AmpSession session = mock(AmpSession.class);
		immediate.connected(session);
		assertThat(immediate.closed(session)).isZero();
		assertThat(immediate.remaining()).isLessThanOrEqualTo(MIN);
	}

	private void growBackoff(int failures) {
		for (int i = 0; i < failures; i++) {
			this.backoff.attemptFailed();
		}
	}

	private AmpSessionObserver.Call call(AmpSession session, AmpCommandSchema<?, ?> schema) {
		AmpSessionObserver.Call call = this.backoff.callStarted(session, schema, true, Context.empty());
		assertThat(call).isNotNull();
		return call;
	}

}
