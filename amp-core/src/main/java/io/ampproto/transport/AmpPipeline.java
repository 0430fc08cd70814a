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
package io.ampproto.transport;

import io.ampproto.box.AmpBoxDecoder;
import io.ampproto.box.AmpBoxEncoder;
import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpLimits;
import io.ampproto.unix.AmpDescriptorExchanger;
import reactor.netty.Connection;

/**
 * Names of the AMP handlers in a connection's pipeline, and their installation.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpPipeline {

	/** Name of the {@link AmpBoxDecoder}. */
	public static final String DECODER = "amp.decoder";

	/** Name of the {@link AmpBoxEncoder}. */
	public static final String ENCODER = "amp.encoder";

	/** Name of the {@link AmpDescriptorExchanger}'s handler, on UNIX domain sockets. */
	public static final String DESCRIPTORS = AmpDescriptorExchanger.HANDLER_NAME;

	private AmpPipeline() {
	}

	static void install(Connection connection, AmpLimits limits, AmpLimitViolationListener violationListener) {
		connection.addHandlerLast(DECODER, new AmpBoxDecoder(limits, violationListener, false));
		connection.addHandlerLast(ENCODER, new AmpBoxEncoder(violationListener));
		// On UNIX domain sockets: Twisted's Descriptor passing, after the encoder.
		AmpDescriptorExchanger.install(connection);
		AmpOutOfMemoryGuard.install(connection);
	}

}
