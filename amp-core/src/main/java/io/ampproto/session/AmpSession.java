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

import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.net.ssl.SSLSession;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.switching.AmpInnerProtocol;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.tls.AmpOnlyOneTlsException;
import io.ampproto.tls.AmpTlsException;
import io.ampproto.tls.AmpTlsUnavailableException;
import io.ampproto.transport.AmpConnection;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The AMP call engine of one connection: Twisted's {@code BoxDispatcher}. Both peers call
 * and answer on the same connection.
 * <p>
 * A small facade over parts with one job each: {@link OutboundCalls} (tags, the table of
 * calls waiting for an answer, timeouts), {@link InboundPump} (credits, auto-read, end
 * of input, draining), {@link Dispatcher} (routes a received box, writes nothing),
 * {@link AnswerWriter} (every answer and error written), {@link Reshape} with
 * {@link TlsExchange} and {@link SwitchExchange}, and {@link SessionObservers}.
 * <p>
 * Outgoing calls take tags from a counter, written as lowercase hex from 1, as Twisted's;
 * commands that require no answer take a number too.
 * <p>
 * Where this engine differs from Twisted, it keeps the connection open and stays
 * understandable by a Twisted peer:
 * <ul>
 * <li>an answer or error whose tag is not waiting (late, duplicate or forged) is logged
 * and dropped; Twisted closes the connection;</li>
 * <li>a box with none of {@code _answer}, {@code _error}, {@code _command} is logged and
 * dropped; Twisted closes the connection;</li>
 * <li>an error box without {@code _error_code} fails its call with an
 * {@link AmpProtocolException}; a missing description reads as empty; Twisted closes
 * the connection;</li>
 * <li>an answer that is too long to send is replaced by an {@code UNKNOWN} error, then the
 * connection closes; Twisted closes without a word.</li>
 * </ul>
 * As in Twisted, an undeclared exception in a responder, or arguments that do not parse,
 * answer {@code UNKNOWN} / {@code Unknown Error} and close the connection once it is sent,
 * since the peer's state is then unknown; a declared fatal error closes it too; a failure
 * in a command sent without {@code _ask} is logged and closes the connection.
 * <p>
 * The session starts TLS ({@link #startTls()}) and switches protocols
 * ({@link #switchProtocol(AmpSwitchCommand, AmpInnerProtocol)}) on box boundaries, as
 * Twisted's {@code BinaryBoxProtocol}: after a StartTLS request, boxes sent are held back
 * until the handshake begins; after a switch request, no AMP is sent; the answer to
 * either is the last box decoded in the clear or as AMP. It answers {@code StartTLS}
 * itself, writing the answer in the clear and starting TLS at once; a responder that
 * returns an {@link AmpSwitch} switches the connection after its answer.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSession implements Disposable {

	/** Error code answered to commands that arrive while the session is draining. */
	public static final String SHUTTING_DOWN_CODE = "SHUTTING_DOWN";

	/** Wire name of Twisted's StartTLS command. */
	public static final String START_TLS = "StartTLS";

	/** Error code answered to a StartTLS that cannot be served, as Twisted's. */
	public static final String TLS_ERROR_CODE = "TLS_ERROR";

	private final AmpConnection connection;

	private final AmpSessionOptions options;

	private final EventLoop eventLoop;

	private final SessionObservers observers;

	private final OutboundCalls outbound;

	private final InboundPump inbound;

	private final AnswerWriter writer;

	private final Dispatcher dispatcher;

	private final Reshape reshape;

	/** Where the principal is kept: the attribute interceptors read (AmpCallContext's). */
	private static final String PRINCIPAL_ATTRIBUTE = AmpCallContext.PRINCIPAL_ATTRIBUTE;

	private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

	private final Instant openedAt = Instant.now();

	private AmpSession(AmpConnection connection, AmpResponders responders, AmpSessionOptions options,
			AmpBackpressureListener backpressureListener) {
		this.connection = connection;
		this.options = options;
		this.eventLoop = connection.eventLoop();
		this.observers = new SessionObservers(this, options.observer());
		this.outbound = new OutboundCalls(this, connection, options);
		this.inbound = new InboundPump(this, connection, options, backpressureListener);
		this.writer = new AnswerWriter(this, connection);
		this.dispatcher = new Dispatcher(this, connection, responders);
		this.reshape = new Reshape(this, connection, options, this.dispatcher, responders);
	}

	/**
	 * Start a session on a connection: from now on it reads the connection's boxes.
	 * @param connection the connection
	 * @param responders the responders of commands from the peer
	 * @param options the options
	 * @return the session
	 */
	public static AmpSession start(AmpConnection connection, AmpResponders responders, AmpSessionOptions options) {
		return start(connection, responders, options, AmpBackpressureListener.NONE);
	}

	/**
	 * Start a session on a connection, telling a listener each time it stops reading.
	 * @param connection the connection
	 * @param responders the responders of commands from the peer
	 * @param options the options
	 * @param backpressureListener told when the session stops reading from the peer
	 * @return the session
	 */
	public static AmpSession start(AmpConnection connection, AmpResponders responders, AmpSessionOptions options,
			AmpBackpressureListener backpressureListener) {
		AmpSession session = new AmpSession(connection, responders, options, backpressureListener);
		connection.listen(session.inbound);
		if (connection.isAccepted()) {
			// A client that shuts its output down after its last command still gets every
			// answer, as from Twisted: the session closes once it has answered.
			connection.allowHalfClosure();
		}
		session.reshape.start();
		session.observers.sessionStarted();
		// Answer what arrived before a violation before the connection closes, as Twisted.
		connection.beforeClosingOnViolation(session::drain);
		session.inbound.start();
		return session;
	}

	/**
	 * Call a command and receive its response.
	 * @param <R> the response type
	 * @param command the command record
	 * @return the response (empty for {@link Void}); fails with the declared exception,
	 * an {@link AmpRemoteException}, an {@link AmpArgumentException} (nothing sent), an
	 * {@link AmpTooLongException} (nothing sent), an {@link AmpCallTimeoutException} or an
	 * {@link AmpConnectionClosedException}
	 */
	@SuppressWarnings("unchecked")
	public <R> Mono<R> call(AmpCommand<R> command) {
		AmpCommandSchema<AmpCommand<R>, R> schema = AmpCommandSchema.of((Class<AmpCommand<R>>) command.getClass());
		return call(schema, command, this.options.callTimeout());
	}

	/**
	 * Call a command with a timeout for this call.
	 * @param <R> the response type
	 * @param command the command record
	 * @param timeout how long to wait for the answer
	 * @return the response
	 */
	@SuppressWarnings("unchecked")
	public <R> Mono<R> call(AmpCommand<R> command, Duration timeout) {
		AmpCommandSchema<AmpCommand<R>, R> schema = AmpCommandSchema.of((Class<AmpCommand<R>>) command.getClass());
		return call(schema, command, timeout);
	}

	/**
	 * Call a command described by a schema.
	 * @param <C> the command type
	 * @param <R> the response type
	 * @param schema the schema
	 * @param command the command
	 * @param timeout how long to wait for the answer, or {@code null} to wait until the
	 * connection closes
	 * @return the response
	 */
	public <C, R> Mono<R> call(AmpCommandSchema<C, R> schema, C command, @Nullable Duration timeout) {
		return this.outbound.call(schema, command, timeout, true);
	}

	/**
	 * Call a command by name with raw arguments, as Twisted's {@code callRemoteString}.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return the whole answer box, {@code _answer} included; fails with an
	 * {@link AmpRemoteException} for an error answer
	 */
	public Mono<AmpBox> callRaw(String command, AmpBox arguments) {
		return this.outbound.call(AmpCommandSchema.builder(command).build(), arguments, this.options.callTimeout(),
				false);
	}

	/**
	 * Send a command by name that requires no answer.
	 * @param command the command name
	 * @param arguments the argument keys and values
	 * @return completes once the box is handed to the connection
	 */
	public Mono<Void> sendRaw(String command, AmpBox arguments) {
		AmpCommandSchema<AmpBox, AmpBox> schema = AmpCommandSchema.builder(command).requiresAnswer(false).build();
		return this.outbound.call(schema, arguments, null, false).then();
	}

	/**
	 * Start TLS on this connection with Twisted's {@code StartTLS} command, waiting for
	 * the answer as long as calls do by default. See {@link #startTls(Duration)}.
	 * @return the TLS session once the handshake has succeeded
	 */
	public Mono<SSLSession> startTls() {
		return startTls(this.options.callTimeout());
	}

	/**
	 * Start TLS on this connection with Twisted's {@code StartTLS} command. The request
	 * goes out in the clear; boxes sent after it (calls, answers) are held back and go
	 * out in order, through TLS, once the answer has come and the handshake begins. As in
	 * Twisted, the side that opened the TCP connection is the TLS client, whoever sends
	 * StartTLS.
	 * <p>
	 * Unlike Twisted's, the result completes only when the handshake has succeeded.
	 * @param timeout how long to wait for the answer, or {@code null} to wait until the
	 * connection closes; when it passes, the connection closes
	 * @return the TLS session (its peer certificates, protocol and cipher suite); fails
	 * with an {@link AmpOnlyOneTlsException} when TLS started already, an
	 * {@link AmpTlsUnavailableException} when this side has no TLS for its role (nothing
	 * is sent in either case), the peer's error (Twisted answers {@code TLS_ERROR} when it
	 * has no TLS; AMP then goes on in the clear unless boxes were held back, which are not
	 * sent in the clear: the connection closes), or an {@link AmpTlsException} when the
	 * handshake fails (the connection closes, and calls waiting for answers fail with it)
	 */
	public Mono<SSLSession> startTls(@Nullable Duration timeout) {
		return this.reshape.tls().startTls(timeout);
	}

	/**
	 * Return the TLS session of the connection, once its handshake has succeeded.
	 * @return the TLS session, or {@code null}
	 */
	public @Nullable SSLSession sslSession() {
		return this.connection.sslSession();
	}

	/**
	 * Return the certificate chain the peer presented in the TLS handshake, for
	 * authorization decisions: Twisted's {@code peerCertificate}.
	 * @return the peer's certificates, its own first; empty without TLS or when the peer
	 * presented none
	 */
	public List<X509Certificate> peerCertificates() {
		return this.connection.peerCertificates();
	}

	/**
	 * Switch the connection to another protocol with a protocol switch command, as
	 * Twisted's {@code ProtocolSwitchCommand}. The request is the last AMP this side
	 * sends: from then on, calls fail with an {@link AmpProtocolSwitchedException}. When
	 * the answer comes, every byte after it (the rest of its read included) goes to the
	 * protocol; calls still waiting for answers fail, since the peer has switched too.
	 * When the peer refuses with an error, AMP goes on.
	 * @param command the switch command
	 * @param protocol the protocol to run on the connection after the answer
	 * @return completes once switched; fails with the peer's error, or with an
	 * {@link AmpProtocolSwitchedException} when the connection has switched or waits for
	 * a switch already (nothing is sent)
	 */
	public Mono<Void> switchProtocol(AmpSwitchCommand command, AmpInnerProtocol protocol) {
		Objects.requireNonNull(protocol, "protocol");
		return this.reshape.switching().switchProtocol(command, (context) -> protocol);
	}

	/**
	 * Switch the connection to the protocol of the
	 * {@linkplain AmpSessionOptions#innerProtocols() inner protocol factory} with the given
	 * name. See {@link #switchProtocol(AmpSwitchCommand, AmpInnerProtocol)}.
	 * @param command the switch command
	 * @param protocolName the name of the protocol
	 * @return completes once switched
	 */
	public Mono<Void> switchProtocol(AmpSwitchCommand command, String protocolName) {
		return this.reshape.switching().switchProtocol(command, protocolName);
	}

	/**
	 * Return whether the connection has switched to another protocol.
	 * @return whether it has switched
	 */
	public boolean isSwitched() {
		return this.connection.isSwitched();
	}

	/**
	 * Stop answering new commands (they get a {@value #SHUTTING_DOWN_CODE} error) and
	 * signal when the commands already accepted have been answered.
	 * @return completes when no accepted command is left unanswered
	 */
	public Mono<Void> drain() {
		return this.inbound.drain();
	}

	/**
	 * Return how many commands from the peer are being answered.
	 * @return the number of inbound calls in flight
	 */
	public int inboundCallsInFlight() {
		return this.inbound.inFlight();
	}

	/**
	 * Return how many calls to the peer are waiting for their answer.
	 * @return the number of outbound calls in flight
	 */
	public int outboundCallsInFlight() {
		return this.outbound.inFlight();
	}

	/**
	 * Return when the session started, that is when its connection was opened or
	 * accepted.
	 * @return the start time
	 */
	public Instant openedAt() {
		return this.openedAt;
	}

	/**
	 * Return whether a call is in flight either way: a command from the peer being
	 * answered, or a call of ours waiting for its answer. Exact on the connection's event
	 * loop (the table of our calls lives there), approximate elsewhere.
	 * @return whether any call is in flight
	 */
	public boolean hasCallsInFlight() {
		return this.inbound.inFlight() > 0 || !this.outbound.isEmpty();
	}

	/**
	 * Return attributes that live as long as the session, for per-connection state of
	 * responders.
	 * @return the mutable, thread-safe attributes
	 */
	public ConcurrentMap<String, Object> attributes() {
		return this.attributes;
	}

	/**
	 * Return who is on the other end, once a login or a client certificate has told:
	 * with Spring Security, its {@code Authentication}.
	 * @return the peer's identity, or {@code null} while it is unknown
	 */
	public @Nullable Principal principal() {
		return (this.attributes.get(PRINCIPAL_ATTRIBUTE) instanceof Principal principal) ? principal : null;
	}

	/**
	 * Set who is on the other end, for the rest of the connection; done by the security
	 * integration after a login or from the client certificate.
	 * @param principal the peer's identity
	 */
	public void principal(Principal principal) {
		this.attributes.put(PRINCIPAL_ATTRIBUTE, Objects.requireNonNull(principal, "principal"));
	}

	/**
	 * Return the connection.
	 * @return the connection
	 */
	public AmpConnection connection() {
		return this.connection;
	}

	/**
	 * Return a signal that completes when the session has ended and every call waiting
	 * for an answer has failed.
	 * @return the close signal
	 */
	public Mono<Void> onClose() {
		return this.inbound.onClose();
	}

	/**
	 * Close the connection. Calls waiting for an answer fail with an
	 * {@link AmpConnectionClosedException}. After {@link #drain()} the close is
	 * graceful ({@link AmpConnection#closeGracefully(Duration)}): every answer written
	 * reaches the peer, even one that keeps sending.
	 */
	@Override
	public void dispose() {
		if (this.inbound.isDraining()) {
			this.connection.closeGracefully(AmpConnection.CLOSE_LINGER);
		}
		else {
			this.connection.dispose();
		}
	}

	@Override
	public boolean isDisposed() {
		return this.outbound.isTerminated();
	}

	@Override
	public String toString() {
		return "AmpSession{" + this.connection + "}";
	}

	// The parts, for each other ------------------------------------------------------

	SessionObservers observers() {
		return this.observers;
	}

	OutboundCalls outbound() {
		return this.outbound;
	}

	InboundPump inbound() {
		return this.inbound;
	}

	EventLoop eventLoop() {
		return this.eventLoop;
	}

	AnswerWriter writer() {
		return this.writer;
	}

	Dispatcher dispatcher() {
		return this.dispatcher;
	}

	Reshape reshape() {
		return this.reshape;
	}

	Object remoteAddress() {
		Object remote = this.connection.remoteAddress();
		// A UNIX domain socket client usually has no address: name the socket it came in on.
		return (remote != null) ? remote : "a peer on " + this.connection.localAddress();
	}

	void runOnLoop(Runnable task) {
		if (this.eventLoop.inEventLoop()) {
			task.run();
		}
		else {
			this.eventLoop.execute(task);
		}
	}

	/**
	 * Python's {@code repr()} of a bytes object, as Twisted writes command names in its
	 * {@code UNHANDLED} description.
	 */
	static String pythonBytesRepr(byte @Nullable [] bytes) {
		return PythonRepr.bytes(bytes);
	}

}
