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

import org.jspecify.annotations.Nullable;

/**
 * The Java snippets of a Markdown page. Each fenced {@code java} block follows a marker
 * {@code <!-- snippet: path#tag -->} (or {@code path#tag1,tag2}, or a whole file:
 * {@code path}), the path relative to the repository root; its body is the tagged region
 * of that source ({@code // tag::tag[]} to {@code // end::tag[]}), without javadoc
 * comments and nested tag lines, and without the region's common indentation. Regions of
 * several tags are joined by an empty line.
 */
final class Snippets {

	private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(\\S+)\\s*-->");

	private Snippets() {
	}

	/**
	 * A fenced Java block: its body is {@code lines[bodyStart, bodyEnd)}.
	 * @param spec the marker's source and tags, or {@code null} without a marker
	 * @param bodyStart the index of the first line of the body
	 * @param bodyEnd the index of the closing fence
	 */
	record Block(@Nullable String spec, int bodyStart, int bodyEnd) {

		String body(List<String> lines) {
			return String.join("\n", lines.subList(this.bodyStart, this.bodyEnd));
		}

	}

	static List<Block> javaBlocks(List<String> lines) {
		List<Block> blocks = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String fence = lines.get(i).strip();
			if (!fence.startsWith("```")) {
				continue;
			}
			int close = i + 1;
			while (close < lines.size() && !lines.get(close).strip().startsWith("```")) {
				close++;
			}
			if (fence.substring(3).strip().equals("java")) {
				blocks.add(new Block(markerBefore(lines, i), i + 1, close));
			}
			i = close;
		}
		return blocks;
	}

	private static @Nullable String markerBefore(List<String> lines, int fence) {
		int previous = fence - 1;
		while (previous >= 0 && lines.get(previous).isBlank()) {
			previous--;
		}
		if (previous < 0) {
			return null;
		}
		Matcher marker = MARKER.matcher(lines.get(previous).strip());
		return marker.matches() ? marker.group(1) : null;
	}

	/**
	 * The text a marker stands for.
	 * @param root the repository root
	 * @param spec {@code path}, {@code path#tag} or {@code path#tag1,tag2}
	 * @return the snippet, without a final line break
	 * @throws IllegalArgumentException when the file or a region does not exist
	 */
	static String expected(Path root, String spec) {
		int hash = spec.indexOf('#');
		Path source = root.resolve((hash < 0) ? spec : spec.substring(0, hash));
		if (!Files.isRegularFile(source)) {
			throw new IllegalArgumentException("no file " + source);
		}
		List<String> lines = DocsTree.read(source).lines().toList();
		if (hash < 0) {
			return String.join("\n", lines).strip();
		}
		List<String> regions = new ArrayList<>();
		for (String tag : spec.substring(hash + 1).split(",")) {
			regions.add(String.join("\n", dedent(withoutJavadoc(region(lines, tag, source)))));
		}
		return String.join("\n\n", regions);
	}

	private static List<String> region(List<String> lines, String tag, Path source) {
		int start = lines.indexOf(lines.stream().filter((line) -> line.strip().equals("// tag::" + tag + "[]"))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no // tag::" + tag + "[] in " + source)));
		List<String> region = new ArrayList<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.strip().equals("// end::" + tag + "[]")) {
				return region;
			}
			if (!line.strip().startsWith("// tag::") && !line.strip().startsWith("// end::")) {
				region.add(line);
			}
		}
		throw new IllegalArgumentException("no // end::" + tag + "[] in " + source);
	}

	private static List<String> withoutJavadoc(List<String> lines) {
		List<String> kept = new ArrayList<>();
		boolean inJavadoc = false;
		for (String line : lines) {
			String stripped = line.strip();
			if (!inJavadoc && stripped.startsWith("/**")) {
				inJavadoc = true;
			}
			if (!inJavadoc) {
				kept.add(line);
			}
			if (inJavadoc && stripped.endsWith("*/")) {
				inJavadoc = false;
			}
		}
		return kept;
	}

	private static List<String> dedent(List<String> lines) {
		int indent = lines.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		return lines.stream().map((line) -> line.isBlank() ? "" : line.substring(indent)).toList();
	}

}
