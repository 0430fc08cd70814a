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
package io.ampproto.switching;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The inner protocols responders can switch to, by name. Immutable.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpInnerProtocols {

	private static final AmpInnerProtocols NONE = new AmpInnerProtocols(Map.of());

	private final Map<String, AmpInnerProtocolFactory> factories;

	private AmpInnerProtocols(Map<String, AmpInnerProtocolFactory> factories) {
		this.factories = factories;
	}

	/**
	 * Return no protocols.
	 * @return an empty registry
	 */
	public static AmpInnerProtocols none() {
		return NONE;
	}

	/**
	 * Return the given factories by name.
	 * @param factories the factories
	 * @return the registry
	 * @throws IllegalStateException when two factories have the same name
	 */
	public static AmpInnerProtocols of(Iterable<? extends AmpInnerProtocolFactory> factories) {
		Map<String, AmpInnerProtocolFactory> byName = new LinkedHashMap<>();
		for (AmpInnerProtocolFactory factory : factories) {
			AmpInnerProtocolFactory previous = byName.putIfAbsent(factory.name(), factory);
			if (previous != null) {
				throw new IllegalStateException("Two AMP inner protocols are named '" + factory.name() + "': "
						+ previous.getClass().getName() + " and " + factory.getClass().getName());
			}
		}
		return new AmpInnerProtocols(Collections.unmodifiableMap(byName));
	}

	/**
	 * Return the factory with the given name.
	 * @param name the name
	 * @return the factory, or {@code null}
	 */
	public @Nullable AmpInnerProtocolFactory find(String name) {
		return this.factories.get(name);
	}

	/**
	 * Return the names of the protocols.
	 * @return the names
	 */
	public Set<String> names() {
		return this.factories.keySet();
	}

	@Override
	public String toString() {
		return "AmpInnerProtocols" + this.factories.keySet();
	}

}
