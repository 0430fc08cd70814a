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
package io.ampproto.sample;

import io.ampproto.sample.SampleCommands.SwitchToEcho;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpInnerProtocolFactory;
import io.ampproto.switching.AmpSwitchContext;

import org.springframework.stereotype.Component;

// tag::echo-protocol[]
/**
 * The protocol {@link SwitchToEcho} switches to: it echoes every byte it receives, and
 * sends nothing else, until the peer closes.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Component
public class EchoProtocol implements AmpInnerProtocolFactory {

	/** The name responders switch to. */
	public static final String NAME = "echo";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public AmpInnerProtocol create(AmpSwitchContext context) {
		return (inbound, outbound) -> outbound.send(inbound.receive().retain());
	}

}
// end::echo-protocol[]
