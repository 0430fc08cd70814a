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

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.codegen.AmpCodegenException;
import io.ampproto.schema.codegen.AmpJavaGenerator;
import io.ampproto.schema.codegen.AmpPythonGenerator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amp codegen}: Java records from a Twisted command module, or a Twisted command
 * module from a Java application.
 */
@Command(name = "codegen", mixinStandardHelpOptions = true, versionProvider = AmpCli.Version.class,
		exitCodeOnInvalidInput = AmpCli.EXIT_USAGE,
		description = "Generates command classes: Java records from a Twisted module, or a Twisted module from Java.",
		subcommands = { CodegenCommand.JavaFromPython.class, CodegenCommand.PythonFromJava.class })
final class CodegenCommand {

	private static final String DEFAULT_PYTHON = new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3"
			: "python3";

	/**
	 * {@code amp codegen java}.
	 */
	@Command(name = "java", mixinStandardHelpOptions = true, versionProvider = AmpCli.Version.class,
			exitCodeOnInvalidInput = AmpCli.EXIT_USAGE, sortOptions = false,
			description = { "Writes a Java record for every amp.Command subclass a Python module defines, with",
					"@AmpCommandSpec, @AmpArgument and @AmpError, and an exception class for each declared error.",
					"The module is imported with Twisted's Python; only Twisted's built-in argument types are",
					"supported (a custom amp.Argument subclass is refused with its class name and line).",
					"Integer is BigInteger, String byte[], Unicode String, Float double, Boolean boolean,",
					"DateTime OffsetDateTime, Decimal AmpDecimal, Path Path, Descriptor AmpDescriptor,",
					"ListOf a List, AmpList a List of a nested row record; optional arguments are boxed.",
					"A key that is not a Java name is renamed in lower camel case and keeps its key with",
					"@AmpArgument(name = ...); a class name Java cannot use is an error." },
			footer = { "%nExample:",
					"  amp codegen java --python-module commands.py --package com.example.amp --out src/main/java",
					AmpCli.EXIT_CODES_FOOTER })
	static final class JavaFromPython implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@Option(names = "--python-module", paramLabel = "FILE", required = true,
				description = "The Python module (a .py file) defining amp.Command subclasses.")
		private Path module = Path.of("");

		@Option(names = "--package", paramLabel = "PACKAGE", required = true,
				description = "The Java package of the generated files.")
		private String packageName = "";

		@Option(names = "--out", paramLabel = "DIR", required = true,
				description = "The source root to write to; files go in the package's directory below it.")
		private Path out = Path.of("");

		@Option(names = "--python", paramLabel = "PYTHON", description = "The Python with Twisted (default: "
				+ "/usr/bin/python3 when present, else python3).")
		private String python = DEFAULT_PYTHON;

