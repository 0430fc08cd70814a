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

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The subscription of a call's {@code Mono} and the sink its answer completes: one
 * object per call, where {@code Mono.create} takes a publisher, a sink, a serialized
 * wrapper and a disposable for the cancel hook. A value is held until requested.
 *
 * @param <R> the response type
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class CallSink<R> extends Operators.MonoSubscriber<R, R> implements MonoSink<R> {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<CallSink> DONE = AtomicIntegerFieldUpdater
		.newUpdater(CallSink.class, "done");

	@SuppressWarnings("rawtypes")
	private static final AtomicReferenceFieldUpdater<CallSink, Disposable> ON_CANCEL = AtomicReferenceFieldUpdater
		.newUpdater(CallSink.class, Disposable.class, "onCancel");

	private static final Disposable CANCELLED = Disposables.disposed();

	private volatile int done;

	private volatile @Nullable Disposable onCancel;

	CallSink(CoreSubscriber<? super R> actual) {
		super(actual);
	}

	private boolean markDone() {
		return DONE.compareAndSet(this, 0, 1);
	}

	@Override
	public void success() {
		if (markDone() && !isCancelled()) {
			this.actual.onComplete();
		}
	}

	@Override
	public void success(@Nullable R value) {
		if (value == null) {
			success();
		}
		else if (markDone()) {
			complete(value);
		}
		else {
			Operators.onNextDropped(value, this.actual.currentContext());
		}
	}

	@Override
	public void error(Throwable error) {
		if (markDone()) {
			// After a cancel the subscriber wants no signal: an error would reach
			// onErrorDropped, which Reactor logs at ERROR level.
			if (!isCancelled()) {
				this.actual.onError(error);
			}
		}
		else if (!isCancelled()) {
			Operators.onErrorDropped(error, this.actual.currentContext());
		}
	}

	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public MonoSink<R> onRequest(LongConsumer consumer) {
		// The value is held until requested: the producer need not wait for demand.
		consumer.accept(Long.MAX_VALUE);
		return this;
	}

	@Override
	public MonoSink<R> onCancel(Disposable onCancel) {
		if (!ON_CANCEL.compareAndSet(this, null, onCancel) && this.onCancel == CANCELLED) {
			onCancel.dispose();
		}
		return this;
	}

	@Override
	public MonoSink<R> onDispose(Disposable onDispose) {
		throw new UnsupportedOperationException("A call's sink has no dispose hook");
	}

	@Override
	public void cancel() {
		super.cancel();
		if (this.done == 0) {
			Disposable onCancel = ON_CANCEL.getAndSet(this, CANCELLED);
			if (onCancel != null && onCancel != CANCELLED) {
				onCancel.dispose();
			}
		}
	}

}
