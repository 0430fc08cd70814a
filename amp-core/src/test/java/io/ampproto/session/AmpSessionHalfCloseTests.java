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

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.session.AmpSessionProtocolSwitchTests.EchoFactory;
import io.ampproto.session.AmpSessionProtocolSwitchTests.SwitchToEcho;
import io.ampproto.switching.AmpInnerProtocols;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.testsupport.LoopbackSessions;
import io.ampproto.testsupport.TestCommands.Slow;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a peer which shuts its output down (TCP half-close, {@code SHUT_WR}) after
 * sending its commands still gets every answer, then the end of the stream, as from
 * Twisted.
 */
class AmpSessionHalfCloseTests {

	private static final int TIMEOUT_MILLIS = 60_000;

	@RegisterExtension
	final LoopbackSessions loopback = new LoopbackSessions();

	DisposableServer server() {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			// Answered off the event loop, some time later.
			.respond(Slow.class,
					(slow, session) -> Mono.fromCallable(() -> new Slow.Result(slow.id()))
						.subscribeOn(Schedulers.parallel()))
			.respondSwitch(SwitchToEcho.class, (command, session) -> Mono.just(AmpSwitch.to("echo")))
			.build();
		AmpSessionOptions options = AmpSessionOptions.DEFAULTS
			.withInnerProtocols(AmpInnerProtocols.of(List.of(new EchoFactory())));
		return this.loopback.server(responders, options);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Sum", "Slow" })
	void clientThatShutsItsOutputDownAfterTwoThousandCommandsGetsEveryAnswer(String command) throws IOException {
		int port = server().port();
		int calls = 2_000;
		ByteArrayOutputStream requests = new ByteArrayOutputStream();
		for (int i = 1; i <= calls; i++) {
			AmpBox box = command.equals("Sum")
					? AmpBox.of("_command", "Sum", "_ask", Integer.toHexString(i), "a", String.valueOf(i), "b", "1")
					: AmpBox.of("_command", "Slow", "_ask", Integer.toHexString(i), "id", String.valueOf(i),
							"delayMillis", "0");
			requests.writeBytes(AmpBoxCodec.encode(box));
		}
		for (int round = 0; round < 10; round++) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(TIMEOUT_MILLIS);
				socket.getOutputStream().write(requests.toByteArray());
				socket.shutdownOutput();
				Set<String> answered = new HashSet<>();
				InputStream in = socket.getInputStream();
				// Until the end of the stream: the server closes once every command is answered.
				for (AmpBox answer = readOrEnd(in); answer != null; answer = readOrEnd(in)) {
					assertThat(answer.getText("_error")).as("error answer %s", answer).isNull();
					answered.add(answer.getText("_answer"));
				}
				assertThat(answered).as("round %d", round).hasSize(calls);
			}
		}
	}

	@Test
	void switchedConnectionWhosePeerShutsItsOutputDownEchoesEverythingThenCloses() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", server().port())) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.getOutputStream()
				.write(AmpBoxCodec.encode(AmpBox.of("_command", "SwitchToEcho", "_ask", "1", "greeting", "hi ")));
			socket.getOutputStream().write("and bye".getBytes(StandardCharsets.UTF_8));
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			assertThat(RawBoxes.readBox(in).getText("_answer")).isEqualTo("1");
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi and bye");
		}
		await().until(() -> this.loopback.serverSessions().get(0).onClose().toFuture().isDone());
	}

	private static AmpBox readOrEnd(InputStream in) throws IOException {
		int first = in.read();
		if (first < 0) {
			return null;
		}
		ByteArrayOutputStream box = new ByteArrayOutputStream();
		box.write(first);
		box.write(RawBoxes.readFully(in, 1));
		int keyLength = ((box.toByteArray()[0] & 0xFF) << 8) | (box.toByteArray()[1] & 0xFF);
		while (keyLength != 0) {
			box.writeBytes(RawBoxes.readFully(in, keyLength));
			byte[] valueLength = RawBoxes.readFully(in, 2);
			box.writeBytes(valueLength);
			box.writeBytes(RawBoxes.readFully(in, ((valueLength[0] & 0xFF) << 8) | (valueLength[1] & 0xFF)));
			byte[] next = RawBoxes.readFully(in, 2);
			box.writeBytes(next);
			keyLength = ((next[0] & 0xFF) << 8) | (next[1] & 0xFF);
		}
		try {
			return AmpBoxCodec.decodeConcatenated(java.nio.ByteBuffer.wrap(box.toByteArray())).get(0);
		}
		catch (RuntimeException ex) {
			throw new EOFException("Unreadable box: " + ex);
		}
	}

}
