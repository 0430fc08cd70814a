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
package io.ampproto.unix;

import java.io.FileDescriptor;
import java.util.List;

/**
 * A user event fired by an {@link AmpDescriptorPassingChannel} when descriptors arrive,
 * before the bytes that carried them. The descriptors belong to whoever handles the
 * event.
 *
 * @param descriptors the descriptors, in arrival order
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
record AmpReceivedDescriptors(List<FileDescriptor> descriptors) {

	/**
	 * Create an event.
	 * @param descriptors the descriptors, in arrival order
	 */
	AmpReceivedDescriptors {
		descriptors = List.copyOf(descriptors);
	}

}
