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
package io.ampproto.benchmarks.load;

import java.util.Locale;

/**
 * The systems of the load run, in the order of the table.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public enum BenchSystem {

	/**
	 * The sample app's jar as shipped, in a process of its own: plain-method responders,
	 * actuator, Prometheus and observations on; reached with our core client.
	 */
	SAMPLE("AMP sample app jar as shipped (plain method, actuator + Prometheus)"),

	/** Our client and server through the Spring-free core API. */
	CORE("AMP core (AmpSessionServer / AmpConnector + AmpSession)"),

	/** Our client and server through the Spring layer. */
	SPRING("AMP Spring (@AmpResponder / auto-configured AmpRequester)"),

	/** rsocket-java request-response over TCP. */
	RSOCKET("rsocket-java 1.1.5 request-response, TCP"),

	/** A plain Netty echo handler in a Reactor Netty pipeline. */
	NETTY("Reactor Netty echo, length-prefixed ints (ceiling)"),

	/** Twisted AMP, client and server in Python. */
	TWISTED("Twisted AMP (Python client and server)");

	private final String label;

	BenchSystem(String label) {
		this.label = label;
	}

	/**
	 * Return the row label.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Return the name used on command lines.
	 * @return the lowercase name
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parse a command-line name.
	 * @param id the name
	 * @return the system
	 */
	public static BenchSystem of(String id) {
		return valueOf(id.trim().toUpperCase(Locale.ROOT));
	}

}
