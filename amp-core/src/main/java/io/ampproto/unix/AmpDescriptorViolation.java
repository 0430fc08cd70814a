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
package io.ampproto.unix;

/**
 * A user event fired on a connection whose peer broke a limit of descriptor passing,
 * once, just before the connection is closed; a metrics handler counts it.
 *
 * @param reason what the peer did
 * @param descriptors how many of its descriptors were closed unread, or -1 when unknown
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpDescriptorViolation(Reason reason, int descriptors) {

	/**
	 * What the peer did.
	 */
	public enum Reason {

		/**
		 * It sent more descriptors in one message than one read accepts (or than this
		 * process could take): the bytes that came with them are lost.
		 */
		OVERFLOW,

		/**
		 * It left more descriptors unclaimed than may wait for a box to claim them.
		 */
		UNCLAIMED

	}

}
