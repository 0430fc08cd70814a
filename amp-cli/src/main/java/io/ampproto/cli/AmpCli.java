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

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import reactor.core.Exceptions;

/**
 * The {@code amp} command-line client: calls AMP commands on a server and listens for
 * AMP boxes, as {@code grpcurl} does for gRPC. It is a plain picocli program; no Spring
 * context is started.
 *
 * <pre class="code">
 * amp call --host 127.0.0.1 --port 1234 Sum a:int=13 b:int=81
 * amp listen --port 1234 --echo
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Command(name = "amp", mixinStandardHelpOptions = true, versionProvider = AmpCli.Version.class,
		exitCodeOnInvalidInput = AmpCli.EXIT_USAGE,
		description = "Calls AMP commands and listens for AMP boxes (Twisted's Asynchronous Messaging Protocol).",
		subcommands = { CallCommand.class, ListenCommand.class, DescribeCommand.class, CodegenCommand.class })
public final class AmpCli {

	/** Exit code of success. */
	public static final int EXIT_OK = 0;

	/** Exit code of an error answer, or of another failure of the call. */
	public static final int EXIT_ERROR = 1;

	/** Exit code of a connection that could not be made, or that closed too early. */
	public static final int EXIT_CONNECTION = 2;

	/** Exit code of a call that outlived {@code --timeout}. */
	public static final int EXIT_TIMEOUT = 3;

	/** Exit code of bad usage (BSD's {@code EX_USAGE}). */
	public static final int EXIT_USAGE = 64;

	static final String EXIT_CODES_FOOTER = "%nExit codes:%n"
			+ "  0   success%n"
			+ "  1   error answer ('error CODE: description'), or another failure%n"
			+ "  2   cannot connect, or the connection closed before the answer%n"
			+ "  3   --timeout elapsed, connecting or waiting for the answer%n"
			+ "  64  bad usage";

	private AmpCli() {
	}

	/**
	 * Run the client and exit with its exit code.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		// Library warnings (through java.util.logging) then take one line each on stderr.
		if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
			System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
		}
		PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
		PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
		int exitCode = commandLine(out, err).execute(args);
		out.flush();
		err.flush();
		// Reactor Netty's event loops may still be alive: leave without waiting for them.
		System.exit(exitCode);
	}

	/**
	 * Return the command line, writing to the given streams; the tests run it in-process.
	 * @param out receives normal output
	 * @param err receives errors and usage help after bad usage
	 * @return the command line, ready to {@link CommandLine#execute(String...) execute}
	 */
	public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(new AmpCli());
		commandLine.setOut(out);
		commandLine.setErr(err);
		return commandLine;
	}

	/**
	 * Describe a failure in a few words for the user, from its innermost cause.
	 */
	static String describe(Throwable failure) {
		Throwable cause = Exceptions.unwrap(failure);
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		if (message == null || message.isBlank()) {
			return cause.getClass().getSimpleName();
		}
		// Netty's native transport prefixes the system's message with the failed call.
		return message.replaceFirst("^\\S+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
	}

	/**
	 * Reads the version from the jar's manifest.
	 */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "amp " + version() };
		}

		static String version() {
			@Nullable String version = AmpCli.class.getPackage().getImplementationVersion();
			// Run from classes rather than the jar (tests, IDE): there is no manifest.
			return (version != null) ? version : "(development build)";
		}

	}

}
