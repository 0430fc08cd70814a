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
package io.ampproto.security;

import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * A scheduler that carries {@link SecurityContextHolder}'s context from the thread that
 * schedules a task to the thread that runs it: blocking responders, handed to the
 * responder scheduler by a thread that runs in the caller's context, see the caller too.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class SecurityContextScheduler implements Scheduler {

	private final Scheduler delegate;

	/**
	 * Wrap a scheduler.
	 * @param delegate the scheduler that runs the tasks
	 */
	public SecurityContextScheduler(Scheduler delegate) {
		this.delegate = delegate;
	}

	@Override
	public Disposable schedule(Runnable task) {
		return this.delegate.schedule(carry(task));
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		return this.delegate.schedule(carry(task), delay, unit);
	}

	@Override
	public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
		return this.delegate.schedulePeriodically(carry(task), initialDelay, period, unit);
	}

	@Override
	public Worker createWorker() {
		Worker worker = this.delegate.createWorker();
		return new Worker() {

			@Override
			public Disposable schedule(Runnable task) {
				return worker.schedule(carry(task));
			}

			@Override
			public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
				return worker.schedule(carry(task), delay, unit);
			}

			@Override
			public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
				return worker.schedulePeriodically(carry(task), initialDelay, period, unit);
			}

			@Override
			public void dispose() {
				worker.dispose();
			}

			@Override
			public boolean isDisposed() {
				return worker.isDisposed();
			}

		};
	}

	@Override
	public long now(TimeUnit unit) {
		return this.delegate.now(unit);
	}

	@Override
	public void init() {
		this.delegate.init();
	}

	@Override
	public void dispose() {
		this.delegate.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.delegate.isDisposed();
	}

	@Override
	public String toString() {
		return "SecurityContextScheduler[" + this.delegate + "]";
	}

	private static Runnable carry(Runnable task) {
		SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
		SecurityContext context = holder.getContext();
		if (context.getAuthentication() == null) {
			return task;
		}
		return () -> {
			SecurityContext previous = holder.getContext();
			holder.setContext(context);
			try {
				task.run();
			}
			finally {
				if (previous.getAuthentication() == null) {
					holder.clearContext();
				}
				else {
					holder.setContext(previous);
				}
			}
		};
	}

}
