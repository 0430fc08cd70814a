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

import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.command.type.AmpDescriptor;

/**
 * A box with the descriptors it names, in ordinal order: written by an
 * {@link AmpDescriptorExchanger}'s handler as the descriptors, then the box.
 *
 * @param box the box
 * @param descriptors its descriptors, closed once the box is written
 * @author AMP for Spring Boot contributors
 */
record AmpDescribedBox(AmpBox box, List<AmpDescriptor> descriptors) {

	void closeDescriptors() {
		for (AmpDescriptor descriptor : this.descriptors) {
			try {
				descriptor.close();
			}
			catch (RuntimeException ex) {
				// Sent or not, it is not ours to keep.
			}
		}
	}

}
