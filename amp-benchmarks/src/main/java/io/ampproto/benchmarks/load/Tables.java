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

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Renders the tables of the load run as Markdown.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class Tables {

	private Tables() {
	}

	static String load(List<BenchSystem> systems, Map<BenchSystem, LoadRun.Row> rows) {
		StringBuilder out = new StringBuilder();
		out.append("| # | system | 1 in flight: round trips/s | p50 | p99 | 100 in flight: calls/s | p50 | p99 "
				+ "| vs rsocket (1 / 100) | vs Reactor Netty (1 / 100) | CPU per call (1 / 100) "
				+ "| server CPU per call (1 / 100) |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		LoadRun.Row rsocket = rows.get(BenchSystem.RSOCKET);
		LoadRun.Row netty = rows.get(BenchSystem.NETTY);
		for (BenchSystem system : systems) {
			LoadRun.Row row = rows.get(system);
			out.append("| ").append(system.ordinal() + 1).append(" | ").append(system.label()).append(" | ");
			if (row == null || row.skipped() != null || row.one() == null || row.hundred() == null) {
				String reason = (row != null && row.skipped() != null) ? row.skipped() : "not run";
				out.append("skipped: ").append(reason.replace('|', '/')).append(" | | | | | | | | | |\n");
				continue;
			}
			out.append(rate(row.one().callsPerSecond())).append(" | ");
			out.append(micros(row.one().p50Micros())).append(" | ");
			out.append(micros(row.one().p99Micros())).append(" | ");
			out.append(rate(row.hundred().callsPerSecond())).append(" | ");
			out.append(micros(row.hundred().p50Micros())).append(" | ");
			out.append(micros(row.hundred().p99Micros())).append(" | ");
			out.append(ratios(row, rsocket)).append(" | ");
			out.append(ratios(row, netty)).append(" | ");
			out.append(cpu(row.one())).append(" / ").append(cpu(row.hundred())).append(" | ");
			out.append(serverCpu(row.one())).append(" / ").append(serverCpu(row.hundred())).append(" |\n");
		}
		return out.toString();
	}

	static String memory(List<BenchSystem> systems, Map<BenchSystem, LoadRun.Memory> memory, int connections) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"| server | RSS at rest | RSS with %,d idle connections | per connection (growth from the first "
						+ "tenth to all) |%n",
				connections));
		out.append("|---|---:|---:|---:|\n");
		for (BenchSystem system : systems) {
			LoadRun.Memory figures = memory.get(system);
			if (figures == null) {
				out.append("| ").append(system.label()).append(" | skipped | | |\n");
				continue;
			}
			out.append("| ").append(system.label()).append(" | ");
			out.append(mebibytes(figures.before())).append(" | ");
			out.append(mebibytes(figures.after())).append(" | ");
			out.append(String.format(Locale.ROOT, "%,d bytes", figures.bytesPerConnection()));
			out.append(" |\n");
		}
		return out.toString();
	}

	private static String ratios(LoadRun.Row row, LoadRun.@Nullable Row peer) {
		if (peer == null || row.one() == null || row.hundred() == null || peer.one() == null
				|| peer.hundred() == null) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2fx / %.2fx", row.one().callsPerSecond() / peer.one().callsPerSecond(),
				row.hundred().callsPerSecond() / peer.hundred().callsPerSecond());
	}

	private static String cpu(LoadDriver.PhaseResult result) {
		double micros = result.cpuMicrosPerCall();
		return (micros < 0) ? "-" : String.format(Locale.ROOT, "%.1f µs", micros);
	}

	private static String serverCpu(LoadDriver.PhaseResult result) {
		double micros = result.serverCpuMicrosPerCall();
		return (micros < 0) ? "-" : String.format(Locale.ROOT, "%.1f µs", micros);
	}

	static String rate(double perSecond) {
		if (perSecond >= 1_000_000) {
			return String.format(Locale.ROOT, "%.2fM", perSecond / 1_000_000);
		}
		if (perSecond >= 1_000) {
			return String.format(Locale.ROOT, "%.1fk", perSecond / 1_000);
		}
		return String.format(Locale.ROOT, "%.0f", perSecond);
	}

	static String micros(double micros) {
		if (micros >= 10_000) {
			return String.format(Locale.ROOT, "%.1f ms", micros / 1000);
		}
		return String.format(Locale.ROOT, "%.0f µs", micros);
	}

	private static String mebibytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
	}

}
