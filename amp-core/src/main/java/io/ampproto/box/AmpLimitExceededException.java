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

/**
 * A box from the peer was refused by a limit of this side other than a length limit of
 * the wire format: the memory budget of unfinished boxes ({@link AmpMemoryBudget}), or
 * the time a box may take to arrive ({@link AmpLimits#boxTimeout()}). As after an
 * {@link AmpTooLongException} received, the boxes before it are still delivered and the
 * connection is closed.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpLimitExceededException extends AmpException {

	private static final long serialVersionUID = 1L;

	private final Limit limit;

	/**
	 * Create an exception.
	 * @param limit the limit that refused the box
	 * @param message what happened
	 */
	public AmpLimitExceededException(Limit limit, String message) {
		super(message);
		this.limit = limit;
	}

	/**
	 * Return the limit that refused the box.
	 * @return the limit
	 */
	public Limit getLimit() {
		return this.limit;
	}

	/**
	 * The limits other than lengths.
	 */
	public enum Limit {

		/** The unfinished boxes of all connections would hold more than their budget. */
		MEMORY,

		/** A box started and was not finished in time. */
		TIMEOUT

	}

}
