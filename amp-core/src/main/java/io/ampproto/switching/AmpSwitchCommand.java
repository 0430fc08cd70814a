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

import io.ampproto.command.AmpCommand;

/**
 * A command after whose answer the connection switches from AMP to another protocol,
 * as Twisted's {@code ProtocolSwitchCommand}. Its arguments go on the wire as any
 * command's; its answer is only {@code _answer}.
 * <p>
 * The caller sends it with
 * {@link io.ampproto.session.AmpSession#switchProtocol(AmpSwitchCommand, AmpInnerProtocol)};
 * the responder returns an {@link AmpSwitch} naming the protocol to switch to, or fails
 * with a declared error to refuse (AMP then goes on).
 *
 * <pre class="code">
 * &#64;AmpCommandSpec(errors = &#64;AmpError(code = "BAD_GREETING", exception = IllegalArgumentException.class))
 * public record SwitchToEcho(String greeting) implements AmpSwitchCommand {
 * }
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpSwitchCommand extends AmpCommand<Void> {

}
