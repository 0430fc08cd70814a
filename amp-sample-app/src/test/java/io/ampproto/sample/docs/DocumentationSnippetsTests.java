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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of the README and of {@code docs/} is a region of a source that this
 * build compiles and runs (see {@link Snippets}). With {@code -Ddocs.snippets.update=true}
 * the blocks are rewritten from their regions instead ({@code docs/update-snippets}).
 */
class DocumentationSnippetsTests {

	private static final boolean UPDATE = Boolean.getBoolean("docs.snippets.update");

	@Test
	void everyJavaBlockIsItsSourceRegion() throws IOException {
		Path root = DocsTree.root();
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (Path file : DocsTree.markdownFiles()) {
			List<String> lines = new ArrayList<>(DocsTree.read(file).lines().toList());
			List<Snippets.Block> blocks = Snippets.javaBlocks(lines);
			for (int i = blocks.size() - 1; i >= 0; i--) {
				Snippets.Block block = blocks.get(i);
				String where = root.relativize(file) + ":" + block.bodyStart();
				if (block.spec() == null) {
					problems.add(where + ": a java block without a <!-- snippet: path#tag --> marker before it");
					continue;
				}
				String expected;
				try {
					expected = Snippets.expected(root, block.spec());
				}
				catch (IllegalArgumentException ex) {
					problems.add(where + ": " + ex.getMessage());
					continue;
				}
				checked++;
				if (!expected.equals(block.body(lines))) {
					if (UPDATE) {
						lines.subList(block.bodyStart(), block.bodyEnd()).clear();
						lines.addAll(block.bodyStart(), expected.lines().toList());
					}
					else {
						problems.add(where + ": differs from " + block.spec() + " (docs/update-snippets rewrites it):\n"
								+ expected);
					}
				}
			}
			if (UPDATE) {
				Files.writeString(file, String.join("\n", lines) + "\n");
			}
		}
		assertThat(problems).as("Java snippets of the documentation").isEmpty();
		assertThat(checked).as("snippets checked").isGreaterThan(5);
	}

}