		@Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
				description = "Time allowed to import the module (default: ${DEFAULT-VALUE}).")
		private Duration timeout = Duration.ofSeconds(60);

		@Override
		public Integer call() {
			PrintWriter stdout = this.spec.commandLine().getOut();
			PrintWriter err = this.spec.commandLine().getErr();
			try {
				PythonIntrospection.Module described = PythonIntrospection.describe(this.python, this.module,
						this.timeout);
				Map<String, String> files = new AmpJavaGenerator(this.packageName, described.origins(),
						this.module.getFileName().toString())
					.generate(described.commands());
				Path directory = this.out.resolve(this.packageName.replace('.', File.separatorChar));
				Files.createDirectories(directory);
				for (Map.Entry<String, String> file : files.entrySet()) {
					Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
				}
				stdout.println("wrote " + files.size() + " files for " + described.commands().size() + " commands to "
						+ directory);
				return AmpCli.EXIT_OK;
			}
			catch (SchemaSource.SchemaException ex) {
				err.println("amp codegen java: " + ex.getMessage());
				return ex.exitCode();
			}
			catch (AmpCodegenException ex) {
				err.println("amp codegen java: " + ex.getMessage());
				return AmpCli.EXIT_ERROR;
			}
			catch (IOException ex) {
				err.println("amp codegen java: cannot write to " + this.out + ": " + ex.getMessage());
				return AmpCli.EXIT_ERROR;
			}
			finally {
				stdout.flush();
				err.flush();
			}
		}

	}

	/**
	 * {@code amp codegen python}.
	 */
	@Command(name = "python", mixinStandardHelpOptions = true, versionProvider = AmpCli.Version.class,
			exitCodeOnInvalidInput = AmpCli.EXIT_USAGE, sortOptions = false,
			description = { "Writes a Python module of Twisted amp.Command classes, with an exception class for each",
					"declared error (Python's built-in one when it has that name), from a running application's",
					"amp actuator endpoint or from the command records on a class path." },
			footer = { "%nExamples:", "  amp codegen python --url http://127.0.0.1:8080/actuator/amp --out commands.py",
					"  amp codegen python --classpath target/classes --package com.example.amp --out commands.py",
					AmpCli.EXIT_CODES_FOOTER })
	static final class PythonFromJava implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@ArgGroup(exclusive = true, multiplicity = "1")
		private Source source = new Source();

		@Option(names = "--dependencies", paramLabel = "PATHS", split = "${sys:path.separator}",
				description = "With --classpath: further jars or directories the records need.")
		private List<Path> dependencies = new ArrayList<>();

		@Option(names = "--package", paramLabel = "PACKAGE",
				description = "With --classpath: only records of this package and below.")
		private @Nullable String packageName;

		@Option(names = "--out", paramLabel = "FILE", required = true, description = "The module file to write.")
		private Path out = Path.of("");

		@Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
				description = "With --url: time allowed to read the endpoint (default: ${DEFAULT-VALUE}).")
		private Duration timeout = Duration.ofSeconds(10);

		@Override
		public Integer call() {
			PrintWriter stdout = this.spec.commandLine().getOut();
			PrintWriter err = this.spec.commandLine().getErr();
			try {
				String from;
				List<AmpCommandDescription> commands;
				if (this.source.url != null) {
					from = this.source.url;
					commands = SchemaSource.fromUrl(this.source.url, this.timeout);
				}
				else {
					from = "the class path " + this.source.classpath;
					commands = SchemaSource.fromClassPath(this.source.classpath, this.dependencies, this.packageName);
				}
				AmpPythonGenerator generator = new AmpPythonGenerator(from);
				String module = generator.generate(commands);
				Path parent = this.out.toAbsolutePath().getParent();
				if (parent != null) {
					Files.createDirectories(parent);
				}
				Files.writeString(this.out, module, StandardCharsets.UTF_8);
				for (String skipped : generator.skipped()) {
					err.println("amp codegen python: left out " + skipped + ": it takes or answers raw boxes");
				}
				stdout.println("wrote " + (commands.size() - generator.skipped().size()) + " commands to " + this.out);
				return AmpCli.EXIT_OK;
			}
			catch (SchemaSource.SchemaException ex) {
				err.println("amp codegen python: " + ex.getMessage());
				return ex.exitCode();
			}
			catch (AmpCodegenException ex) {
				err.println("amp codegen python: " + ex.getMessage());
				return AmpCli.EXIT_ERROR;
			}
			catch (IOException ex) {
				err.println("amp codegen python: cannot write " + this.out + ": " + ex.getMessage());
				return AmpCli.EXIT_ERROR;
			}
			finally {
				stdout.flush();
				err.flush();
			}
		}

		static final class Source {

			@Option(names = "--url", paramLabel = "URL", description = "The amp actuator endpoint of a running "
					+ "application, such as http://127.0.0.1:8080/actuator/amp.")
			@Nullable String url;

			@Option(names = "--classpath", paramLabel = "PATHS", split = "${sys:path.separator}",
					description = "Jars or directories holding AmpCommand records (all of them are described).")
			List<Path> classpath = new ArrayList<>();

		}

	}

}
