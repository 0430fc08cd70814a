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

package io.ampproto.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.command.type.AmpTypes;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Tests for {@link AmpCli}: the command line runs in-process against a real loopback AMP
 * server, with its output captured.
 */
class AmpCliTests {

	private final List<Disposable> toClose = new CopyOnWriteArrayList<>();

	private final BlockingQueue<AmpBox> received = new LinkedBlockingQueue<>();

	private String port = "";

	@BeforeEach
	void startServer() {
		AmpResponders responders = AmpResponders.builder()
			.respondRaw("Sum", (box, session) -> {
				this.received.add(box);
				BigInteger total = AmpTypes.INTEGER.decode(box.getBuffer("a")).add(AmpTypes.INTEGER.decode(box.getBuffer("b")));
				return Mono.just(AmpBox.builder().put("total", AmpTypes.INTEGER.encode(total)).build());
			})
			.respondRaw("Record", (box, session) -> {
				this.received.add(box);
				return Mono.just(AmpBox.builder()
					.put("ok", "yes")
					.put("blob", new byte[] { 0, 1, 2 })
					.put("quote", "say \"hi\"\\")
					.build());
			})
			.respondRaw("Fail", (box, session) -> Mono.error(new AmpRemoteException("BAD_INPUT", "a must be positive")))
			.respondRaw("Never", (box, session) -> Mono.never())
			.build();
		DisposableServer server = AmpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((connection) -> AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS).onClose())
			.bindNow();
		this.toClose.add(server);
		this.port = String.valueOf(server.port());
	}

	@AfterEach
	void stopServer() {
		this.toClose.forEach(Disposable::dispose);
	}

	@Test
	void callPrintsTheAnswerWithoutItsTag() {
		Result result = run("call", "--port", this.port, "Sum", "a:int=13", "b:int=81");
		assertThat(result.exitCode()).isZero();
		assertThat(result.outLines()).containsExactly("total: 94");
		assertThat(result.err()).isEmpty();
	}

	@Test
	void callPrintsJson() {
		Result result = run("call", "--port", this.port, "--json", "Record");
		assertThat(result.exitCode()).isZero();
		// Wire order; unprintable values as hex; quotes and backslashes escaped.
		assertThat(result.outLines())
			.containsExactly("{\"blob\":\"0x000102\",\"ok\":\"yes\",\"quote\":\"say \\\"hi\\\"\\\\\"}");
	}

	@Test
	void callShowsUnprintableValuesAsHex() {
		Result result = run("call", "--port", this.port, "Record");
		assertThat(result.exitCode()).isZero();
		assertThat(result.outLines()).containsExactly("blob: 0x000102", "ok: yes", "quote: say \"hi\"\\");
	}

	@Test
	void typedValuesArriveWithTwistedsBytes() throws InterruptedException {
		Result result = run("call", "--port", this.port, "Record", "real:float=1e16", "notanumber:float=nan",
				"tenth:float=.1", "when:datetime=2012-01-23T12:34:56.054321-00:00", "zulu:datetime=2012-01-23T12:34:56Z",
				"ints:list<int>=1,2,3", "none:list<str>=", "flag:bool=true", "no:bool=False",
				"big:int=-18446744073709551616", "dec:decimal=1.10", "raw:bytes=0x00ff", "text:str=héllo",
				"plain=a=b");
		assertThat(result.exitCode()).as(result.err()).isZero();
		AmpBox box = this.received.poll(5, TimeUnit.SECONDS);
		assertThat(box).isNotNull();
		assertThat(box.getText("_command")).isEqualTo("Record");
		assertThat(box.getText("_ask")).isNotNull();
		assertThat(box.getText("real")).isEqualTo("1e+16");
		assertThat(box.getText("notanumber")).isEqualTo("nan");
		assertThat(box.getText("tenth")).isEqualTo("0.1");
		assertThat(box.getText("when")).isEqualTo("2012-01-23T12:34:56.054321-00:00");
		assertThat(box.getText("zulu")).isEqualTo("2012-01-23T12:34:56.000000-00:00");
		assertThat(HexFormat.of().formatHex(box.getBytes("ints"))).isEqualTo("000131000132000133");
		assertThat(box.getBytes("none")).isEmpty();
		assertThat(box.getText("flag")).isEqualTo("True");
		assertThat(box.getText("no")).isEqualTo("False");
		assertThat(box.getText("big")).isEqualTo("-18446744073709551616");
		assertThat(box.getText("dec")).isEqualTo("1.10");
		assertThat(box.getBytes("raw")).containsExactly(0x00, 0xff);
		assertThat(box.getBytes("text")).containsExactly("héllo".getBytes(StandardCharsets.UTF_8));
		assertThat(box.getText("plain")).isEqualTo("a=b");
	}

	@Test
	void errorAnswerExitsWithOne() {
		Result result = run("call", "--port", this.port, "Fail");
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(result.out()).isEmpty();
		assertThat(result.errLines()).containsExactly("error BAD_INPUT: a must be positive");
	}

	@Test
	void errorAnswerAsJson() {
		Result result = run("call", "--port", this.port, "--json", "Fail");
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(result.outLines())
			.containsExactly("{\"error\":{\"code\":\"BAD_INPUT\",\"description\":\"a must be positive\"}}");
	}

	@Test
	void unknownCommandIsUnhandled() {
		Result result = run("call", "--port", this.port, "X");
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(result.errLines()).containsExactly("error UNHANDLED: Unhandled Command: b'X'");
	}

	@Test
	void connectionRefusedExitsWithTwo() throws IOException {
		int freePort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			freePort = socket.getLocalPort();
		}
		Result result = run("call", "--port", String.valueOf(freePort), "Sum", "a:int=1", "b:int=2");
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_CONNECTION);
		assertThat(result.err()).startsWith("cannot connect to 127.0.0.1:" + freePort + ": ")
			.containsIgnoringCase("refused");
	}

	@Test
	void noAnswerWithinTimeoutExitsWithThree() {
		Result result = run("call", "--port", this.port, "--timeout", "200ms", "Never");
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_TIMEOUT);
		assertThat(result.err()).startsWith("no answer to Never from 127.0.0.1:" + this.port + " within 200ms");
	}

	@Test
	void noAnswerSendsWithoutAsk() throws InterruptedException {
		Result result = run("call", "--port", this.port, "--no-answer", "Record", "a=1");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).isEmpty();
		AmpBox box = this.received.poll(5, TimeUnit.SECONDS);
		assertThat(box).isNotNull();
		assertThat(box.containsKey("_ask")).isFalse();
		assertThat(box.getText("a")).isEqualTo("1");
	}

	@Test
	void badUsageExitsWith64() {
		Result badValue = run("call", "--port", this.port, "Sum", "a:int=x");
		assertUsageError(badValue, "bad value in 'a:int=x'");
		assertThat(badValue.err()).contains("Usage: amp call");
		assertUsageError(run("call", "--port", this.port, "Sum", "a:nope=1"), "unknown type 'nope'");
		assertUsageError(run("call", "--port", this.port, "Sum", "a:list<list<int>>=1"), "unknown type");
		assertUsageError(run("call", "--port", this.port, "Sum", "a"), "expected key=value");
		assertUsageError(run("call", "--port", this.port, "Sum", "_ask=1"), "reserved");
		assertUsageError(run("call", "--port", this.port, "Sum", "a=1", "a:int=2"), "given twice");
		assertUsageError(run("call", "--port", this.port, "--timeout", "soon", "Sum"), "--timeout");
		assertUsageError(run("call", "Sum"), "--port");
		assertUsageError(run("call", "--port", this.port), "COMMAND");
		assertUsageError(run("frobnicate"), "frobnicate");
		assertUsageError(run(), "Missing required subcommand");
	}

	@Test
	void listenPrintsBoxesAndEchoes() throws Exception {
		StringWriter listenOut = new StringWriter();
		StringWriter listenErr = new StringWriter();
		AtomicInteger listenExit = new AtomicInteger(-1);
		Thread listener = new Thread(() -> listenExit.set(AmpCli
			.commandLine(new PrintWriter(listenOut, true), new PrintWriter(listenErr, true))
			.execute("listen", "--port", "0", "--echo")), "amp-listen");
		listener.start();
		try {
			String listenPort = await(listenOut, Pattern.compile("^listening on 127\\.0\\.0\\.1:(\\d+)$",
					Pattern.MULTILINE));
			Result result = run("call", "--port", listenPort, "Echo", "greeting=hello world", "n:int=3",
					"raw:bytes=0x00ff");
			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.outLines()).containsExactly("greeting: hello world", "n: 3", "raw: 0x00ff");
			assertThat(run("call", "--port", listenPort, "--no-answer", "Note", "x=1").exitCode()).isZero();
			await(listenOut, Pattern.compile("^(_command=Note x=1)$", Pattern.MULTILINE));
			assertThat(listenOut.toString().lines().toList()).containsExactly("listening on 127.0.0.1:" + listenPort,
					"_ask=1 _command=Echo greeting=hello world n=3 raw=0x00ff", "_command=Note x=1");
		}
		finally {
			listener.interrupt();
			listener.join(5000);
		}
		assertThat(listener.isAlive()).isFalse();
		assertThat(listenExit.get()).isZero();
		assertThat(listenErr.toString()).isEmpty();
	}

	@Test
	void listenOnABusyPortExitsWithTwo() {
		Result result = run("listen", "--port", this.port);
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_CONNECTION);
		assertThat(result.err()).startsWith("cannot listen on 127.0.0.1:" + this.port + ": ");
	}

	@Test
	void versionAndHelp() {
		Result version = run("--version");
		assertThat(version.exitCode()).isZero();
		assertThat(version.out()).startsWith("amp ");
		Result help = run("call", "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("key:type=value", "list<T>", "Exit codes:");
	}

	private static void assertUsageError(Result result, String message) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(AmpCli.EXIT_USAGE);
		assertThat(result.err()).contains(message);
	}

	private static String await(StringWriter output, Pattern pattern) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Matcher matcher = pattern.matcher(output.toString());
			if (matcher.find()) {
				return matcher.group(1);
			}
			Thread.sleep(10);
		}
		return fail("no match for " + pattern + " in: " + output);
	}

	private static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = AmpCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
		return new Result(exitCode, out.toString(), err.toString());
	}

	private record Result(int exitCode, String out, String err) {

		List<String> outLines() {
			return this.out.lines().toList();
		}

		List<String> errLines() {
			return this.err.lines().toList();
		}

	}

}
