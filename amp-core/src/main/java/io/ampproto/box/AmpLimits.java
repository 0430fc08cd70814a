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

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The limits on AMP boxes received.
 * <p>
 * Keys are 1..255 bytes and values 0..65535 bytes, fixed by the wire format. The other
 * limits are ours: Twisted sets none, buffers an endless box whole and waits forever for
 * a box to end, so a hostile peer can exhaust its memory. The default maximum box size,
 * {@value #DEFAULT_MAX_BOX_SIZE} bytes, fits sixteen maximum-size values; by default the
 * unfinished boxes of every connection share the {@linkplain AmpMemoryBudget#shared()
 * process's budget} (an eighth of the heap) and a box must arrive within
 * {@link #DEFAULT_BOX_TIMEOUT}.
 *
 * @param maxBoxSize the maximum size of a received box in bytes, terminator included
 * @param unfinishedBoxes the budget that the unfinished boxes of every connection with
 * these limits share; a connection whose box would exceed it is closed
 * @param boxTimeout how long a box may take from its first byte to its last; a
 * connection that takes longer is closed; {@code null} to wait forever, as Twisted
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpLimits(int maxBoxSize, AmpMemoryBudget unfinishedBoxes, @Nullable Duration boxTimeout) {

	/** Largest key length the wire format allows. */
	public static final int MAX_KEY_LENGTH = 255;

	/** Largest value length the wire format allows. */
	public static final int MAX_VALUE_LENGTH = 65535;

	/** Default maximum box size: 1 MiB. */
	public static final int DEFAULT_MAX_BOX_SIZE = 1024 * 1024;

	/** Default time a box may take to arrive: 30 seconds. */
	public static final Duration DEFAULT_BOX_TIMEOUT = Duration.ofSeconds(30);

	/** The default limits. */
	public static final AmpLimits DEFAULT = new AmpLimits(DEFAULT_MAX_BOX_SIZE);

	/**
	 * Validate the limits.
	 * @param maxBoxSize the maximum size of a received box
	 * @param unfinishedBoxes the memory budget of unfinished boxes
	 * @param boxTimeout the box timeout, or {@code null}
	 */
	public AmpLimits {
		if (maxBoxSize < 2 + 4 + MAX_KEY_LENGTH + MAX_VALUE_LENGTH) {
			throw new IllegalArgumentException("maxBoxSize must be at least " + (2 + 4 + MAX_KEY_LENGTH + MAX_VALUE_LENGTH)
					+ " bytes (one pair of maximum size), but was " + maxBoxSize);
		}
		Objects.requireNonNull(unfinishedBoxes, "unfinishedBoxes");
		if (boxTimeout != null && (boxTimeout.isNegative() || boxTimeout.isZero())) {
			throw new IllegalArgumentException("boxTimeout must be positive, but was " + boxTimeout);
		}
	}

	/**
	 * Create limits with the shared memory budget and the default box timeout.
	 * @param maxBoxSize the maximum size of a received box
	 */
	public AmpLimits(int maxBoxSize) {
		this(maxBoxSize, AmpMemoryBudget.shared(), DEFAULT_BOX_TIMEOUT);
	}

	/**
	 * Return a copy with another memory budget of unfinished boxes.
	 * @param unfinishedBoxes the budget
	 * @return new limits
	 */
	public AmpLimits withUnfinishedBoxes(AmpMemoryBudget unfinishedBoxes) {
		return new AmpLimits(this.maxBoxSize, unfinishedBoxes, this.boxTimeout);
	}

	/**
	 * Return a copy with another box timeout.
	 * @param boxTimeout the timeout, or {@code null} to wait forever
	 * @return new limits
	 */
	public AmpLimits withBoxTimeout(@Nullable Duration boxTimeout) {
		return new AmpLimits(this.maxBoxSize, this.unfinishedBoxes, boxTimeout);
	}

}
