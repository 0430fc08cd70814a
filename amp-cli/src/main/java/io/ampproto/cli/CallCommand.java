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

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.command.AmpRemoteException;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.session.AmpCallTimeoutException;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpConnector;
import io.ampproto.transport.AmpConnection;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Exceptions;

/**
 * {@code amp call}: sends one command and prints its answer.
 */
@Command(name = "call", mixinStandardHelpOptions = true, versionProvider = AmpCli.Version.class,
		exitCodeOnInvalidInput = AmpCli.EXIT_USAGE, sortOptions = false,
		description = { "Sends a command (with _ask) and prints the answer box, one 'key: value' per line.",
				"Values are shown as text when they are printable UTF-8, else as hex with a 0x prefix." },
		footer = { "%nArguments are key=value (UTF-8) or key:type=value, with Twisted's encodings:",
				"  int       Integer, any size",
				"  float     Float, sent as Python's repr (1e16 is sent as 1e+16)",
				"  decimal   Decimal",
				"  bool      Boolean, from True/False or true/false",
				"  str       Unicode (UTF-8); unicode is the same",
				"  bytes     String: hex after 0x, else UTF-8",
				"  datetime  DateTime, from ISO-8601 with an offset (2012-01-23T12:34:56Z)",
				"  list<T>   ListOf(T), comma-separated elements (ints:list<int>=1,2,3)",
				"%nExamples:",
				"  amp call --port 1234 Sum a:int=13 b:int=81",
				"  amp call --port 1234 --json Log real:float=1e16 ints:list<int>=1,2,3",
				"  amp call --port 7777 --schema-url http://127.0.0.1:8080/actuator/amp --json RoundTrip i=1 ...",
				AmpCli.EXIT_CODES_FOOTER })
final class CallCommand implements Callable<Integer> {

	private static final String ANSWER = "_answer";

	@Spec
	private CommandSpec spec;

