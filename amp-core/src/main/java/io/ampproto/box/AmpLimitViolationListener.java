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

/**
 * Told about every broken length limit, received or refused locally, and every box
 * refused by another limit, so that they can be counted (for example by a metrics
 * binder).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface AmpLimitViolationListener {

	/**
	 * A listener that does nothing.
	 */
	AmpLimitViolationListener NONE = (violation) -> {
	};

	/**
	 * Called when a limit is broken, on the thread that noticed it.
	 * @param violation the violation
	 */
	void onViolation(AmpTooLongException violation);

	/**
	 * Called when a box from the peer is refused by a limit other than a length: the
	 * memory budget of unfinished boxes, or the box timeout. The connection closes.
	 * @param exceeded what was exceeded
	 */
	default void onLimitExceeded(AmpLimitExceededException exceeded) {
	}

}
