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
package io.ampproto.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The load run: for each system in turn, starts its server in a process of its own, runs
 * its client in another (1 call in flight, then 100), and prints one table with each
 * row's ratio to rsocket-java and to the Reactor Netty ceiling. Then, unless
 * {@code --connections=0}, the resident memory of each server with that many idle
 * connections.
 * <p>
 * Options: {@code --warmup=5s --measure=10s --systems=sample,core,spring,rsocket,netty,twisted
 * --connections=10000 --cpus=LIST} (pins every process with {@code taskset -c LIST})
 * {@code --jvm="-Xmx1g ..."} (options of the Java processes)
 * {@code --python=/usr/bin/python3 --out=FILE} (also write the tables there)
 * {@code --charts=DIR} (PNG charts of the load table, by default
 * {@code amp-benchmarks/target/charts}; {@code none} for none)
 * {@code --sample-jar=amp-sample-app/target/amp-sample-app-0.1.0-SNAPSHOT.jar} (the jar of the
 * sample row, started as shipped but for its ports) {@code --sample-args="..."} (more of its
 * arguments, such as {@code --management.observations.enable.amp=false}).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class LoadRun {

	private static final String HOST = "127.0.0.1";

	private final Duration warmup;

	private final Duration measure;

	private final List<BenchSystem> systems;

	private final int connections;

	private final @Nullable String cpus;

	private final List<String> jvmOptions;

	private final String python;

	private final @Nullable Path out;

	private final @Nullable Path charts;

	private final Path sampleJar;

	private final List<String> sampleArgs;

	private @Nullable Path twistedScript;

	private int samplePort;

	private LoadRun(Map<String, String> options) {
		this.warmup = seconds(options.getOrDefault("warmup", "5s"));
		this.measure = seconds(options.getOrDefault("measure", "10s"));
		this.systems = Arrays
			.stream(options.getOrDefault("systems", "sample,core,spring,rsocket,netty,twisted").split(","))
			.map(BenchSystem::of)
			.toList();
		this.connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
		this.cpus = options.get("cpus");
		this.jvmOptions = Arrays.stream(options.getOrDefault("jvm", "-Xms256m -Xmx1g").split("\\s+"))
			.filter((option) -> !option.isEmpty())
			.toList();
		this.python = options.getOrDefault("python", "/usr/bin/python3");
		this.out = options.containsKey("out") ? Path.of(options.get("out")) : null;
		String charts = options.getOrDefault("charts", "amp-benchmarks/target/charts");
		this.charts = charts.equals("none") ? null : Path.of(charts);
		this.sampleJar = Path.of(options.getOrDefault("sample-jar", SampleApp.DEFAULT_JAR));
		this.sampleArgs = Arrays.stream(options.getOrDefault("sample-args", "").split("\\s+"))
			.filter((arg) -> !arg.isEmpty())
			.toList();
	}

	/**
	 * Run the load run.
	 * @param args {@code --name=value} options
	 * @throws Exception when a process fails
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Options are --name=value, not " + arg);
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		new LoadRun(options).run();
		System.exit(0);
	}

	private static Duration seconds(String text) {
		String value = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
		return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
	}

	private void run() throws Exception {
		StringBuilder report = new StringBuilder();
		report.append(Machine.describe(this.python, this.cpus, this.jvmOptions)).append('\n');
		report.append(String.format(Locale.ROOT,
				"Sum(a, b) calls over TCP on 127.0.0.1, one connection, server and client in separate processes; "
						+ "%s warm-up, %s measured per phase.%n%n",
				format(this.warmup), format(this.measure)));
		System.out.print(report);
		Map<BenchSystem, Row> rows = new EnumMap<>(BenchSystem.class);
		for (BenchSystem system : this.systems) {
			System.err.println("[load] " + system.label() + " ...");
			try {
				rows.put(system, load(system));
			}
			catch (Exception ex) {
				System.err.println("[load] " + system.label() + " skipped: " + ex.getMessage());
				rows.put(system, Row.skipped(ex.getMessage()));
			}
		}
		String table = Tables.load(this.systems, rows);
		System.out.println(table);
		report.append(table).append('\n');
		if (this.charts != null) {
			String subtitle = String.format(Locale.ROOT, "%s warm-up, %s measured per phase; %d CPUs%s; %s",
					format(this.warmup), format(this.measure), Runtime.getRuntime().availableProcessors(),
					(this.cpus != null) ? ", pinned to " + this.cpus : ", not pinned", LocalDate.now(ZoneOffset.UTC));
			for (Path chart : Charts.write(this.charts, this.systems, rows, subtitle)) {
				System.err.println("[load] chart " + chart.toAbsolutePath());
			}
		}
		if (this.connections > 0) {
			Map<BenchSystem, Memory> memory = new EnumMap<>(BenchSystem.class);
			for (BenchSystem system : this.systems) {
				System.err.println("[memory] " + system.label() + " with " + this.connections + " connections ...");
				try {
					memory.put(system, memory(system));
				}
				catch (Exception ex) {
					System.err.println("[memory] " + system.label() + " skipped: " + ex.getMessage());
				}
			}
			String memoryTable = Tables.memory(this.systems, memory, this.connections);
			System.out.println(memoryTable);
			report.append(memoryTable).append('\n');
		}
		if (this.out != null) {
			Files.writeString(this.out, report.toString());
		}
	}

	private Row load(BenchSystem system) throws Exception {
		try (Child server = startServer(system)) {
			int port = awaitListening(system, server);
			List<String> client = (system == BenchSystem.TWISTED)
					? List.of(this.python, twistedScript().toString(), "client", "--host", HOST, "--port",
							String.valueOf(port), "--warmup-ms", String.valueOf(this.warmup.toMillis()),
							"--measure-ms", String.valueOf(this.measure.toMillis()), "--concurrency", "1,100",
							"--server-pid", String.valueOf(server.pid()))
					: java("client", system.id(), HOST, String.valueOf(port), String.valueOf(this.warmup.toMillis()),
							String.valueOf(this.measure.toMillis()), "1,100", String.valueOf(server.pid()));
			try (Child process = Child.start(pinned(client))) {
				Map<Integer, LoadDriver.PhaseResult> results = new LinkedHashMap<>();
				Duration limit = this.warmup.plus(this.measure).multipliedBy(2).plusSeconds(120);
				String line;
				while ((line = process.nextLine(limit)) != null) {
					if (line.startsWith("RESULT ")) {
						LoadDriver.PhaseResult result = LoadDriver.PhaseResult.parse(line);
						results.put(result.concurrency(), result);
					}
					else {
						System.err.println("[" + system.id() + " client] " + line);
					}
				}
				int exit = process.waitFor(Duration.ofSeconds(30));
				if (exit != 0 || results.size() != 2) {
					throw new IllegalStateException("client exited with " + exit + " after " + results.size()
							+ " phases");
				}
				return new Row(results.get(1), results.get(100), null);
			}
		}
	}

	private Memory memory(BenchSystem system) throws Exception {
		try (Child server = startServer(system)) {
			int port = awaitListening(system, server);
			// Settle after start-up, then measure.
			Thread.sleep(2000);
			server.collectGarbage();
			long before = server.residentBytes();
			// The Spring server and the Twisted server are reached with our core client.
			BenchSystem clientSystem = (system == BenchSystem.SPRING || system == BenchSystem.TWISTED
					|| system == BenchSystem.SAMPLE) ? BenchSystem.CORE : system;
			try (Child client = Child.start(pinned(java("memory-client", clientSystem.id(), HOST,
					String.valueOf(port), String.valueOf(this.connections))))) {
				int first = client.awaitConnected();
				Thread.sleep(2000);
				server.collectGarbage();
				long atFirst = server.residentBytes();
				client.send("continue");
				int all = client.awaitConnected();
				Thread.sleep(2000);
				server.collectGarbage();
				long after = server.residentBytes();
				return new Memory(before, atFirst, first, after, all);
			}
		}
	}

	private Child startServer(BenchSystem system) throws IOException {
		if (system == BenchSystem.SAMPLE) {
			this.samplePort = SampleApp.freePort();
			Child child = Child.start(pinned(SampleApp.command(javaCommand(), this.jvmOptions, this.sampleJar,
					this.samplePort, this.sampleArgs)));
			child.stopOnClose = true;
			return child;
		}
		List<String> command = (system == BenchSystem.TWISTED)
				? List.of(this.python, twistedScript().toString(), "server", "--host", HOST)
				: java("server", system.id(), HOST);
		return Child.start(pinned(command));
	}

	private int awaitListening(BenchSystem system, Child server) throws InterruptedException {
		if (system == BenchSystem.SAMPLE) {
			SampleApp.awaitListening(HOST, this.samplePort, server::isAlive);
			return this.samplePort;
		}
		return server.awaitListening();
	}

	private static String javaCommand() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	private List<String> java(String... args) {
		List<String> command = new ArrayList<>();
		command.add(javaCommand());
		command.addAll(this.jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("io.ampproto.benchmarks.BenchMain");
		command.addAll(Arrays.asList(args));
		return command;
	}

	private List<String> pinned(List<String> command) {
		if (this.cpus == null) {
			return command;
		}
		List<String> pinned = new ArrayList<>(List.of("taskset", "-c", this.cpus));
		pinned.addAll(command);
		return pinned;
	}

	private Path twistedScript() throws IOException {
		if (this.twistedScript == null) {
			Path script = Files.createTempFile("bench_twisted", ".py");
			script.toFile().deleteOnExit();
			try (InputStream in = Objects.requireNonNull(LoadRun.class.getResourceAsStream("/twisted/bench_twisted.py"),
					"bench_twisted.py")) {
				Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
			}
			this.twistedScript = script;
		}
		return this.twistedScript;
	}

	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	/**
	 * One row of the load table.
	 */
	record Row(LoadDriver.@Nullable PhaseResult one, LoadDriver.@Nullable PhaseResult hundred,
			@Nullable String skipped) {

		static Row skipped(@Nullable String reason) {
			return new Row(null, null, (reason != null) ? reason : "failed");
		}

	}

	/**
	 * Resident memory of a server at rest, with the first tenth of the connections and
	 * with all of them. The memory per connection is the growth between the last two, so
	 * that one-time costs of the first connections do not count.
	 */
	record Memory(long before, long atFirst, int first, long after, int all) {

		long bytesPerConnection() {
			return (this.after - this.atFirst) / Math.max(1, this.all - this.first);
		}

	}

	/**
	 * A child process: its output lines, its resident memory, and its end when its input
	 * is closed.
	 */
	static final class Child implements AutoCloseable {

		private final Process process;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private static final String EOF = new String("EOF");

		/** Whether closing stops the process at once rather than closing its input. */
		boolean stopOnClose;

		private Child(Process process) {
			this.process = process;
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = in.readLine()) != null) {
						this.lines.add(line);
					}
				}
				catch (IOException ex) {
					// The process ended.
				}
				finally {
					this.lines.add(EOF);
				}
			}, "child-output-" + process.pid());
			reader.setDaemon(true);
			reader.start();
		}

		static Child start(List<String> command) throws IOException {
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
			return new Child(builder.start());
		}

		/** Return the next line of output, or null at its end. */
		@Nullable String nextLine(Duration timeout) throws InterruptedException {
			String line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (line == null) {
				throw new IllegalStateException("No output from process " + this.process.pid() + " for " + timeout);
			}
			if (line == EOF) {
				this.lines.add(EOF);
				return null;
			}
			return line;
		}

		int awaitConnected() throws InterruptedException {
			String line;
			while ((line = nextLine(Duration.ofMinutes(10))) != null) {
				if (line.startsWith("CONNECTED ")) {
					return Integer.parseInt(line.substring("CONNECTED ".length()).trim());
				}
				System.err.println("[memory client] " + line);
			}
			throw new IllegalStateException("Memory client exited before connecting");
		}

		void send(String line) throws IOException {
			this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.process.getOutputStream().flush();
		}

		long pid() {
			return this.process.pid();
		}

		boolean isAlive() {
			return this.process.isAlive();
		}

		int awaitListening() throws InterruptedException {
			String line;
			while ((line = nextLine(Duration.ofSeconds(90))) != null) {
				if (line.startsWith("LISTENING ")) {
					return Integer.parseInt(line.substring("LISTENING ".length()).trim());
				}
				System.err.println("[server] " + line);
			}
			throw new IllegalStateException("Server exited before listening");
		}

		int waitFor(Duration timeout) throws InterruptedException {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				return -1;
			}
			return this.process.exitValue();
		}

		/** Ask a JVM to collect garbage, so that memory is compared at rest. */
		void collectGarbage() throws IOException, InterruptedException {
			String java = this.process.info().command().orElse("");
			if (!java.endsWith("/java")) {
				return;
			}
			Path jcmd = Path.of(java).resolveSibling("jcmd");
			if (!Files.isExecutable(jcmd)) {
				return;
			}
			Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(this.process.pid()), "GC.run")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			gc.waitFor(60, TimeUnit.SECONDS);
		}

		/** Read VmRSS from /proc. */
		long residentBytes() throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.process.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					String[] parts = line.substring(6).trim().split("\\s+");
					return Long.parseLong(parts[0]) * 1024;
				}
			}
			throw new IllegalStateException("No VmRSS for process " + this.process.pid());
		}

		@Override
		public void close() {
			try {
				if (this.stopOnClose) {
					this.process.destroy();
				}
				this.process.getOutputStream().close();
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.destroy();
					if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
						this.process.destroyForcibly();
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

}
