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

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Charts}.
 */
class ChartsTests {

	@TempDir
	Path directory;

	@Test
	void rendersTheLoadTableAsTwoPngCharts() throws IOException {
		Map<BenchSystem, LoadRun.Row> rows = new EnumMap<>(BenchSystem.class);
		rows.put(BenchSystem.CORE, row(42_100, 20, 69, 983_100, 86, 196));
		rows.put(BenchSystem.RSOCKET, row(32_000, 25, 90, 287_300, 263, 2067));
		rows.put(BenchSystem.TWISTED, row(9_300, 91, 218, 21_000, 4509, 7498));
		rows.put(BenchSystem.NETTY, LoadRun.Row.skipped("not installed"));
		List<Path> charts = Charts.write(this.directory.resolve("charts"), List.of(BenchSystem.values()), rows,
				"a test table");
		assertThat(charts).extracting((chart) -> chart.getFileName().toString())
			.containsExactly(Charts.CALLS, Charts.LATENCY);
		for (Path chart : charts) {
			byte[] png = Files.readAllBytes(chart);
			assertThat(png).startsWith(0x89, 'P', 'N', 'G');
			BufferedImage image = ImageIO.read(chart.toFile());
			assertThat(image.getWidth()).isEqualTo(1000);
			assertThat(image.getHeight()).isEqualTo(560);
			assertThat(colors(image)).as("colors of %s", chart).contains(0x4C78A8, 0xF58518).hasSizeGreaterThan(10);
		}
	}

	private static LoadRun.Row row(double oneRate, double oneP50, double oneP99, double hundredRate,
			double hundredP50, double hundredP99) {
		return new LoadRun.Row(new LoadDriver.PhaseResult(1, oneRate, oneP50, oneP99, 1000, 1, 1),
				new LoadDriver.PhaseResult(100, hundredRate, hundredP50, hundredP99, 1000, 1, 1), null);
	}

	private static Set<Integer> colors(BufferedImage image) {
		Set<Integer> colors = new HashSet<>();
		for (int y = 0; y < image.getHeight(); y += 2) {
			for (int x = 0; x < image.getWidth(); x += 2) {
				colors.add(image.getRGB(x, y) & 0xFFFFFF);
			}
		}
		return colors;
	}

}
