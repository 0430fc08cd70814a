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
package io.ampproto.client;

import java.util.Map;
import java.util.Set;

import reactor.core.Disposable;

/**
 * Named {@link AmpRequester}s, such as those configured under {@code amp.client.<name>}.
 * Disposing it disposes every requester.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpRequesters implements Disposable {

	private final Map<String, AmpRequester> requesters;

	private volatile boolean disposed;

	/**
	 * Create a registry.
	 * @param requesters the requesters by name
	 */
	public AmpRequesters(Map<String, AmpRequester> requesters) {
		this.requesters = Map.copyOf(requesters);
	}

	/**
	 * Return the requester of a name.
	 * @param name the client name
	 * @return the requester
	 * @throws IllegalArgumentException when no client has that name
	 */
	public AmpRequester get(String name) {
		AmpRequester requester = this.requesters.get(name);
		if (requester == null) {
			throw new IllegalArgumentException("No AMP client named '" + name + "'; configured clients: "
					+ this.requesters.keySet() + " (set amp.client." + name + ".port)");
		}
		return requester;
	}

	/**
	 * Return the client names.
	 * @return the names
	 */
	public Set<String> names() {
		return this.requesters.keySet();
	}

	@Override
	public void dispose() {
		this.disposed = true;
		this.requesters.values().forEach(AmpRequester::dispose);
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

}
