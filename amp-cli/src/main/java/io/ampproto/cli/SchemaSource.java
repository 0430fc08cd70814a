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
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import io.ampproto.command.AmpCommand;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpDescriptionJson;
import io.ampproto.schema.AmpDescriptions;
import org.jspecify.annotations.Nullable;

/**
 * Where command descriptions come from: the {@code amp} actuator endpoint of a running
 * application, or the command records on a class path.
 */
final class SchemaSource {

	/** The endpoint's answer is small; a bigger one is not the endpoint. */
	private static final int MAX_BODY = 16 * 1024 * 1024;

	private SchemaSource() {
	}

	/**
	 * Read the descriptions from the {@code amp} endpoint.
	 * @throws SchemaException with a message for the user
	 */
	static List<AmpCommandDescription> fromUrl(String url, Duration timeout) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new SchemaException("'" + url + "' is not a URL: " + ex.getMessage(), false);
		}
		if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
			throw new SchemaException("'" + url + "' is not an http or https URL, such as "
					+ "http://127.0.0.1:8080/actuator/amp", false);
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
		HttpResponse<java.io.InputStream> response;
		byte[] body;
		try {
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(timeout)
				.header("Accept", "application/json")
				.GET()
				.build();
			response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			// Read one byte more than allowed, to tell a body at the limit from a bigger one.
			try (java.io.InputStream in = response.body()) {
				body = in.readNBytes(MAX_BODY + 1);
			}
		}
		catch (IOException ex) {
			throw new SchemaException("cannot read " + url + ": " + AmpCli.describe(ex), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SchemaException("interrupted reading " + url, true);
		}
		if (response.statusCode() != 200) {
			throw new SchemaException("GET " + url + " answered HTTP " + response.statusCode()
					+ " (is the amp endpoint exposed? management.endpoints.web.exposure.include=amp)", false);
		}
		if (body.length > MAX_BODY) {
			throw new SchemaException("GET " + url + " answered more than " + MAX_BODY + " bytes", false);
		}
		try {
			return AmpDescriptionJson.read(new String(body, java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new SchemaException(url + " does not describe AMP commands: " + ex.getMessage(), false);
		}
	}

	/**
	 * Describe the command records found in class path roots (directories or jars), but
	 * not in their dependencies, which the loader also sees.
	 * @param roots where the classes are
	 * @param dependencies further class path entries they need
	 * @param packageName only classes of this package and below, or {@code null}
	 * @throws SchemaException with a message for the user
	 */
	static List<AmpCommandDescription> fromClassPath(List<Path> roots, List<Path> dependencies,
			@Nullable String packageName) {
		List<URL> urls = new ArrayList<>();
		TreeSet<String> classNames = new TreeSet<>();
		for (Path root : roots) {
			if (!Files.exists(root)) {
				throw new SchemaException("class path entry " + root + " does not exist", false);
			}
			urls.add(url(root));
			classNames.addAll(classNames(root));
		}
		for (Path dependency : dependencies) {
			urls.add(url(dependency));
		}
		String prefix = (packageName != null && !packageName.isEmpty()) ? packageName + "." : "";
		URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), SchemaSource.class.getClassLoader());
		List<AmpCommandDescription> commands = new ArrayList<>();
		for (String className : classNames) {
			if (!className.startsWith(prefix)) {
				continue;
			}
			Class<?> type;
			try {
				type = Class.forName(className, false, loader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw new SchemaException("cannot load " + className + ": " + ex
						+ " (give the classes it needs with --dependencies)", false);
			}
			if (type.isRecord() && AmpCommand.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
				@SuppressWarnings("unchecked")
				Class<? extends AmpCommand<?>> commandType = (Class<? extends AmpCommand<?>>) type;
				try {
					commands.add(AmpDescriptions.describe(commandType));
				}
				catch (RuntimeException ex) {
					throw new SchemaException("cannot describe " + className + ": " + ex.getMessage(), false);
				}
			}
		}
		if (commands.isEmpty()) {
			throw new SchemaException("no AmpCommand records in " + roots
					+ ((prefix.isEmpty()) ? "" : " under package " + packageName), false);
		}
		return commands;
	}

	private static URL url(Path path) {
		try {
			return path.toAbsolutePath().toUri().toURL();
		}
		catch (MalformedURLException ex) {
			throw new SchemaException("bad class path entry " + path, false);
		}
	}

	private static List<String> classNames(Path root) {
		List<String> names = new ArrayList<>();
		try {
			if (Files.isDirectory(root)) {
				try (Stream<Path> files = Files.walk(root)) {
					files.filter((file) -> file.toString().endsWith(".class"))
						.forEach((file) -> names.add(className(root.relativize(file).toString().replace('\\', '/'))));
				}
			}
			else {
				try (JarFile jar = new JarFile(root.toFile())) {
					Enumeration<JarEntry> entries = jar.entries();
					while (entries.hasMoreElements()) {
						String name = entries.nextElement().getName();
						if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
							names.add(className(name));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new SchemaException("cannot read " + root + ": " + ex.getMessage(), false);
		}
		names.removeIf((name) -> name.endsWith("module-info") || name.endsWith("package-info"));
		return names;
	}

	private static String className(String file) {
		return file.substring(0, file.length() - ".class".length()).replace('/', '.');
	}

	/**
	 * Descriptions could not be read; the message is for the user.
	 */
	static final class SchemaException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final boolean connection;

		SchemaException(String message, boolean connection) {
			super(message);
			this.connection = connection;
		}

		/**
		 * Return the exit code: a connection problem or another failure.
		 */
		int exitCode() {
			return this.connection ? AmpCli.EXIT_CONNECTION : AmpCli.EXIT_ERROR;
		}

	}

}
