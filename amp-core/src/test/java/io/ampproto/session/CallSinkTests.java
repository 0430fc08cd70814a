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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CallSink}: the Reactive Streams side of a call.
 *
 * @author AMP for Spring Boot contributors
 */
class CallSinkTests {

	@Test
	void valueIsHeldUntilRequested() {
		Recorder recorder = new Recorder(0);
		CallSink<String> sink = new CallSink<>(recorder);
		recorder.onSubscribe(sink);
		sink.success("answer");
		assertThat(recorder.signals).isEmpty();
		recorder.request(1);
		assertThat(recorder.signals).containsExactly("next answer", "complete");
	}

	@Test
	void onlyTheFirstEndCountsAndLaterErrorsAreDropped() {
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		try {
			Recorder recorder = new Recorder(1);
			CallSink<String> sink = new CallSink<>(recorder);
			recorder.onSubscribe(sink);
			sink.success();
			sink.success("late");
			IllegalStateException late = new IllegalStateException("late");
			sink.error(late);
			assertThat(recorder.signals).containsExactly("complete");
			assertThat(dropped).containsExactly(late);
		}
		finally {
			Hooks.resetOnErrorDropped();
		}
	}

	@Test
	void endsAfterCancelAreDroppedQuietly() {
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		try {
			for (int i = 0; i < 3; i++) {
				Recorder recorder = new Recorder(1);
				CallSink<String> sink = new CallSink<>(recorder);
				recorder.onSubscribe(sink);
				recorder.cancel();
				switch (i) {
					case 0 -> {
						sink.error(new IllegalStateException("closed after cancel"));
						sink.error(new IllegalStateException("and again"));
					}
					case 1 -> sink.success();
					default -> sink.success("answer after cancel");
				}
				assertThat(recorder.signals).isEmpty();
			}
			assertThat(dropped).isEmpty();
		}
		finally {
			Hooks.resetOnErrorDropped();
		}
	}

	@Test
	void cancelRunsTheCancelHookOnceEvenWhenItIsSetAfterwards() {
		Recorder recorder = new Recorder(1);
		CallSink<String> sink = new CallSink<>(recorder);
		recorder.onSubscribe(sink);
		AtomicInteger cancels = new AtomicInteger();
		sink.onCancel(cancels::incrementAndGet);
		recorder.cancel();
		recorder.cancel();
		assertThat(cancels).hasValue(1);
		AtomicInteger late = new AtomicInteger();
		sink.onCancel(late::incrementAndGet);
		assertThat(late).hasValue(1);
		sink.success("ignored");
		assertThat(recorder.signals).isEmpty();
	}

	@Test
	void cancelAfterTheAnswerDoesNotRunTheHook() {
		Recorder recorder = new Recorder(0);
		CallSink<String> sink = new CallSink<>(recorder);
		recorder.onSubscribe(sink);
		AtomicInteger cancels = new AtomicInteger();
		sink.onCancel(cancels::incrementAndGet);
		sink.success("answer");
		recorder.cancel();
		assertThat(cancels).hasValue(0);
		assertThat(recorder.signals).isEmpty();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> sink.onDispose(() -> {
		}));
	}

	static final class Recorder extends BaseSubscriber<String> {

		final List<String> signals = new CopyOnWriteArrayList<>();

		private final long initialRequest;

		Recorder(long initialRequest) {
			this.initialRequest = initialRequest;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			if (this.initialRequest > 0) {
				subscription.request(this.initialRequest);
			}
		}

		@Override
		protected void hookOnNext(String value) {
			this.signals.add("next " + value);
		}

		@Override
		protected void hookOnComplete() {
			this.signals.add("complete");
		}

		@Override
		protected void hookOnError(Throwable error) {
			this.signals.add("error " + error.getMessage());
		}

	}

}
