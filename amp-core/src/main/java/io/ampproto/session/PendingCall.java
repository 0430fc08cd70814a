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

import java.util.concurrent.ScheduledFuture;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.command.type.AmpArgumentContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

/**
 * A call waiting for its answer.
 *
 * @param <R> the response type
 * @author AMP for Spring Boot contributors
 */
class PendingCall<R> extends CallDeadlines.Entry {

	final AmpCommandSchema<?, R> schema;

	final long tag;

	final MonoSink<R> sink;

	/** Told once how the call ended, then forgotten. Event loop only. */
	private AmpSessionObserver.@Nullable Call observed;

	@Nullable ScheduledFuture<?> timeout;

	/** Where the call waits when it has the session's timeout. Event loop only. */
	@Nullable CallDeadlines deadlines;

	PendingCall(AmpCommandSchema<?, R> schema, long tag, MonoSink<R> sink, AmpSessionObserver.@Nullable Call observed) {
		this.schema = schema;
		this.tag = tag;
		this.sink = sink;
		this.observed = observed;
	}

	void answer(AmpBox box, AmpArgumentContext context) {
		cancelTimeout();
		R response;
		try {
			response = this.schema.response().fromBox(box, context);
		}
		catch (RuntimeException ex) {
			AmpProtocolException unreadable = new AmpProtocolException(
					"Cannot read the answer to " + this.schema.name() + ": " + ex.getMessage(), ex);
			end(AmpCallOutcome.FAILED, null, unreadable);
			this.sink.error(unreadable);
			return;
		}
		end(AmpCallOutcome.SUCCESS, null, null);
		if (response == null) {
			this.sink.success();
		}
		else {
			this.sink.success(response);
		}
	}

	/**
	 * The peer answered with an error.
	 * @param error the error
	 * @param errorCode its code, or {@code null} when the error box had none
	 */
	void refused(Throwable error, @Nullable String errorCode) {
		fail(error, (errorCode != null) ? AmpCallOutcome.ERROR : AmpCallOutcome.FAILED, errorCode);
	}

	/**
	 * The call failed on this side: timed out, or the connection closed or switched.
	 */
	final void fail(Throwable error, AmpCallOutcome outcome) {
		fail(error, outcome, null);
	}

	void fail(Throwable error, AmpCallOutcome outcome, @Nullable String errorCode) {
		cancelTimeout();
		end(outcome, errorCode, error);
		this.sink.error(error);
	}

	/**
	 * Tell the observer how the call ended, the first time only: a StartTLS or switch
	 * whose caller cancelled goes on to its own end.
	 */
	final void end(AmpCallOutcome outcome, @Nullable String errorCode, @Nullable Throwable error) {
		AmpSessionObserver.Call observed = this.observed;
		this.observed = null;
		SessionObservers.ended(observed, outcome, errorCode, error);
	}

	/**
	 * Whether the caller cancelled the call.
	 */
	final boolean cancelled() {
		return isCancelled(this.sink);
	}

	static boolean isCancelled(MonoSink<?> sink) {
		return sink instanceof CallSink<?> callSink && callSink.isCancelled();
	}

	/**
	 * Whether the call reshapes the connection when answered (StartTLS, a switch).
	 */
	boolean reshapes() {
		return false;
	}

	void cancelTimeout() {
		CallDeadlines deadlines = this.deadlines;
		if (deadlines != null) {
			deadlines.remove(this);
		}
		ScheduledFuture<?> timeout = this.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

}
