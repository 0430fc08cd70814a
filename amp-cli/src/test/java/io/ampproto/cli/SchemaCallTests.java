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
package io.ampproto.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.ampproto.box.AmpBox;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.schema.AmpDescriptionJson;
import io.ampproto.schema.AmpDescriptions;
import io.ampproto.schema.JsonText;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code amp call --schema-url}: arguments typed and answers decoded by the
 * command's schema, read from a loopback HTTP server answering as the {@code amp}
 * endpoint does.
 */
class SchemaCallTests {

	private final BlockingQueue<AmpBox> received = new LinkedBlockingQueue<>();

	private HttpServer http;

	private DisposableServer amp;

	@BeforeEach
	void start() throws IOException {
		String body = AmpDescriptionJson.write(List.of(AmpDescriptions.describe(Mixed.class),
				AmpDescriptions.describe(Ping.class)));
		this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.http.createContext("/actuator/amp", (exchange) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		this.http.start();
		AmpResponders responders = AmpResponders.builder().respondRaw("Mixed", (box, session) -> {
			this.received.add(box);
			AmpBox.Builder echo = AmpBox.builder();
			box.forEach((key, value) -> {
				String name = new String(key, StandardCharsets.UTF_8);
				if (!name.equals("_command") && !name.equals("_ask")) {
					echo.put(key, value);
				}
			});
			return Mono.just(echo.build());
		}).respondRaw("Ping", (box, session) -> {
			this.received.add(box);
			return Mono.just(AmpBox.empty());
		}).build();
		this.amp = AmpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((connection) -> AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS).onClose())
			.bindNow();
	}

	@AfterEach
	void stop() {
		this.http.stop(0);
		this.amp.disposeNow();
	}

	String[] call(String... words) {
		String[] args = new String[words.length + 5];
		args[0] = "call";
		args[1] = "--port";
		args[2] = String.valueOf(this.amp.port());
		args[3] = "--schema-url";
		args[4] = "http://127.0.0.1:" + this.http.getAddress().getPort() + "/actuator/amp";
		System.arraycopy(words, 0, args, 5, words.length);
		return args;
	}

	@Test
	void typesPlainArgumentsAndShowsNumbersListsAndRowsInJson() throws InterruptedException {
		DescribeCommandTests.Result result = DescribeCommandTests.run(call("--json", "Mixed", "i=13", "real=1e16",
				"flag=true", "raw=0x00ff", "text=hé", "dec=1.10", "when=2012-01-23T12:34:56Z", "ints=1,2,3",
				"rows=[{\"k\": \"a\", \"v\": 1}, {\"k\": \"b\"}]", "nested=[[1.5], []]"));
		assertThat(result.exitCode()).as(result.err()).isZero();
		AmpBox sent = this.received.poll(5, TimeUnit.SECONDS);
		assertThat(sent.getText("real")).isEqualTo("1e+16");
		assertThat(sent.getText("flag")).isEqualTo("True");
		assertThat(sent.getText("when")).isEqualTo("2012-01-23T12:34:56.000000-00:00");
		assertThat(sent.getBytes("ints")).containsExactly(0, 1, (byte) 0x31, 0, 1, (byte) 0x32, 0, 1, (byte) 0x33);
		assertThat(sent.keys()).doesNotContain("maybe");
		assertThat(JsonText.parse(result.out())).isEqualTo(JsonText.parse("{\"i\": 13, \"real\": 1e+16, \"flag\": true,"
				+ " \"raw\": \"0x00ff\", \"text\": \"hé\", \"dec\": 1.10, \"when\": \"2012-01-23T12:34:56.000000-00:00\","
				+ " \"ints\": [1, 2, 3], \"rows\": [{\"k\": \"a\", \"v\": 1}, {\"k\": \"b\"}], \"nested\": [[1.5], []]}"));
		// The same answer without the schema: text or hex, no numbers.
		DescribeCommandTests.Result untyped = DescribeCommandTests.run("call", "--port",
				String.valueOf(this.amp.port()), "--json", "Mixed", "ints:list<int>=1,2");
		assertThat(untyped.out()).contains("\"ints\":\"0x00013100013" + "2\"");
	}

	@Test
	void printsListsAndRowsAsJsonInTextMode() {
		DescribeCommandTests.Result result = DescribeCommandTests.run(call("Mixed", "i=-1", "real=nan", "flag=False",
				"raw=x", "text=t", "dec=sNaN", "when=2012-01-23T12:34:56+05:30", "ints=", "rows=[]", "nested=[]",
				"maybe=7"));
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out().lines()).contains("i: -1", "real: nan", "flag: False", "dec: sNaN", "ints: []",
				"rows: []", "maybe: 7");
	}

	@Test
	void aCommandWithoutAnswerIsSentWithoutAsk() throws InterruptedException {
		DescribeCommandTests.Result result = DescribeCommandTests.run(call("Ping", "n=5"));
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).isEmpty();
		AmpBox sent = this.received.poll(5, TimeUnit.SECONDS);
		assertThat(sent.keys()).containsExactlyInAnyOrder("_command", "n");
	}

	@Test
	void badArgumentsAreUsageErrorsNamingTheSchema() {
		DescribeCommandTests.Result unknown = DescribeCommandTests.run(call("Mixed", "nope=1"));
		assertThat(unknown.exitCode()).isEqualTo(AmpCli.EXIT_USAGE);
		assertThat(unknown.err()).contains("Mixed has no argument 'nope' (its arguments: i, real, flag,");
		DescribeCommandTests.Result missing = DescribeCommandTests.run(call("Ping"));
		assertThat(missing.err()).contains("Ping(n: Integer) -> () needs n");
		DescribeCommandTests.Result badValue = DescribeCommandTests.run(call("Ping", "n=five"));
		assertThat(badValue.err()).contains("bad value in 'n=five' for n: Integer");
		DescribeCommandTests.Result noSuchCommand = DescribeCommandTests.run(call("Sum", "a=1"));
		assertThat(noSuchCommand.exitCode()).isEqualTo(AmpCli.EXIT_USAGE);
		assertThat(noSuchCommand.err()).contains("have no command 'Sum' (they have: Mixed, Ping)");
		assertThat(this.received).isEmpty();
	}

	record Mixed(BigInteger i, double real, boolean flag, byte[] raw, String text, AmpDecimal dec, OffsetDateTime when,
			List<BigInteger> ints, List<Row> rows, List<List<Double>> nested, Optional<BigInteger> maybe)
			implements AmpCommand<Mixed> {

		record Row(String k, Optional<BigInteger> v) {
		}

	}

	@AmpCommandSpec(requiresAnswer = false)
	record Ping(BigInteger n) implements AmpCommand<Void> {
	}


}
