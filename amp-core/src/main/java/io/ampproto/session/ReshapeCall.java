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
package io.ampproto.session;

import io.ampproto.command.AmpCommandSchema;
import io.ampproto.transport.AmpConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

/**
 * Our StartTLS or switch request, waiting for the answer after which the decoder
 * pauses. It goes on when its caller cancels: the peer acts on it.
 *
 * @param <R> the response type
 * @author AMP for Spring Boot contributors
 */
abstract class ReshapeCall<R> extends PendingCall<R> {

	final Reshape reshape;

	final AmpConnection connection;

	ReshapeCall(Reshape reshape, AmpConnection connection, AmpCommandSchema<?, R> schema, long tag, MonoSink<R> sink,
			AmpSessionObserver.@Nullable Call observed) {
		super(schema, tag, sink, observed);
		this.reshape = reshape;
		this.connection = connection;
	}

	@Override
	final boolean reshapes() {
		return true;
	}

	@Override
	final void refused(Throwable error, @Nullable String errorCode) {
		cancelTimeout();
		end((errorCode != null) ? AmpCallOutcome.ERROR : AmpCallOutcome.FAILED, errorCode, error);
		this.reshape.moveTo(Reshape.State.AMP);
		// Goes on after this task: what follows the refusal is AMP again.
		this.connection.reshaping().resumeDecoding();
		undo(error);
		this.sink.error(error);
	}

	/**
	 * The peer refused: undo what the request changed on this side.
	 * @param error the peer's error
	 */
	abstract void undo(Throwable error);

	@Override
	final void fail(Throwable error, AmpCallOutcome outcome, @Nullable String errorCode) {
		cancelTimeout();
		end(outcome, errorCode, error);
		this.reshape.moveTo(Reshape.State.ABANDONED);
		if (this.connection.isActive() && !leavesConnectionKnown(error)) {
			// The peer may act on the request at any time: what the connection carries is unknown.
			this.connection.closeReason(error);
			this.connection.dispose();
		}
		this.sink.error(error);
	}

	/**
	 * Whether the connection stays open when the call fails with this error.
	 * @param error the error
	 * @return whether what the connection carries is still known
	 */
	abstract boolean leavesConnectionKnown(Throwable error);

}