	@Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
			description = "Host to connect to (default: ${DEFAULT-VALUE}).")
	private String host = "127.0.0.1";

	@Option(names = "--port", paramLabel = "PORT", required = true, description = "Port to connect to.")
	private int port;

	@Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
			description = "Time allowed to connect and get the answer, such as 10s, 500ms or 2m "
					+ "(default: ${DEFAULT-VALUE}).")
	private Duration timeout = Duration.ofSeconds(10);

	@Option(names = "--json", description = "Print the answer, or the error, as a JSON object on stdout.")
	private boolean json;

	@Option(names = "--no-answer", description = "Send without _ask, print nothing and exit once it is written.")
	private boolean noAnswer;

	@Option(names = "--schema-url", paramLabel = "URL",
			description = { "The amp actuator endpoint of the server's application: arguments are typed by the",
					"command's schema (plain key=value; lists comma-separated or a JSON array, AmpList rows a",
					"JSON array of objects) and the answer is decoded by it (--json shows numbers, lists and rows)." })
	private @Nullable String schemaUrl;

	@Parameters(index = "0", paramLabel = "COMMAND", description = "The command name, such as Sum.")
	private String command = "";

	@Parameters(index = "1..*", paramLabel = "ARGUMENT", description = "key=value or key:type=value.")
	private List<String> arguments = new ArrayList<>();

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		AmpCommandDescription schema = null;
		if (this.schemaUrl != null) {
			try {
				schema = schema(SchemaSource.fromUrl(this.schemaUrl, this.timeout));
			}
			catch (SchemaSource.SchemaException ex) {
				err.println(ex.getMessage());
				err.flush();
				return ex.exitCode();
			}
		}
		AmpBox box = argumentsBox(schema);
		boolean noAnswer = this.noAnswer || (schema != null && !schema.requiresAnswer());
		long deadline = System.nanoTime() + this.timeout.toNanos();
		String target = this.host + ":" + this.port;
		AmpConnection connection;
		try {
			connection = connect();
		}
		catch (RuntimeException ex) {
			boolean timedOut = isTimeout(ex);
			String reason = timedOut ? "no connection within " + format(this.timeout) : AmpCli.describe(ex);
			err.println("cannot connect to " + target + ": " + reason);
			err.flush();
			return timedOut ? AmpCli.EXIT_TIMEOUT : AmpCli.EXIT_CONNECTION;
		}
		// One deadline for connecting and answering, as --timeout promises.
		Duration remaining = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
		AmpSession session = AmpSession.start(connection, AmpResponders.none(),
				AmpSessionOptions.DEFAULTS.withCallTimeout(remaining));
		try {
			if (noAnswer) {
				session.sendRaw(this.command, box).block();
				return AmpCli.EXIT_OK;
			}
			AmpBox answer = session.callRaw(this.command, box).block(remaining.plusSeconds(1));
			printAnswer(out, (answer != null) ? answer : AmpBox.empty(), schema);
			return AmpCli.EXIT_OK;
		}
		catch (AmpRemoteException ex) {
			if (this.json) {
				out.println(BoxFormat.jsonError(ex.getErrorCode(), ex.getDescription()));
			}
			else {
				err.println("error " + ex.getErrorCode() + ": " + ex.getDescription());
			}
			return AmpCli.EXIT_ERROR;
		}
		catch (AmpCallTimeoutException ex) {
			err.println("no answer to " + this.command + " from " + target + " within " + format(this.timeout));
			return AmpCli.EXIT_TIMEOUT;
		}
		catch (AmpConnectionClosedException ex) {
			err.println("connection to " + target + " closed before the answer to " + this.command + " arrived");
			return AmpCli.EXIT_CONNECTION;
		}
		catch (RuntimeException ex) {
			if (isTimeout(ex)) {
				err.println("no answer to " + this.command + " from " + target + " within " + format(this.timeout));
				return AmpCli.EXIT_TIMEOUT;
			}
			err.println("call to " + this.command + " on " + target + " failed: " + AmpCli.describe(ex));
			return AmpCli.EXIT_ERROR;
		}
		finally {
			out.flush();
			err.flush();
			close(session, connection);
		}
	}

	private AmpCommandDescription schema(List<AmpCommandDescription> schemas) {
		for (AmpCommandDescription schema : schemas) {
			if (schema.name().equals(this.command)) {
				return schema;
			}
		}
		throw new ParameterException(this.spec.commandLine(), "the schemas at " + this.schemaUrl + " have no command '"
				+ this.command + "' (they have: " + String.join(", ", schemas.stream().map(AmpCommandDescription::name).toList())
				+ ")");
	}

	private AmpBox argumentsBox(@Nullable AmpCommandDescription schema) {
		if (this.port < 1 || this.port > 65535) {
			throw new ParameterException(this.spec.commandLine(), "--port must be 1..65535, not " + this.port);
		}
		if (this.command.isEmpty()) {
			throw new ParameterException(this.spec.commandLine(), "the command name must not be empty");
		}
		try {
			AmpBox box = (schema != null) ? SchemaArguments.parse(schema, this.arguments)
					: BoxArguments.parse(this.arguments);
			// Refuse an oversized box here, as bad usage, rather than after connecting.
			AmpBoxCodec.checkSendable(box.toBuilder().put("_command", this.command).put("_ask", "1").build());
			return box;
		}
		catch (RuntimeException ex) {
			throw new ParameterException(this.spec.commandLine(), String.valueOf(ex.getMessage()), ex);
		}
	}

	private AmpConnection connect() {
		// Netty's connect timeout fails the attempt itself, rather than abandoning it.
		int connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, this.timeout.toMillis()));
		AmpConnection connection = AmpConnector.create()
			.host(this.host)
			.port(this.port)
			.tcpClient((tcp) -> tcp.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis))
			.connect()
			.block(this.timeout.plusSeconds(1));
		if (connection == null) {
			throw new IllegalStateException("no connection");
		}
		return connection;
	}

	private void printAnswer(PrintWriter out, AmpBox answer, @Nullable AmpCommandDescription schema) {
		if (schema != null) {
			java.util.Map<String, Object> values = SchemaArguments.decode(schema, answer, ANSWER);
			if (this.json) {
				out.println(SchemaArguments.json(values));
			}
			else {
				SchemaArguments.lines(values).forEach(out::println);
			}
			return;
		}
		if (this.json) {
			out.println(BoxFormat.json(answer, ANSWER));
		}
		else {
			BoxFormat.lines(answer, ANSWER).forEach(out::println);
		}
	}

	private void close(AmpSession session, AmpConnection connection) {
		// Disposing flushes what was written first, which --no-answer relies on.
		session.dispose();
		try {
			connection.onClose().block(Duration.ofSeconds(2));
		}
		catch (RuntimeException ex) {
			// Closing is best effort: the outcome is already decided.
		}
	}

	private static boolean isTimeout(Throwable failure) {
		@Nullable Throwable cause = Exceptions.unwrap(failure);
		while (cause != null) {
			if (cause instanceof ConnectTimeoutException || cause instanceof AmpCallTimeoutException
					|| cause instanceof TimeoutException
					|| String.valueOf(cause.getMessage()).startsWith("Timeout on blocking read")) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
