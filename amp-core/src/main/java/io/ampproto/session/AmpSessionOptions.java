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

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.tls.AmpTls;
import org.jspecify.annotations.Nullable;

/**
 * Options of an {@link AmpSession}.
 *
 * @param callTimeout how long a call waits for its answer by default, or {@code null} to
 * wait until the connection closes (as Twisted does)
 * @param maxInboundCallsInFlight how many commands from the peer may be answered at once;
 * beyond it the connection stops reading until answers are written
 * @param observer told about the session, its calls and its commands (metrics,
 * tracing); {@link AmpSessionObserver#NONE} by default
 * @param tls the TLS settings for StartTLS, or {@code null} when TLS is not available
 * (a received StartTLS is answered {@code TLS_ERROR})
 * @param innerProtocols the protocols responders can switch to by name
 * @param interceptors act around each call this side makes, in order; none by default
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpSessionOptions(@Nullable Duration callTimeout, int maxInboundCallsInFlight,
		AmpSessionObserver observer, @Nullable AmpTls tls, AmpInnerProtocols innerProtocols,
		List<AmpClientInterceptor> interceptors) {

	/** Default number of commands from the peer answered at once. */
	public static final int DEFAULT_MAX_INBOUND_CALLS_IN_FLIGHT = 256;

	/** The defaults: no call timeout, 256 inbound calls in flight. */
	public static final AmpSessionOptions DEFAULTS = new AmpSessionOptions(null, DEFAULT_MAX_INBOUND_CALLS_IN_FLIGHT);

	/**
	 * Validate the options.
	 * @param callTimeout the default call timeout
	 * @param maxInboundCallsInFlight the inbound concurrency limit
	 * @param observer the observer
	 * @param tls the TLS settings, or {@code null}
	 * @param innerProtocols the inner protocols
	 */
	public AmpSessionOptions {
		Objects.requireNonNull(observer, "observer");
		Objects.requireNonNull(innerProtocols, "innerProtocols");
		interceptors = List.copyOf(interceptors);
		if (maxInboundCallsInFlight < 1) {
			throw new IllegalArgumentException("maxInboundCallsInFlight must be positive, but was " + maxInboundCallsInFlight);
		}
		if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
			throw new IllegalArgumentException("callTimeout must be positive, but was " + callTimeout);
		}
	}

	/**
	 * Create options with no observer, without TLS and without inner protocols.
	 * @param callTimeout the default call timeout
	 * @param maxInboundCallsInFlight the inbound concurrency limit
	 */
	public AmpSessionOptions(@Nullable Duration callTimeout, int maxInboundCallsInFlight) {
		this(callTimeout, maxInboundCallsInFlight, AmpSessionObserver.NONE, null, AmpInnerProtocols.none(), List.of());
	}

	/**
	 * Return a copy with another default call timeout.
	 * @param callTimeout the timeout, or {@code null} for none
	 * @return new options
	 */
	public AmpSessionOptions withCallTimeout(@Nullable Duration callTimeout) {
		return new AmpSessionOptions(callTimeout, this.maxInboundCallsInFlight, this.observer, this.tls,
				this.innerProtocols, this.interceptors);
	}

	/**
	 * Return a copy with another inbound concurrency limit.
	 * @param maxInboundCallsInFlight the limit
	 * @return new options
	 */
	public AmpSessionOptions withMaxInboundCallsInFlight(int maxInboundCallsInFlight) {
		return new AmpSessionOptions(this.callTimeout, maxInboundCallsInFlight, this.observer, this.tls,
				this.innerProtocols, this.interceptors);
	}

	/**
	 * Return a copy with another observer.
	 * @param observer the observer ({@link AmpSessionObserver#of} combines several)
	 * @return new options
	 */
	public AmpSessionOptions withObserver(AmpSessionObserver observer) {
		return new AmpSessionOptions(this.callTimeout, this.maxInboundCallsInFlight, observer, this.tls,
				this.innerProtocols, this.interceptors);
	}

	/**
	 * Return a copy with other TLS settings.
	 * @param tls the settings, or {@code null} for no TLS
	 * @return new options
	 */
	public AmpSessionOptions withTls(@Nullable AmpTls tls) {
		return new AmpSessionOptions(this.callTimeout, this.maxInboundCallsInFlight, this.observer, tls,
				this.innerProtocols, this.interceptors);
	}

	/**
	 * Return a copy with other inner protocols.
	 * @param innerProtocols the protocols responders can switch to by name
	 * @return new options
	 */
	public AmpSessionOptions withInnerProtocols(AmpInnerProtocols innerProtocols) {
		return new AmpSessionOptions(this.callTimeout, this.maxInboundCallsInFlight, this.observer, this.tls,
				innerProtocols, this.interceptors);
	}

	/**
	 * Create options without interceptors.
	 * @param callTimeout how long a call waits for its answer by default
	 * @param maxInboundCallsInFlight how many commands from the peer may be answered at
	 * once
	 * @param observer told about the session, its calls and its commands
	 * @param tls the TLS settings for StartTLS, or {@code null}
	 * @param innerProtocols the protocols responders can switch to by name
	 */
	public AmpSessionOptions(@Nullable Duration callTimeout, int maxInboundCallsInFlight, AmpSessionObserver observer,
			@Nullable AmpTls tls, AmpInnerProtocols innerProtocols) {
		this(callTimeout, maxInboundCallsInFlight, observer, tls, innerProtocols, List.of());
	}

	/**
	 * Return a copy with other interceptors of calls.
	 * @param interceptors act around each call this side makes, in order
	 * @return the options
	 */
	public AmpSessionOptions withInterceptors(List<? extends AmpClientInterceptor> interceptors) {
		return new AmpSessionOptions(this.callTimeout, this.maxInboundCallsInFlight, this.observer, this.tls,
				this.innerProtocols, List.copyOf(interceptors));
	}

}
