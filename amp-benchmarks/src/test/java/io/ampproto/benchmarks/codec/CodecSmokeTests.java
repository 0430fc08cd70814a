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
package io.ampproto.benchmarks.codec;

import io.ampproto.benchmarks.load.Sum;
import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs each benchmark method once outside JMH: they must do the work they claim to.
 */
class CodecSmokeTests {

	@ParameterizedTest
	@ValueSource(strings = { "typical", "large" })
	void boxBenchmarksDecodeAndEncodeTheirBox(String shape) {
		BoxCodecBenchmark benchmark = new BoxCodecBenchmark();
		benchmark.shape = shape;
		benchmark.setUp();
		try {
			AmpBox box = BoxCodecBenchmark.box(shape);
			for (int i = 0; i < 3; i++) {
				assertThat(benchmark.decode()).isEqualTo(box);
			}
			ByteBuf encoded = benchmark.encode();
			assertThat(ByteBufUtil.getBytes(encoded)).isEqualTo(AmpBoxCodec.encode(box));
		}
		finally {
			benchmark.tearDown();
		}
	}

	@Test
	void typicalBoxIsACommandOfFiveShortPairs() {
		AmpBox box = BoxCodecBenchmark.box("typical");
		assertThat(box.size()).isEqualTo(5);
		assertThat(box.encodedLength()).isEqualTo(58);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Integer", "Float", "Unicode", "DateTime", "ListOf" })
	void argumentBenchmarksRoundTripTheirValue(String type) {
		ArgumentTypeBenchmark benchmark = new ArgumentTypeBenchmark();
		benchmark.type = type;
		benchmark.setUp();
		byte[] encoded = benchmark.encode();
		assertThat(encoded).isNotEmpty();
		Object decoded = benchmark.decode();
		assertThat(benchmark.encode()).isEqualTo(encoded);
		assertThat(decoded).isEqualTo(benchmark.value());
	}

	@Test
	void commandMappingBenchmarksMapSumBothWays() {
		CommandMappingBenchmark benchmark = new CommandMappingBenchmark();
		assertThat(benchmark.encodeCommand())
			.isEqualTo(AmpBox.of("_ask", "1f", "_command", "Sum", "a", "1234", "b", "5678"));
		assertThat(benchmark.decodeCommand()).isEqualTo(new Sum(1234, 5678));
		assertThat(benchmark.encodeAnswer()).isEqualTo(AmpBox.of("_answer", "1f", "total", "6912"));
		assertThat(benchmark.decodeAnswer()).isEqualTo(new Sum.Result(6912));
		assertThat(benchmark.call()).isEqualTo(new Sum.Result(6912));
	}

	@ParameterizedTest
	@ValueSource(strings = { "boot", "amp", "amp-without-active", "sample-app" })
	void observedCommandRecordsTheServerTimer(String meters) {
		ObservedCommandBenchmark benchmark = new ObservedCommandBenchmark();
		benchmark.meters = meters;
		benchmark.connect();
		try {
			Blackhole blackhole = blackhole();
			for (int i = 0; i < 3; i++) {
				benchmark.observedCommand(blackhole);
			}
			Timer timer = benchmark.meterRegistry.get("amp.server").timer();
			assertThat(timer.count()).isEqualTo(3);
			LongTaskTimer active = benchmark.meterRegistry.find("amp.server.active").longTaskTimer();
			if (meters.equals("amp-without-active")) {
				assertThat(active).isNull();
			}
			else {
				// The 100 others stay open for the whole run.
				assertThat(active).isNotNull().extracting(LongTaskTimer::activeTasks).isEqualTo(100);
			}
			if (meters.equals("sample-app")) {
				assertThat(timer.takeSnapshot().histogramCounts()).isNotEmpty();
			}
		}
		finally {
			benchmark.close();
		}
	}

	@Test
	void observationFloorRecordsItsTimerAndStopsItsSamples() {
		ObservationFloorBenchmark benchmark = new ObservationFloorBenchmark();
		benchmark.registries();
		Blackhole blackhole = blackhole();
		benchmark.meters();
		benchmark.meters();
		benchmark.observation(blackhole);
		assertThat(benchmark.timer.count()).isEqualTo(2);
		assertThat(benchmark.timer.takeSnapshot().histogramCounts()).isNotEmpty();
		assertThat(benchmark.active.activeTasks()).isEqualTo(100);
		benchmark.stopOthers();
		assertThat(benchmark.active.activeTasks()).isZero();
	}

	private static Blackhole blackhole() {
		return new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
	}

}
