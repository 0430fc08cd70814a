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

package io.ampproto.session;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpErrorMapping;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.command.AmpUnknownRemoteException;

/**
 * The error that answers a command whose responder failed, as Twisted's
 * {@code checkKnownErrors} and {@code formatError} make it: a declared error keeps its
 * code; an {@link AmpRemoteException} the responder throws keeps the code it chose; an
 * error the peer answered to a call the responder made is not the responder's to relay.
 * Twisted turns an undeclared code of such a call into {@code UnknownRemoteError}
 * ({@code UNKNOWN} with the peer's description, the connection stays open) and
 * {@code UNHANDLED} into {@code UnhandledCommand}, which is no remote error at all
 * ({@code UNKNOWN} / {@code Unknown Error}, then the connection closes).
 *
 * @param code the error code
 * @param description the description
 * @param fatal whether the connection closes once the error is sent
 * @param undeclared whether the responder failed with an error it does not declare, which
 * is logged
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
record ErrorAnswer(String code, String description, boolean fatal, boolean undeclared) {

	static ErrorAnswer of(AmpCommandSchema<?, ?> schema, Throwable error) {
		AmpErrorMapping declared = schema.errorFor(error);
		if (declared != null) {
			return new ErrorAnswer(declared.code(), String.valueOf(error.getMessage()), declared.fatal(), false);
		}
		if (error instanceof AmpUnknownRemoteException received) {
			// An undeclared code the peer answered to a call of the responder.
			return new ErrorAnswer(AmpUnknownRemoteException.CODE, received.getDescription(), false, false);
		}
		if (error instanceof AmpRemoteException chosen && !(error instanceof AmpUnhandledCommandException)) {
			return new ErrorAnswer(chosen.getErrorCode(), chosen.getDescription(), chosen.isFatal(), false);
		}
		return new ErrorAnswer(AmpUnknownRemoteException.CODE, AmpUnknownRemoteException.DESCRIPTION, true, true);
	}

}
