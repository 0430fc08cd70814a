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

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the responder of an {@link AmpSwitchCommand} returns to accept the switch: the
 * protocol the connection carries after the answer, by name (an
 * {@link AmpInnerProtocolFactory}) or as an instance.
 *
 * <pre class="code">
 * &#64;AmpCommandMapping
 * AmpSwitch switchToEcho(SwitchToEcho command) {
 *     return AmpSwitch.to("echo");
 * }
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSwitch {

	private final @Nullable String protocolName;

	private final @Nullable AmpInnerProtocol protocol;

	private AmpSwitch(@Nullable String protocolName, @Nullable AmpInnerProtocol protocol) {
		this.protocolName = protocolName;
		this.protocol = protocol;
	}

	/**
	 * Switch to the protocol of the {@link AmpInnerProtocolFactory} with the given name.
	 * @param protocolName the name
	 * @return the switch
	 */
	public static AmpSwitch to(String protocolName) {
		return new AmpSwitch(Objects.requireNonNull(protocolName, "protocolName"), null);
	}

	/**
	 * Switch to the given protocol.
	 * @param protocol the protocol
	 * @return the switch
	 */
	public static AmpSwitch to(AmpInnerProtocol protocol) {
		return new AmpSwitch(null, Objects.requireNonNull(protocol, "protocol"));
	}

	/**
	 * Return the name of the protocol.
	 * @return the name, or {@code null} when given as an instance
	 */
	public @Nullable String protocolName() {
		return this.protocolName;
	}

	/**
	 * Return the protocol.
	 * @return the protocol, or {@code null} when given by name
	 */
	public @Nullable AmpInnerProtocol protocol() {
		return this.protocol;
	}

	@Override
	public String toString() {
		return "AmpSwitch{" + ((this.protocolName != null) ? this.protocolName : this.protocol) + "}";
	}

}
