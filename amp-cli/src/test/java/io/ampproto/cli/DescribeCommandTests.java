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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.schema.AmpDescriptionJson;
import io.ampproto.schema.AmpDescriptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code amp describe}, against a loopback HTTP server that answers as the
 * {@code amp} endpoint does.
 */
class DescribeCommandTests {

	private HttpServer http;

	private volatile String body = "";

	private volatile int status = 200;

	@BeforeEach
	void startHttp() throws IOException {
		this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.http.createContext("/actuator/amp", (exchange) -> {
			byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(this.status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		this.http.start();
	}

	@AfterEach
	void stopHttp() {
		this.http.stop(0);
	}

	String url() {
		return "http://127.0.0.1:" + this.http.getAddress().getPort() + "/actuator/amp";
	}

	@Test
	void printsEachCommandInTwistedsTerms() {
		this.body = "{\"server\":null,\"commands\":{},"
				+ AmpDescriptionJson.write(List.of(AmpDescriptions.describe(Divide.class),
						AmpDescriptions.describe(Ping.class)))
					.substring(1);
		Result result = run("describe", "--url", url());
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out().lines()).containsExactly(
				"Divide(numerator: Integer, denominator: Integer) -> (result: Float)",
				"    error ZERO_DIVISION (ArithmeticException)", "    error BOOM (IllegalStateException), fatal",
				"ping-me(n: Integer, tags: ListOf(Unicode) (optional)) -> ()", "    requiresAnswer = False");
		Result json = run("describe", "--url", url(), "--json");
		assertThat(json.exitCode()).isZero();
		assertThat(AmpDescriptionJson.read(json.out())).containsExactly(AmpDescriptions.describe(Divide.class),
				AmpDescriptions.describe(Ping.class));
	}

	@Test
	void explainsWhatIsWrongWithTheEndpoint() {
		this.status = 404;
		Result missing = run("describe", "--url", url());
		assertThat(missing.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(missing.err()).contains("answered HTTP 404", "management.endpoints.web.exposure.include=amp");
		this.status = 200;
		this.body = "{\"commands\":{}}";
		Result old = run("describe", "--url", url());
		assertThat(old.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(old.err()).contains("does not describe AMP commands", "no 'schemas'");
		Result notHttp = run("describe", "--url", "ftp://127.0.0.1/x");
		assertThat(notHttp.err()).contains("is not an http or https URL");
		int port = this.http.getAddress().getPort();
		this.http.stop(0);
		Result refused = run("describe", "--url", "http://127.0.0.1:" + port + "/actuator/amp");
		assertThat(refused.exitCode()).isEqualTo(AmpCli.EXIT_CONNECTION);
		assertThat(refused.err()).startsWith("cannot read http://127.0.0.1:" + port);
	}

	static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = AmpCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
		return new Result(exitCode, out.toString(), err.toString());
	}

	record Result(int exitCode, String out, String err) {
	}

	@AmpCommandSpec(errors = { @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class),
			@AmpError(code = "BOOM", exception = IllegalStateException.class, fatal = true) })
	record Divide(BigInteger numerator, BigInteger denominator) implements AmpCommand<Divide.Result> {

		record Result(double result) {
		}

	}

	@AmpCommandSpec(name = "ping-me", requiresAnswer = false)
	record Ping(BigInteger n, java.util.Optional<List<String>> tags) implements AmpCommand<Void> {
	}

}
