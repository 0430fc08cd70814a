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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpDescriptionJson;
import io.ampproto.schema.JsonText;

/**
 * Describes the {@code amp.Command} classes of a Python module by importing it with
 * Twisted, through the {@code amp_introspect.py} script shipped in this jar.
 */
final class PythonIntrospection {

	private static final String SCRIPT = "amp_introspect.py";

	/** The script's exit status for bad input, whose stderr explains it. */
	private static final int PROBLEM_EXIT = 3;

	/** A module's description is small; more output is not the script's. */
	private static final int MAX_OUTPUT = 16 * 1024 * 1024;

	private PythonIntrospection() {
	}

	/**
	 * The commands of a module, and where each is declared ({@code commands.py:12}).
	 */
	record Module(List<AmpCommandDescription> commands, Map<String, String> origins) {
	}

	/**
	 * Import the module and describe its commands.
	 * @throws SchemaSource.SchemaException with a message for the user
	 */
	static Module describe(String python, Path module, Duration timeout) {
		if (!Files.isRegularFile(module)) {
			throw new SchemaSource.SchemaException("no Python module " + module, false);
		}
		Path script = null;
		try {
			script = Files.createTempFile("amp-introspect", ".py");
			try (InputStream in = PythonIntrospection.class.getResourceAsStream(SCRIPT)) {
				if (in == null) {
					throw new IllegalStateException("the jar has no " + SCRIPT);
				}
				Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
			Path folder = Objects.requireNonNull(module.toAbsolutePath().getParent(), "a file has a folder");
			Process process = new ProcessBuilder(python, script.toString(), module.toAbsolutePath().toString())
				.directory(folder.toFile())
				.start();
			process.getOutputStream().close();
			CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
			CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new SchemaSource.SchemaException(
						"importing " + module + " with " + python + " took longer than " + timeout.toSeconds() + " s",
						false);
			}
			String out = new String(stdout.join(), StandardCharsets.UTF_8);
			String err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
			if (process.exitValue() == PROBLEM_EXIT) {
				throw new SchemaSource.SchemaException(err.replace("amp-introspect: ", ""), false);
			}
			if (process.exitValue() != 0) {
				throw new SchemaSource.SchemaException("cannot describe " + module + " with " + python + " (exit "
						+ process.exitValue() + "): " + err, false);
			}
			return new Module(AmpDescriptionJson.read(out), origins(out));
		}
		catch (IOException ex) {
			throw new SchemaSource.SchemaException("cannot run " + python + " (Twisted's Python, set it with "
					+ "--python): " + ex.getMessage(), false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SchemaSource.SchemaException("interrupted", false);
		}
		finally {
			if (script != null) {
				try {
					Files.deleteIfExists(script);
				}
				catch (IOException ex) {
					// A temporary file left behind is harmless.
				}
			}
		}
	}

	private static Map<String, String> origins(String json) {
		Map<String, String> origins = new LinkedHashMap<>();
		if (JsonText.parse(json) instanceof Map<?, ?> document && document.get("lines") instanceof Map<?, ?> lines) {
			lines.forEach((name, line) -> origins.put(String.valueOf(name), String.valueOf(line)));
		}
		return origins;
	}

	private static byte[] read(InputStream in) {
		try (in) {
			byte[] bytes = in.readNBytes(MAX_OUTPUT);
			// Drain the rest so the process never blocks on a full pipe.
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return bytes;
		}
		catch (IOException ex) {
			return new byte[0];
		}
	}

}
