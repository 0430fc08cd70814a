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
package io.ampproto.sample.docs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.ampproto.observation.DefaultAmpClientObservationConvention;
import io.ampproto.observation.DefaultAmpServerObservationConvention;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code amp.*} keys that the README and {@code docs/} name, in prose, commands and
 * YAML, are keys (or groups) of the configuration metadata that the modules generate, and
 * every key of that metadata is named somewhere. {@code amp.client.<name>.*} is a named
 * client's key ({@code amp.client.*.*} in the metadata); meter names are not keys; the
 * sample app's own {@code amp.sample.*} keys are checked against its sources.
 */
class DocumentedPropertiesTests {

	private static final Pattern KEY = Pattern
		.compile("(?<![\\w.\\-/$])(?:amp|management\\.[a-z.-]*amp[a-z-]*)(?:\\.[a-z0-9<>*][a-z0-9<>*\\-]*)+");

	private static final Pattern YAML_BLOCK = Pattern.compile("```ya?ml\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern NAMED_CLIENT = Pattern.compile("amp\\.client\\.([^.*]+)(\\..+)?");

	@Test
	void documentedKeysAreInTheMetadata() throws IOException {
		Metadata metadata = Metadata.load();
		Set<String> meters = meterNames();
		String sampleSources = sampleAppSources();
		List<String> unknown = new ArrayList<>();
		for (Map.Entry<String, Set<String>> page : documentedKeys().entrySet()) {
			for (String key : page.getValue()) {
				if (key.startsWith("management.")) {
					continue; // Spring Boot's keys that merely end in amp: the other test checks ours
				}
				boolean known = metadata.knows(key) || meters.contains(key)
						|| (key.startsWith("amp.sample.") && sampleSources.contains(key));
				if (!known) {
					unknown.add(page.getKey() + ": " + key);
				}
			}
		}
		assertThat(unknown).as("keys named in the documentation but not in the configuration metadata").isEmpty();
	}

	@Test
	void everyKeyOfTheMetadataIsDocumented() throws IOException {
		Set<String> documented = new TreeSet<>();
		documentedKeys().values().forEach(documented::addAll);
		Metadata metadata = Metadata.load();
		assertThat(metadata.properties()).as("keys of the metadata").hasSizeGreaterThan(30);
		Set<String> undocumented = new TreeSet<>(metadata.properties());
		undocumented.removeAll(documented);
		assertThat(undocumented).as("keys of the configuration metadata that no page names").isEmpty();
	}

	/**
	 * The keys each page names, normalized.
	 * @return the keys by page
	 */
	static Map<String, Set<String>> documentedKeys() {
		Path root = DocsTree.root();
		Map<String, Set<String>> keys = new TreeMap<>();
		for (Path file : DocsTree.markdownFiles()) {
			String text = DocsTree.read(file);
			Set<String> found = new TreeSet<>();
			Matcher key = KEY.matcher(text);
			while (key.find()) {
				found.add(normalize(key.group()));
			}
			Matcher yaml = YAML_BLOCK.matcher(text);
			while (yaml.find()) {
				for (Object document : new Yaml().loadAll(yaml.group(1))) {
					flatten("", document, found);
				}
			}
			found.removeIf((name) -> !name.startsWith("amp.") && !name.startsWith("management."));
			keys.put(root.relativize(file).toString(), found);
		}
		return keys;
	}

	private static void flatten(String prefix, Object node, Set<String> keys) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((name, value) -> flatten(prefix + name + ".", value, keys));
		}
		else if (prefix.startsWith("amp.")) {
			keys.add(normalize(prefix.substring(0, prefix.length() - 1)));
		}
	}

	/**
	 * A key as the metadata names it: a named client's keys under {@code amp.client.*}.
	 * @param key a key as written
	 * @return the key to look up
	 */
	static String normalize(String key) {
		String name = key.endsWith(".*") ? key.substring(0, key.length() - 2) : key;
		Matcher client = NAMED_CLIENT.matcher(name);
		if (client.matches()) {
			return (client.group(2) != null) ? "amp.client.*" + client.group(2) : "amp.client";
		}
		return name;
	}

	/** The classes that name meters in constants: their names are not configuration keys. */
	private static final List<String> METER_CLASSES = List.of("io.ampproto.metrics.AmpMetrics",
			"io.ampproto.autoconfigure.metrics.AmpServerLimitMeters",
			"io.ampproto.autoconfigure.security.AmpSecurityMeters");

	private static Set<String> meterNames() {
		Set<String> names = new TreeSet<>();
		for (String className : METER_CLASSES) {
			for (Field field : meterClass(className).getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
					try {
						field.setAccessible(true);
						names.add((String) field.get(null));
					}
					catch (IllegalAccessException ex) {
						throw new IllegalStateException(ex);
					}
				}
			}
		}
		for (String observation : List.of(DefaultAmpServerObservationConvention.NAME,
				DefaultAmpClientObservationConvention.NAME)) {
			names.add(observation);
			names.add(observation + ".active");
		}
		return names;
	}

	private static Class<?> meterClass(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("Meter class " + name + " is gone: update METER_CLASSES", ex);
		}
	}

	private static String sampleAppSources() throws IOException {
		StringBuilder sources = new StringBuilder();
		try (Stream<Path> files = Files.walk(DocsTree.root().resolve("amp-sample-app/src/main"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				sources.append(Files.readString(file, StandardCharsets.ISO_8859_1));
			}
		}
		return sources.toString();
	}

	/**
	 * The keys and groups of every configuration metadata file on the class path that
	 * names an {@code amp.*} key.
	 *
	 * @param properties the keys
	 * @param groups the groups
	 */
	record Metadata(Set<String> properties, Set<String> groups) {

		@SuppressWarnings("unchecked")
		static Metadata load() throws IOException {
			Set<String> properties = new TreeSet<>();
			Set<String> groups = new TreeSet<>();
			for (URL url : Collections
				.list(DocumentedPropertiesTests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
				Map<String, Object> json;
				try (InputStream in = url.openStream()) {
					json = JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
				List<String> names = names((List<Map<String, Object>>) json.get("properties"));
				if (names.stream().anyMatch((name) -> name.startsWith("amp."))) {
					properties.addAll(names);
					groups.addAll(names((List<Map<String, Object>>) json.get("groups")));
				}
			}
			return new Metadata(properties, groups);
		}

		private static List<String> names(List<Map<String, Object>> items) {
			return (items != null) ? items.stream().map((item) -> (String) item.get("name")).toList() : List.of();
		}

		boolean knows(String key) {
			return this.properties.contains(key) || this.groups.contains(key)
					|| this.properties.stream().anyMatch((name) -> name.startsWith(key + "."));
		}

	}

}
