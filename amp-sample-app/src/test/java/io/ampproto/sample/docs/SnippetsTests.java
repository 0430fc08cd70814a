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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Snippets}.
 */
class SnippetsTests {

	@TempDir
	Path root;

	@Test
	void regionsLoseJavadocNestedTagsAndIndentation() throws IOException {
		Files.writeString(this.root.resolve("A.java"), """
				class A {
					// tag::one[]
					/**
					 * Javadoc.
					 */
					// tag::inner[]
					void one() {
					}
					// end::inner[]
					// end::one[]

					// tag::two[]
					int two;
					// end::two[]
				}
				""");
		assertThat(Snippets.expected(this.root, "A.java#one,two")).isEqualTo("void one() {\n}\n\nint two;");
		assertThat(Snippets.expected(this.root, "A.java")).startsWith("class A {").endsWith("}");
	}

	@Test
	void missingRegionsAndFilesAreErrors() throws IOException {
		Files.writeString(this.root.resolve("A.java"), "// tag::open[]\nclass A {}\n");
		assertThatIllegalArgumentException().isThrownBy(() -> Snippets.expected(this.root, "A.java#open"))
			.withMessageStartingWith("no // end::open[]");
		assertThatIllegalArgumentException().isThrownBy(() -> Snippets.expected(this.root, "A.java#none"))
			.withMessageStartingWith("no // tag::none[]");
		assertThatIllegalArgumentException().isThrownBy(() -> Snippets.expected(this.root, "B.java#open"))
			.withMessageStartingWith("no file");
	}

	@Test
	void javaBlocksAndTheirMarkers() {
		List<String> lines = List.of("<!-- snippet: A.java#one -->", "", "```java", "void one();", "```", "```bash",
				"ls", "```", "text", "```java", "int two;", "```");
		List<Snippets.Block> blocks = Snippets.javaBlocks(lines);
		assertThat(blocks).containsExactly(new Snippets.Block("A.java#one", 3, 4), new Snippets.Block(null, 10, 11));
		assertThat(blocks.get(1).body(lines)).isEqualTo("int two;");
	}

}
