/*
 * Copyright 2012-present the original author or authors.
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
 * The length limits of AMP boxes.
 * <p>
 * Keys are 1..255 bytes and values 0..65535 bytes, fixed by the wire format. The maximum
 * box size is ours: Twisted sets none and buffers an endless box whole, so a hostile peer
 * can exhaust its memory. The default, {@value #DEFAULT_MAX_BOX_SIZE} bytes, fits sixteen
 * maximum-size values.
 *
 * @param maxBoxSize the maximum size of a received box in bytes, terminator included
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpLimits(int maxBoxSize) {

	/** Largest key length the wire format allows. */
	public static final int MAX_KEY_LENGTH = 255;

	/** Largest value length the wire format allows. */
	public static final int MAX_VALUE_LENGTH = 65535;

	/** Default maximum box size: 1 MiB. */
	public static final int DEFAULT_MAX_BOX_SIZE = 1024 * 1024;

	/** The default limits. */
	public static final AmpLimits DEFAULT = new AmpLimits(DEFAULT_MAX_BOX_SIZE);

	/**
	 * Validate the limits.
	 * @param maxBoxSize the maximum size of a received box
	 */
	public AmpLimits {
		if (maxBoxSize < 2 + 4 + MAX_KEY_LENGTH + MAX_VALUE_LENGTH) {
			throw new IllegalArgumentException("maxBoxSize must be at least " + (2 + 4 + MAX_KEY_LENGTH + MAX_VALUE_LENGTH)
					+ " bytes (one pair of maximum size), but was " + maxBoxSize);
		}
	}

}
