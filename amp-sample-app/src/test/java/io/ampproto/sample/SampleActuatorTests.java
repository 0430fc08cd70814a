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
package io.ampproto.sample;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.ampproto.context.LocalAmpServerPort;
import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.test.AmpTestClient;
import io.ampproto.test.autoconfigure.AutoConfigureAmpTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app's actuator over real HTTP: AMP health, the {@code amp} endpoint, AMP
 * meters and the Prometheus scrape, after real AMP calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "amp.server.port=0", "amp.server.address=127.0.0.1" })
@AutoConfigureAmpTestClient
class SampleActuatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalAmpServerPort
	int ampPort;

	@Value("${local.server.port}")
	int httpPort;

	@Autowired
	AmpTestClient client;

	String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	double statistic(String path, String statistic) throws IOException, InterruptedException {
		List<Double> values = JsonPath.read(get(path), "$.measurements[?(@.statistic=='" + statistic + "')].value");
		assertThat(values).hasSize(1);
		return values.get(0);
	}

	@Test
	void showsAmpTrafficInHealthTheAmpEndpointMetricsAndPrometheus() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.client.call(new Sum(BigInteger.valueOf(i), BigInteger.TEN))
				.expectAnswer()
				.isEqualTo(new Sum.Result(BigInteger.valueOf(10 + i)));
		}
		this.client.call(new Divide(BigInteger.ONE, BigInteger.ZERO)).expectError("ZERO_DIVISION").isEqualTo("division by zero");

		String health = get("/actuator/health");
		assertThat((String) JsonPath.read(health, "$.components.amp.status")).isEqualTo("UP");
		assertThat((Integer) JsonPath.read(health, "$.components.amp.details.port")).isEqualTo(this.ampPort);
		assertThat((Integer) JsonPath.read(health, "$.components.amp.details.connections")).isEqualTo(1);
		// The sample offers StartTLS with its bundle; this connection did not start it.
		assertThat((Boolean) JsonPath.read(health, "$.components.amp.details.tls")).isTrue();
		assertThat((Boolean) JsonPath.read(get("/actuator/amp"), "$.server.tls")).isTrue();

		String amp = get("/actuator/amp");
		assertThat((String) JsonPath.read(amp, "$.commands.Sum"))
			.isEqualTo(SampleResponder.class.getName() + ".sum(Sum)");
		assertThat((Integer) JsonPath.read(amp, "$.server.port")).isEqualTo(this.ampPort);
		List<Map<String, Object>> connections = JsonPath.read(amp, "$.connections");
		assertThat(connections).singleElement()
			.satisfies((connection) -> assertThat(connection).containsEntry("tls", false)
				.containsEntry("switched", false)
				.containsKeys("peer", "openedAt", "ageSeconds", "inboundCallsInFlight"));

		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					statistic("/actuator/metrics/amp.server?tag=command:Sum&tag=outcome:SUCCESS", "COUNT"))
				.isEqualTo(3.0));
		assertThat(statistic("/actuator/metrics/amp.client?tag=command:Divide&tag=error.code:ZERO_DIVISION",
				"COUNT"))
			.isEqualTo(1.0);
		assertThat(statistic("/actuator/metrics/amp.boxes.received?tag=side:server", "COUNT")).isEqualTo(4.0);

		String prometheus = get("/actuator/prometheus");
		assertThat(prometheus).contains("amp_boxes_received_total{side=\"server\"} 4.0")
			.contains("amp_connections_open{side=\"server\"} 1.0")
			.containsPattern("amp_data_received_bytes_total\\{side=\"server\"} \\d+")
			.contains("amp_limit_violations_total{direction=\"received\",part=\"key\",side=\"server\"} 0.0")
			.containsPattern("amp_server_seconds_count\\{command=\"Sum\",error=\"none\",error_code=\"none\","
					+ "outcome=\"SUCCESS\",side=\"server\"} 3");
	}

}
