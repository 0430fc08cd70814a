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
package io.ampproto.sample;

import io.ampproto.context.AmpServerInitializedEvent;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.sample.SampleCommands.WhoAmI;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;

/**
 * Answers {@link WhoAmI} with the id of this instance: {@code amp.sample.instance-id}, or
 * {@code sample-<bound AMP port>}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AmpResponder
public class SampleInstanceResponder {

	private final @Nullable String configuredId;

	private volatile String instanceId = "sample";

	/**
	 * Create the responder.
	 * @param configuredId {@code amp.sample.instance-id}, if set
	 */
	public SampleInstanceResponder(@Value("${amp.sample.instance-id:#{null}}") @Nullable String configuredId) {
		this.configuredId = configuredId;
		if (configuredId != null) {
			this.instanceId = configuredId;
		}
	}

	@EventListener
	void serverStarted(AmpServerInitializedEvent event) {
		if (this.configuredId == null) {
			this.instanceId = "sample-" + event.getServer().port();
		}
	}

	@AmpCommandMapping
	public WhoAmI.Result whoAmI(WhoAmI command) {
		return new WhoAmI.Result(this.instanceId);
	}

}
