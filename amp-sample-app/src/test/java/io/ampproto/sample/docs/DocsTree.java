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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's documentation: {@code README.md} and every Markdown page under
 * {@code docs/}.
 */
final class DocsTree {

	private DocsTree() {
	}

	/**
	 * The repository root: the nearest directory above the working directory that holds
	 * {@code README.md} and {@code docs/}.
	 * @return the root
	 */
	static Path root() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No README.md with a docs/ directory above " + Path.of("").toAbsolutePath());
	}

	/**
	 * The Markdown files, README first.
	 * @return their paths
	 */
	static List<Path> markdownFiles() {
		Path root = root();
		List<Path> files = new ArrayList<>();
		files.add(root.resolve("README.md"));
		try (Stream<Path> pages = Files.walk(root.resolve("docs"))) {
			pages.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
