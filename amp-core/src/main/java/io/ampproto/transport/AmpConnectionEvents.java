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
package io.ampproto.transport;

/**
 * What the session of a connection is told about its channel, on the event loop
 * ({@link AmpConnection#listen(AmpConnectionEvents)}).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpConnectionEvents {

	/**
	 * The channel became writable, or stopped being so.
	 */
	void writabilityChanged();

	/**
	 * The peer shut its output down (not told once switched: the protocol sees it).
	 * @param readFailed whether reading failed first (a reset, not a half-close)
	 */
	void inputShutdown(boolean readFailed);

}
