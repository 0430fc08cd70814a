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

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpProtocolSwitchedException;
import io.ampproto.session.AmpSessionProtocolSwitchTests.EchoFactory;
import io.ampproto.session.AmpSessionProtocolSwitchTests.Recorder;
import io.ampproto.session.AmpSessionProtocolSwitchTests.SwitchToEcho;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Callback;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the failures of calls a responder makes to its peer while answering (the
 * nested {@code Sum} of {@code Callback}): what answers the outer command, what closes
 * the connection and what is logged.
 */
class AmpSessionNestedCallTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	private final Logger sessionLogger = (Logger) LoggerFactory.getLogger(AmpSession.class);

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		this.sessionLogger.addAppender(this.logs);
	}

	@AfterEach
	void close() {
		this.sessionLogger.detachAppender(this.logs);
	}

	/** Callback calls the caller's Sum; SwitchToEcho switches to a greeting echo. */
	DisposableServer server() {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respond(Callback.class,
					(callback, session) -> session.call(new Sum(callback.n(), callback.n()))
						.map((result) -> new Callback.Result((int) result.total())))
			.respondSwitch(SwitchToEcho.class, (command, session) -> Mono.just(AmpSwitch.to("echo")))
			.build();
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS
			.withInnerProtocols(AmpInnerProtocols.of(List.of(new EchoFactory())));
		return this.loopback.server(responders, options);
	}

	/**
	 * What Twisted 22.4 answers to Callback when the client answers its nested Sum with
	 * an error (seen with twisted_server.py of the sample app): UNHANDLED becomes
	 * UnhandledCommand, no remote error, so UNKNOWN / Unknown Error and the connection
	 * closes; any other code becomes UnknownRemoteError: UNKNOWN with the client's
	 * description, the connection stays open. The code is never relayed.
	 */
	@ParameterizedTest
	@CsvSource({ "UNHANDLED, Unknown Error, closed", "FOO, nested failure \u00e9, open",
			"UNKNOWN, nested failure \u00e9, open", "fffe424144, nested failure \u00e9, open",
			"ZERO_DIVISION, nested failure \u00e9, open" })
	void errorOfANestedCallIsNotRelayedAsTheOuterCommandsOwn(String code, String description, String then)
			throws IOException {
		byte[] codeBytes = code.matches("[0-9a-f]+") ? HexFormat.of().parseHex(code)
				: code.getBytes(StandardCharsets.US_ASCII);
		try (Socket socket = new Socket("127.0.0.1", server().port())) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			RawBoxes.writeBox(out, AmpBox.of("_command", "Callback", "_ask", "1", "n", "21"));
			AmpBox nested = RawBoxes.readBox(in);
			assertThat(nested.getText("_command")).isEqualTo("Sum");
			RawBoxes.writeBox(out, AmpBox.builder()
				.put("_error", nested.getBytes("_ask"))
				.put("_error_code", codeBytes)
				.put("_error_description", "nested failure \u00e9")
				.build());
			AmpBox answer = RawBoxes.readBox(in);
			assertThat(answer.getText("_error")).isEqualTo("1");
			assertThat(answer.getText("_error_code")).isEqualTo("UNKNOWN");
			assertThat(answer.getText("_error_description")).isEqualTo(description);
			RawBoxes.writeBox(out, AmpBox.of("_command", "Sum", "_ask", "2", "a", "1", "b", "2"));
			assertThat(nextBoxOrClosed(in)).isEqualTo(then.equals("open") ? "_answer 2 total 3" : "closed");
		}
		if (then.equals("open")) {
			assertThat(this.logs.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
		}
	}

	private static String nextBoxOrClosed(InputStream in) throws IOException {
		try {
			AmpBox box = RawBoxes.readBox(in);
			return "_answer " + box.getText("_answer") + " total " + box.getText("total");
		}
		catch (EOFException | SocketException ex) {
			return "closed";
		}
	}

	@Test
	void switchWhileACallbackWaitsForItsNestedCallLeavesTheInnerProtocolAlone() {
		DisposableServer server = server();
		AtomicInteger sumsReceived = new AtomicInteger();
		// The client never answers the server's Sum: the server's Callback stays waiting.
		AmpResponders clientResponders = AmpResponders.builder().respond(Sum.class, (sum, session) -> {
			sumsReceived.incrementAndGet();
			return Mono.never();
		}).build();
		AmpConnection connection = this.loopback.connect(server);
		AmpSession client = AmpSession.start(connection, clientResponders, AmpSessionOptions.DEFAULTS);
		Mono<Callback.Result> callback = InFlight.started(client.call(new Callback(21)));
		await().atMost(TIMEOUT).until(() -> sumsReceived.get() == 1);
		Recorder inner = new Recorder();
		client.switchProtocol(new SwitchToEcho("hello"), inner).block(TIMEOUT);
		assertThatExceptionOfType(AmpProtocolSwitchedException.class).isThrownBy(() -> callback.block(TIMEOUT));
		await().atMost(TIMEOUT).until(() -> inner.text().equals("hello"));
		inner.send("still here");
		await().atMost(TIMEOUT).until(() -> inner.text().equals("hellostill here"));
		AmpSession server0 = this.loopback.serverSessions().get(0);
		assertThat(server0.isSwitched()).isTrue();
		await().atMost(TIMEOUT).until(() -> server0.inboundCallsInFlight() == 0);
		inner.send(", and again");
		await().atMost(TIMEOUT).until(() -> inner.text().equals("hellostill here, and again"));
		assertThat(connection.isActive()).isTrue();
		assertThat(this.logs.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
	}

	@Test
	void connectionLostWithManyCallbacksWaitingIsLoggedOnce() {
		DisposableServer server = server();
		AtomicInteger sumsReceived = new AtomicInteger();
		AmpResponders clientResponders = AmpResponders.builder().respond(Sum.class, (sum, session) -> {
			sumsReceived.incrementAndGet();
			return Mono.never();
		}).build();
		AmpConnection connection = AmpConnector.create().host("127.0.0.1").port(server.port()).connectNow();
		AmpSession client = AmpSession.start(connection, clientResponders, AmpSessionOptions.DEFAULTS);
		int callbacks = AmpSessionOptions.DEFAULT_MAX_INBOUND_CALLS_IN_FLIGHT;
		for (int i = 0; i < callbacks; i++) {
			InFlight.started(client.call(new Callback(i)));
		}
		await().atMost(TIMEOUT).until(() -> sumsReceived.get() == callbacks);
		AmpSession serverSession = this.loopback.serverSessions().get(0);
		assertThat(serverSession.inboundCallsInFlight()).isEqualTo(callbacks);
		connection.dispose();
		serverSession.onClose().block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> serverSession.inboundCallsInFlight() == 0);
		assertThat(this.logs.list).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
			.singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("AMP responder of Callback")
				.endsWith("(more on this connection are logged at DEBUG level)"));
	}

}
