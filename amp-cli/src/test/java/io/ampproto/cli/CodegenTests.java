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
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TwistedPython;
import io.ampproto.transport.AmpConnection;
import io.ampproto.transport.AmpConnector;
import io.ampproto.unix.AmpUnixSockets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@code amp codegen}: Java generated from a Twisted module with every argument
 * type compiles and calls a real Twisted server that imports the original module, and
 * Python generated back from the compiled records describes the same commands.
 */
class CodegenTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String PACKAGE = "com.example.amp";

	@TempDir
	Path temp;

	@BeforeAll
	static void twisted() {
		TwistedPython.assumeInstalled("amp codegen tests");
	}

	static Path module() {
		return TwistedPython.resource("codegen/all_types.py");
	}

	@Test
	void javaFromATwistedModuleCompilesAndCallsATwistedServerForEveryCommand() throws Exception {
		ClassLoader loader = generateAndCompile(module());
		Path socket = this.temp.resolve("all.sock");
		try (TwistedPython.Server server = TwistedPython.Server.start(TwistedPython.resource("codegen/all_types_server.py"),
				"--port", "0", "--unix", socket.toString())) {
			AmpSession session = connect(AmpConnector.create().host("127.0.0.1").port(server.port()));
			try {
				Records records = new Records(loader);
				Object rows = List.of(
						records.make("Everything$RowsRow", "a", BigInteger.ONE,
								List.of(records.make("Everything$RowsRow$SubRow", 2.5))),
						records.make("Everything$RowsRow", "b", null, List.of()));
				OffsetDateTime when = OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54321000, ZoneOffset.ofHoursMinutes(5, 30));
				Object[] values = { BigInteger.TWO.pow(70).negate(), new byte[] { 0, (byte) 0xff, 'a' }, "héllo ☃", 0.1,
						true, when, AmpDecimal.parse("1.10"), Path.of("/tmp/amp codegen"),
						List.of(BigInteger.ONE, BigInteger.TEN.pow(30).negate()), List.of(List.of(1.5, -0.0), List.of()),
						null, rows, null, Boolean.FALSE, "dash", true };
				Object everything = records.make("Everything", values);
				assertSameValues(call(session, everything), everything);
				values[10] = List.of("x", "");
				values[12] = BigInteger.valueOf(-3);
				Object again = records.make("Everything", values);
				assertSameValues(call(session, again), again);

				assertThat(records.get(call(session, records.make("Divide", BigInteger.valueOf(7), BigInteger.TWO)),
						"quotient")).isEqualTo(3.5);
				assertThatThrownBy(() -> call(session, records.make("Divide", BigInteger.ONE, BigInteger.ZERO)))
					.isInstanceOf(loader.loadClass(PACKAGE + ".ZeroDivisionError"))
					.hasMessage("division by zero");
				assertThatThrownBy(() -> call(session, records.make("Divide", BigInteger.valueOf(-1), BigInteger.TWO)))
					.isInstanceOf(loader.loadClass(PACKAGE + ".Overdrawn"))
					.hasMessage("-1 is below zero");

				assertThat(call(session, records.make("Notify", "one"))).isNull();
				assertThat(call(session, records.make("Notify", "two"))).isNull();
				assertThat(records.get(call(session, records.make("Notified")), "messages"))
					.isEqualTo(List.of("one", "two"));

				Object found = call(session, records.make("Lookup", "answer", BigInteger.valueOf(5)));
				assertThat(records.get(found, "found")).isEqualTo(true);
				assertThat(records.get(found, "value")).isEqualTo("forty");
				Object missing = call(session, records.make("Lookup", "nope", null));
				assertThat(records.get(missing, "found")).isEqualTo(false);
				assertThat(records.get(missing, "value")).isNull();

				assertThat(call(session, records.make("Nothing"))).isNull();

				// Fatal: Twisted closes the connection after the error.
				assertThatThrownBy(() -> call(session, records.make("Divide", BigInteger.ONE, BigInteger.valueOf(13))))
					.isInstanceOf(loader.loadClass(PACKAGE + ".Meltdown"))
					.hasMessage("unlucky");
				session.connection().onClose().block(TIMEOUT);

				if (AmpUnixSockets.canPassDescriptors()) {
					AmpSession unix = connect(AmpConnector.create().unixSocket(socket));
					try {
						Path file = Files.writeString(this.temp.resolve("fd.txt"), "passed by descriptor");
						Object content = records.get(call(unix, records.make("ReadFd", AmpDescriptor.open(file))),
								"content");
						assertThat(new String((byte[]) content, StandardCharsets.UTF_8)).isEqualTo("passed by descriptor");
					}
					finally {
						unix.dispose();
					}
				}
			}
			finally {
				session.dispose();
			}
		}
	}

	@Test
	void pythonToJavaToPythonGivesTheSameSchemas() throws Exception {
		generateAndCompile(module());
		Path generated = this.temp.resolve("round_trip.py");
		Result python = run("codegen", "python", "--classpath", this.temp.resolve("classes").toString(), "--package",
				PACKAGE, "--out", generated.toString());
		assertThat(python.exitCode()).as(python.err()).isZero();
		assertThat(python.out()).contains("wrote 7 commands to " + generated);
		Map<String, AmpCommandDescription> original = byName(
				PythonIntrospection.describe(TwistedPython.PYTHON, module(), TIMEOUT).commands());
		Map<String, AmpCommandDescription> roundTrip = byName(
				PythonIntrospection.describe(TwistedPython.PYTHON, generated, TIMEOUT).commands());
		assertThat(roundTrip).isEqualTo(original);
		assertThat(original).hasSize(7);
	}

	@Test
	void generatedJavaNamesKeysJavaCannotUseAndKeepsTheirWireKeys() throws Exception {
		generateAndCompile(module());
		String everything = Files.readString(this.temp.resolve("src/com/example/amp/Everything.java"));
		assertThat(everything).contains("@AmpArgument(name = \"dash-key\") String dashKey",
				"@AmpArgument(name = \"class\") boolean class_", "@AmpArgument(optional = true) List<String> names",
				"public record RowsRow(String k,", "List<List<Double>> matrix");
		String lookup = Files.readString(this.temp.resolve("src/com/example/amp/Lookup.java"));
		assertThat(lookup).contains("@AmpCommandSpec(name = \"lookup-v2\")");
		String divide = Files.readString(this.temp.resolve("src/com/example/amp/Divide.java"));
		assertThat(divide).contains("@AmpError(code = \"MELTDOWN\", exception = Meltdown.class, fatal = true)");
		assertThat(Files.readString(this.temp.resolve("src/com/example/amp/Notify.java")))
			.contains("@AmpCommandSpec(requiresAnswer = false)");
	}

	@Test
	void aModuleThatDoesNotImportGetsAClearError() throws IOException {
		Path bad = Files.writeString(this.temp.resolve("broken.py"),
				"from twisted.protocols import amp\n\nclass A(amp.Command):\n    arguments = [(b'a', amp.Integer())]\n\n"
						+ "import no_such_module_here\n");
		Result result = run("codegen", "java", "--python-module", bad.toString(), "--package", PACKAGE, "--out",
				this.temp.resolve("out").toString());
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(result.err()).contains("broken.py:6: the module does not import",
				"ModuleNotFoundError: No module named 'no_such_module_here'");
		assertThat(this.temp.resolve("out")).doesNotExist();
	}

	@Test
	void aCustomArgumentClassIsRefusedWithItsNameAndLine() throws IOException {
		Path bad = Files.writeString(this.temp.resolve("custom.py"),
				"from twisted.protocols import amp\n\n\nclass Point(amp.Argument):\n"
						+ "    def toString(self, p):\n        return b'%d,%d' % p\n\n\n"
						+ "class Move(amp.Command):\n    arguments = [(b'to', amp.ListOf(Point()))]\n    response = []\n");
		Result result = run("codegen", "java", "--python-module", bad.toString(), "--package", PACKAGE, "--out",
				this.temp.resolve("out").toString());
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(result.err()).contains("Move (custom.py:9) argument key 'to' (element)",
				"unsupported argument class custom.Point (defined at custom.py:4)");
		assertThat(this.temp.resolve("out")).doesNotExist();
	}

	@Test
	void aNameThatIsNotAJavaIdentifierGetsAClearError() throws IOException {
		Path bad = Files.writeString(this.temp.resolve("names.py"), "from twisted.protocols import amp\n\n\n"
				+ "class record(amp.Command):\n    arguments = []\n    response = []\n");
		Result result = run("codegen", "java", "--python-module", bad.toString(), "--package", PACKAGE, "--out",
				this.temp.resolve("out").toString());
		assertThat(result.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(result.err()).contains("command record (names.py:4): its class name 'record' cannot be a Java "
				+ "record name: Java does not allow 'record' as a type name");
		Path keyword = Files.writeString(this.temp.resolve("keyword.py"), "from twisted.protocols import amp\n\n\n"
				+ "class Ok(amp.Command):\n    arguments = [(b'-', amp.Integer())]\n    response = []\n");
		Result noLetters = run("codegen", "java", "--python-module", keyword.toString(), "--package", PACKAGE,
				"--out", this.temp.resolve("out").toString());
		assertThat(noLetters.err()).contains("command Ok (keyword.py:4): the key '-' of Ok has no letter or digit");
		Result badPackage = run("codegen", "java", "--python-module", module().toString(), "--package",
				"com.example.class", "--out", this.temp.resolve("out").toString());
		assertThat(badPackage.exitCode()).isEqualTo(AmpCli.EXIT_ERROR);
		assertThat(badPackage.err()).contains("'com.example.class' is not a Java package name: 'class' is a Java keyword");
		assertThat(this.temp.resolve("out")).doesNotExist();
	}

	private ClassLoader generateAndCompile(Path module) throws IOException {
		Path src = this.temp.resolve("src");
		Result result = run("codegen", "java", "--python-module", module.toString(), "--package", PACKAGE, "--out",
				src.toString());
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("for 7 commands");
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		List<Path> sources;
		try (Stream<Path> files = Files.walk(src)) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
			List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
					"--release", "17", "-Xlint:all", "-encoding", "UTF-8");
			boolean compiled = compiler
				.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
				.call();
			String report = diagnostics.getDiagnostics()
				.stream()
				.map(Object::toString)
				.collect(Collectors.joining("\n"));
			assertThat(compiled).as(report).isTrue();
			assertThat(diagnostics.getDiagnostics()).as(report)
				.noneMatch((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR
						|| diagnostic.getKind() == Diagnostic.Kind.WARNING);
		}
		return new URLClassLoader(new URL[] { classes.toUri().toURL() }, getClass().getClassLoader());
	}

	private static AmpSession connect(AmpConnector connector) {
		AmpConnection connection = connector.connectNow(TIMEOUT);
		return AmpSession.start(connection, AmpResponders.none(), AmpSessionOptions.DEFAULTS);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object call(AmpSession session, Object command) {
		return session.call((AmpCommand) command).block(TIMEOUT);
	}

	private static void assertSameValues(Object answer, Object command) throws ReflectiveOperationException {
		RecordComponent[] components = command.getClass().getRecordComponents();
		RecordComponent[] answered = answer.getClass().getRecordComponents();
		assertThat(answered).hasSameSizeAs(components);
		for (int i = 0; i < components.length; i++) {
			Object sent = components[i].getAccessor().invoke(command);
			Object got = answered[i].getAccessor().invoke(answer);
			if (sent instanceof byte[] bytes) {
				assertThat((byte[]) got).as(components[i].getName()).isEqualTo(bytes);
			}
			else {
				// Rows are nested records of the command and of its Result: same names, same text.
				assertThat(String.valueOf(got)).as(components[i].getName()).isEqualTo(String.valueOf(sent));
			}
		}
	}

	private static Map<String, AmpCommandDescription> byName(List<AmpCommandDescription> commands) {
		return commands.stream().collect(Collectors.toMap(AmpCommandDescription::name, (command) -> command));
	}

	static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = AmpCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
		return new Result(exitCode, out.toString(), err.toString());
	}

	record Result(int exitCode, String out, String err) {
	}

	/**
	 * Makes and reads the generated records by reflection.
	 */
	private static final class Records {

		private final ClassLoader loader;

		Records(ClassLoader loader) {
			this.loader = loader;
		}

		Object make(String name, Object... values) throws ReflectiveOperationException {
			Class<?> type = this.loader.loadClass(PACKAGE + "." + name);
			Class<?>[] types = Arrays.stream(type.getRecordComponents())
				.map(RecordComponent::getType)
				.toArray(Class<?>[]::new);
			Constructor<?> constructor = type.getDeclaredConstructor(types);
			try {
				return constructor.newInstance(values);
			}
			catch (InvocationTargetException ex) {
				throw new IllegalStateException(ex.getCause());
			}
		}

		Object get(Object record, String component) throws ReflectiveOperationException {
			return record.getClass().getMethod(component).invoke(record);
		}

	}

	static List<String> lines(String text) {
		return new ArrayList<>(text.lines().toList());
	}

}
