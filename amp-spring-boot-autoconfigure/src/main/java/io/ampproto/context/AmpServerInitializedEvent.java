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
package io.ampproto.context;

import io.ampproto.server.AmpSessionServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published once the AMP server is bound, for example to learn the port chosen for port 0.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpServerInitializedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param server the bound server
	 */
	public AmpServerInitializedEvent(AmpSessionServer server) {
		super(server);
	}

	/**
	 * Return the server.
	 * @return the bound server
	 */
	public AmpSessionServer getServer() {
		return (AmpSessionServer) getSource();
	}

}
