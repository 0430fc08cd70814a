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

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpDescriptionJson;
import io.ampproto.schema.AmpErrorDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amp describe}: prints the commands an application answers, from its {@code amp}
 * actuator endpoint.
 */
@Command(name = "describe", mixinStandardHelpOptions = true, versionProvider = AmpCli.Version.class,
		exitCodeOnInvalidInput = AmpCli.EXIT_USAGE, sortOptions = false,
		description = { "Prints the commands an application answers, from its amp actuator endpoint: wire name,",
				"arguments and response in Twisted's types, errors, and whether the command is answered." },
		footer = { "%nExample:", "  amp describe --url http://127.0.0.1:8080/actuator/amp", AmpCli.EXIT_CODES_FOOTER })
final class DescribeCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--url", paramLabel = "URL", required = true,
			description = "The amp actuator endpoint, such as http://127.0.0.1:8080/actuator/amp.")
	private String url = "";

	@Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
			description = "Time allowed to read the endpoint (default: ${DEFAULT-VALUE}).")
	private Duration timeout = Duration.ofSeconds(10);

	@Option(names = "--json", description = "Print the schemas as JSON, as the endpoint shows them.")
	private boolean json;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		List<AmpCommandDescription> commands;
		try {
			commands = SchemaSource.fromUrl(this.url, this.timeout);
		}
		catch (SchemaSource.SchemaException ex) {
			err.println(ex.getMessage());
			err.flush();
			return ex.exitCode();
		}
		if (this.json) {
			out.println(AmpDescriptionJson.write(commands));
		}
		else {
			lines(commands).forEach(out::println);
		}
		out.flush();
		return AmpCli.EXIT_OK;
	}

	/**
	 * Return the commands as lines: the signature, then its errors and flags indented.
	 */
	static List<String> lines(List<AmpCommandDescription> commands) {
		List<String> lines = new java.util.ArrayList<>();
		for (AmpCommandDescription command : commands) {
			lines.add(command.toString());
			for (AmpErrorDescription error : command.errors()) {
				lines.add("    error " + error.code() + " (" + error.exception() + ")" + (error.fatal() ? ", fatal" : ""));
			}
			if (!command.requiresAnswer()) {
				lines.add("    requiresAnswer = False");
			}
			if (command.protocolSwitch()) {
				lines.add("    switches protocol after its answer");
			}
		}
		return lines;
	}

}
