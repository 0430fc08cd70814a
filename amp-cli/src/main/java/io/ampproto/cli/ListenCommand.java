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
import java.util.concurrent.Callable;

import io.ampproto.box.AmpBox;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * {@code amp listen}: serves AMP and prints every box received, one line each.
 */
@Command(name = "listen", mixinStandardHelpOptions = true, versionProvider = AmpCli.Version.class,
		exitCodeOnInvalidInput = AmpCli.EXIT_USAGE, sortOptions = false,
		description = { "Serves AMP and prints every box received as key=value pairs, one line per box.",
				"Answers nothing unless --echo is given. Runs until interrupted." },
		footer = { "%nExamples:", "  amp listen --port 1234 --echo",
				"  amp call --port 1234 Echo greeting=hello n:int=3" })
final class ListenCommand implements Callable<Integer> {

	private static final String ASK = "_ask";

	private static final String COMMAND = "_command";

	@Spec
	private CommandSpec spec;

	@Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
			description = "Address to listen on (default: ${DEFAULT-VALUE}).")
	private String host = "127.0.0.1";

	@Option(names = "--port", paramLabel = "PORT", required = true,
			description = "Port to listen on; 0 picks a free one.")
	private int port;

	@Option(names = "--echo",
			description = "Answer every command that has _ask with its own keys (less _ask and _command).")
	private boolean echo;

	@Override
	public Integer call() {
		if (this.port < 0 || this.port > 65535) {
			throw new ParameterException(this.spec.commandLine(), "--port must be 0..65535, not " + this.port);
		}
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		DisposableServer server;
		try {
			server = AmpServer.create()
				.host(this.host)
				.port(this.port)
				.handle((connection) -> serve(connection, out, err))
				.bindNow(Duration.ofSeconds(10));
		}
		catch (RuntimeException ex) {
			err.println("cannot listen on " + this.host + ":" + this.port + ": " + AmpCli.describe(ex));
			err.flush();
			return AmpCli.EXIT_CONNECTION;
		}
		try {
			print(out, "listening on " + this.host + ":" + server.port());
			server.onDispose().block();
			return AmpCli.EXIT_OK;
		}
		catch (RuntimeException ex) {
			// Interrupted (in-process use): stop serving and leave quietly.
			if (Exceptions.unwrap(ex) instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
				Thread.currentThread().interrupt();
				return AmpCli.EXIT_OK;
			}
			throw ex;
		}
		finally {
			server.dispose();
		}
	}

	private Mono<Void> serve(AmpConnection connection, PrintWriter out, PrintWriter err) {
		return connection.receive().doOnNext((box) -> {
			print(out, BoxFormat.line(box));
			if (this.echo) {
				echo(connection, box, err);
			}
		}).onErrorResume((ex) -> {
			print(err, "connection from " + connection.remoteAddress() + " failed: " + AmpCli.describe(ex));
			return Mono.empty();
		}).then();
	}

	private static void echo(AmpConnection connection, AmpBox box, PrintWriter err) {
		String ask = box.getText(ASK);
		if (ask == null || !box.containsKey(COMMAND)) {
			return;
		}
		AmpBox answer = box.toBuilder().remove(ASK).remove(COMMAND).put("_answer", ask).build();
		try {
			connection.write(answer);
		}
		catch (RuntimeException ex) {
			print(err, "cannot answer " + box.getText(COMMAND) + ": " + AmpCli.describe(ex));
		}
	}

	private static void print(PrintWriter writer, String line) {
		// Connections print from their own event loops: keep each line whole and flushed.
		synchronized (writer) {
			writer.println(line);
			writer.flush();
		}
	}

}
