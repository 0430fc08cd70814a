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
package io.ampproto.box;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that the unfinished boxes of many connections may hold together: every decoder
 * given the same budget (through {@link AmpLimits}) reserves what it retains for the box
 * it is receiving, and a connection whose box would go beyond it is closed. Twisted
 * keeps every unfinished box whole, so a few hundred idle connections, each within the
 * box size limit, can exhaust its memory.
 * <p>
 * Thread-safe; decoders touch it only when their buffer for an unfinished box grows or
 * is given up, never per box.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpMemoryBudget {

	/** Share of the maximum heap the {@linkplain #shared() shared budget} allows. */
	public static final int DEFAULT_HEAP_DIVISOR = 8;

	private static final AmpMemoryBudget SHARED = new AmpMemoryBudget(
			Runtime.getRuntime().maxMemory() / DEFAULT_HEAP_DIVISOR);

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	private final AtomicLong refusals = new AtomicLong();

	private AmpMemoryBudget(long limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("The memory budget must be positive, but was " + limit);
		}
		this.limit = limit;
	}

	/**
	 * Return a new budget of the given size.
	 * @param bytes the bytes the unfinished boxes may hold together
	 * @return the budget
	 */
	public static AmpMemoryBudget of(long bytes) {
		return new AmpMemoryBudget(bytes);
	}

	/**
	 * Return the budget of the whole process, an eighth of the maximum heap: the one of
	 * the default {@link AmpLimits}, shared by every server and client that uses them.
	 * @return the shared budget
	 */
	public static AmpMemoryBudget shared() {
		return SHARED;
	}

	/**
	 * Reserve bytes.
	 * @param bytes how many
	 * @return whether they were reserved; {@code false} leaves the budget unchanged
	 */
	boolean tryReserve(long bytes) {
		while (true) {
			long used = this.used.get();
			if (used + bytes > this.limit) {
				this.refusals.incrementAndGet();
				return false;
			}
			if (this.used.compareAndSet(used, used + bytes)) {
				return true;
			}
		}
	}

	/**
	 * Give back bytes reserved before.
	 * @param bytes how many
	 */
	void release(long bytes) {
		this.used.addAndGet(-bytes);
	}

	/**
	 * Return the size of the budget.
	 * @return the bytes the unfinished boxes may hold together
	 */
	public long limit() {
		return this.limit;
	}

	/**
	 * Return the bytes reserved now.
	 * @return the bytes held by unfinished boxes
	 */
	public long used() {
		return this.used.get();
	}

	/**
	 * Return how many times a reservation was refused.
	 * @return the number of refusals
	 */
	public long refusals() {
		return this.refusals.get();
	}

	@Override
	public String toString() {
		return "AmpMemoryBudget{used=" + used() + ", limit=" + this.limit + "}";
	}

}
