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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the README and of {@code docs/} leads to a file that exists, so
 * that moving a page cannot leave a link behind.
 */
class DocumentationLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

	@Test
	void relativeLinksLeadToFiles() {
		Path root = DocsTree.root();
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (Path file : DocsTree.markdownFiles()) {
			Matcher link = LINK.matcher(DocsTree.read(file));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("[a-z]+:.*")) {
					continue;
				}
				checked++;
				if (!Files.exists(file.getParent().resolve(target).normalize())) {
					broken.add(root.relativize(file) + ": " + target);
				}
			}
		}
		assertThat(broken).as("links to files that do not exist").isEmpty();
		assertThat(checked).as("links checked").isGreaterThan(20);
	}

}
