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

package io.ampproto.sample;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.context.LocalAmpServerPort;
import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app and a real Twisted server ({@code twisted_server.py}) are sent the same
 * bytes: a {@code Callback} whose nested {@code Sum} the client answers with an error.
 * Both must answer {@code Callback} alike, byte for byte, and then close the connection
 * or keep it alike. Then a protocol switch while such a {@code Callback} waits.
 */
@SpringBootTest(properties = { "amp.server.port=0", "amp.server.address=127.0.0.1" })
class TwistedNestedCallInteropTests {

	private static final int TIMEOUT_MILLIS = 30_000;

	private static TwistedPython.Server twisted;

	@LocalAmpServerPort
	int port;

	@BeforeAll
	static void startTwisted() throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		twisted = TwistedPeer.startServer();
	}

	@AfterAll
	static void stopTwisted() throws Exception {
		if (twisted != null) {
			twisted.close();
		}
	}

	/** The error code and description (in hex) the client answers the nested Sum with. */
	@ParameterizedTest
	@CsvSource({ "UNHANDLED, 6e6573746564206661696c75726520c3a9", "FOO, 6e6573746564206661696c75726520c3a9",
			"UNKNOWN, 6e6573746564206661696c75726520c3a9", "ZERO_DIVISION, 6e6573746564206661696c75726520c3a9",
			"fffe424144, 6e6573746564206661696c75726520c3a9", "FOO, 626164ff20e282", "UNHANDLED, ''" })
	void nestedCallErrorIsAnsweredAsTwistedAnswersIt(String code, String descriptionHex) throws IOException {
		byte[] codeBytes = code.matches("[0-9a-f]+") ? HexFormat.of().parseHex(code)
				: code.getBytes(StandardCharsets.US_ASCII);
		byte[] description = HexFormat.of().parseHex(descriptionHex);
		String ours = callbackWithNestedError(this.port, codeBytes, description);
		String theirs = callbackWithNestedError(twisted.port(), codeBytes, description);
		assertThat(ours).isEqualTo(theirs);
		assertThat(theirs).contains("_error_code=UNKNOWN");
	}

	/**
	 * Call Callback, answer its nested Sum with an error, then call Sum.
	 * @return the answer to Callback and what followed, as text
	 */
	private static String callbackWithNestedError(int port, byte[] code, byte[] description) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			write(out, AmpBox.of("_command", "Callback", "_ask", "1", "n", "21"));
			AmpBox nested = read(in);
			assertThat(nested.getText("_command")).isEqualTo("Sum");
			write(out, AmpBox.builder()
				.put("_error", nested.getBytes("_ask"))
				.put("_error_code", code)
				.put("_error_description", description)
				.build());
			AmpBox answer = read(in);
			write(out, AmpBox.of("_command", "Sum", "_ask", "2", "a", "1", "b", "2"));
			String then;
			try {
				then = "then " + read(in).getText("total");
			}
			catch (EOFException | SocketException ex) {
				then = "then closed";
			}
			return "_error=" + answer.getText("_error") + " _error_code=" + answer.getText("_error_code")
					+ " _error_description=" + HexFormat.of().formatHex(answer.getBytes("_error_description")) + " "
					+ then;
		}
	}

	@Test
	void switchWhileACallbackWaitsForItsNestedSumEchoes() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			write(out, AmpBox.of("_command", "Callback", "_ask", "1", "n", "21"));
			assertThat(read(in).getText("_command")).isEqualTo("Sum");
			// The Sum stays unanswered: Callback waits while the connection switches.
			write(out, AmpBox.of("_command", "SwitchToEcho", "_ask", "2", "greeting", "hello"));
			assertThat(read(in).getText("_answer")).isEqualTo("2");
			out.write("still here".getBytes(StandardCharsets.UTF_8));
			assertThat(new String(in.readNBytes(10), StandardCharsets.UTF_8)).isEqualTo("still here");
		}
	}

	private static void write(OutputStream out, AmpBox box) throws IOException {
		out.write(AmpBoxCodec.encode(box));
		out.flush();
	}

	private static AmpBox read(InputStream in) throws IOException {
		ByteArrayOutputStream box = new ByteArrayOutputStream();
		while (true) {
			int keyLength = readLength(in, box);
			if (keyLength == 0) {
				return AmpBoxCodec.decodeConcatenated(ByteBuffer.wrap(box.toByteArray())).get(0);
			}
			box.write(readFully(in, keyLength));
			box.write(readFully(in, readLength(in, box)));
		}
	}

	private static int readLength(InputStream in, ByteArrayOutputStream box) throws IOException {
		byte[] length = readFully(in, 2);
		box.write(length);
		return ((length[0] & 0xFF) << 8) | (length[1] & 0xFF);
	}

	private static byte[] readFully(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("Stream ended after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

}
