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

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * PNG charts of the load table: calls per second of each system, and its p50 and p99
 * latencies, with 1 and with 100 calls in flight. Both use a logarithmic axis, as the
 * systems are orders of magnitude apart.
 */
final class Charts {

	static final String CALLS = "load-calls.png";

	static final String LATENCY = "load-latency.png";

	private static final Color[] COLORS = { new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B),
			new Color(0xE45756) };

	private Charts() {
	}

	/**
	 * Write both charts.
	 * @param directory where to write them (created if missing)
	 * @param systems the systems, in table order
	 * @param rows the table's rows; skipped systems are left out
	 * @param subtitle what was run, where
	 * @return the files written
	 * @throws IOException when a file cannot be written
	 */
	static List<Path> write(Path directory, List<BenchSystem> systems, Map<BenchSystem, LoadRun.Row> rows,
			String subtitle) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Files.createDirectories(directory);
		DefaultCategoryDataset calls = new DefaultCategoryDataset();
		DefaultCategoryDataset latency = new DefaultCategoryDataset();
		for (BenchSystem system : systems) {
			LoadRun.Row row = rows.get(system);
			if (row == null || row.one() == null || row.hundred() == null) {
				continue;
			}
			String name = shortLabel(system);
			calls.addValue(row.one().callsPerSecond(), "1 in flight", name);
			calls.addValue(row.hundred().callsPerSecond(), "100 in flight", name);
			latency.addValue(row.one().p50Micros(), "p50, 1 in flight", name);
			latency.addValue(row.one().p99Micros(), "p99, 1 in flight", name);
			latency.addValue(row.hundred().p50Micros(), "p50, 100 in flight", name);
			latency.addValue(row.hundred().p99Micros(), "p99, 100 in flight", name);
		}
		Path callsFile = directory.resolve(CALLS);
		Path latencyFile = directory.resolve(LATENCY);
		ChartUtils.saveChartAsPNG(callsFile.toFile(),
				chart("Sum(a, b) calls per second (higher is better)", subtitle, calls, "calls/s"), 1000, 560);
		ChartUtils.saveChartAsPNG(latencyFile.toFile(),
				chart("Latency of a call, p50 and p99 (lower is better)", subtitle, latency, "µs"), 1000, 560);
		return List.of(callsFile, latencyFile);
	}

	private static JFreeChart chart(String title, String subtitle, DefaultCategoryDataset data, String unit) {
		LogAxis values = new LogAxis(unit + " (log scale)");
		values.setBase(10);
		values.setTickUnit(new NumberTickUnit(1));
		values.setSmallestValue(1);
		values.setNumberFormatOverride(new DecimalFormat("#,##0"));
		CategoryAxis categories = new CategoryAxis();
		categories.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
		categories.setMaximumCategoryLabelLines(2);
		BarRenderer bars = new BarRenderer();
		bars.setBarPainter(new StandardBarPainter());
		bars.setShadowVisible(false);
		bars.setItemMargin(0.05);
		for (int i = 0; i < COLORS.length; i++) {
			bars.setSeriesPaint(i, COLORS[i]);
		}
		fitDecades(values, data);
		CategoryPlot plot = new CategoryPlot(data, categories, values, bars);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		plot.setRangeGridlineStroke(new BasicStroke(0.5f));
		JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
		chart.addSubtitle(new TextTitle(subtitle));
		chart.setBackgroundPaint(Color.WHITE);
		return chart;
	}

	/** The axis from the decade below the smallest value to a little above the largest. */
	private static void fitDecades(LogAxis axis, DefaultCategoryDataset data) {
		double min = Double.MAX_VALUE;
		double max = 1;
		for (int row = 0; row < data.getRowCount(); row++) {
			for (int column = 0; column < data.getColumnCount(); column++) {
				Number value = data.getValue(row, column);
				if (value != null && value.doubleValue() > 0) {
					min = Math.min(min, value.doubleValue());
					max = Math.max(max, value.doubleValue());
				}
			}
		}
		if (min <= max) {
			axis.setRange(Math.pow(10, Math.floor(Math.log10(min))), max * 1.6);
		}
	}

	private static String shortLabel(BenchSystem system) {
		return switch (system) {
			case SAMPLE -> "AMP sample app, as shipped";
			case CORE -> "AMP core";
			case SPRING -> "AMP Spring";
			case RSOCKET -> "rsocket-java";
			case NETTY -> "Reactor Netty echo (ceiling)";
			case TWISTED -> "Twisted AMP";
		};
	}

}
