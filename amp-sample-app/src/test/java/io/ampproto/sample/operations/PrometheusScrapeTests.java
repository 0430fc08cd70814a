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
package io.ampproto.sample.operations;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.test.AmpTestClient;
import io.ampproto.test.autoconfigure.AutoConfigureAmpTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app under AMP calls, as Prometheus sees it: a real Prometheus (Debian's
 * binary, on loopback, scraping every second, with the kit's alert rules loaded) scrapes
 * its actuator endpoint and answers a query with the calls' series; and every query of
 * the alert rules and of the Grafana dashboard names a meter the app exports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "amp.server.port=0", "amp.server.address=127.0.0.1",
				"spring.application.name=amp-sample-app-scraped" })
@AutoConfigureAmpTestClient
@DirtiesContext // its meters count this class's calls: no other test class may share the context
class PrometheusScrapeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int SUMS = 7;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Value("${local.server.port}")
	int httpPort;

	@Autowired
	AmpTestClient client;

	@BeforeEach
	void callTheApp() {
		for (int i = 0; i < SUMS; i++) {
			this.client.call(new Sum(BigInteger.valueOf(i), BigInteger.ONE)).expectAnswer().isNotNull();
		}
		this.client.call(new Divide(BigInteger.ONE, BigInteger.ZERO)).expectError("ZERO_DIVISION");
	}

	@Test
	void aRealPrometheusScrapesTheAppAndLoadsTheAlertRules(@TempDir Path dir) throws Exception {
		Path prometheus = PrometheusTools.binary("prometheus");
		int port = freePort();
		Files.copy(PrometheusTools.kitFile("amp-alerts.yml"), dir.resolve("amp-alerts.yml"));
		Files.writeString(dir.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - amp-alerts.yml
				scrape_configs:
				  - job_name: amp-sample-app
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(this.httpPort));
		Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("prometheus.log").toFile())
			.start();
		try {
			String query = "amp_server_seconds_count{job=\"amp-sample-app\",command=\"Sum\",outcome=\"SUCCESS\"}";
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertThat(server.isAlive()).as(() -> log(dir)).isTrue();
				List<String> values = JsonPath.read(get(port, "/api/v1/query?query=" + encode(query)),
						"$.data.result[*].value[1]");
				assertThat(values).singleElement().satisfies((value) -> assertThat(Double.parseDouble(value))
					.isGreaterThanOrEqualTo(SUMS));
			});
			String errors = "amp_server_seconds_count{command=\"Divide\",error_code=\"ZERO_DIVISION\"}";
			List<String> errorValues = JsonPath.read(get(port, "/api/v1/query?query=" + encode(errors)),
					"$.data.result[*].value[1]");
			assertThat(errorValues).singleElement()
				.satisfies((value) -> assertThat(Double.parseDouble(value)).isGreaterThanOrEqualTo(1));
			String rules = get(port, "/api/v1/rules");
			List<String> health = JsonPath.read(rules, "$.data.groups[*].rules[*].health");
			assertThat(health).as(rules).isNotEmpty().allMatch((state) -> !state.equals("err"));
			List<String> names = JsonPath.read(rules, "$.data.groups[*].rules[*].name");
			assertThat(names).hasSize(alertRuleExpressions().size());
			for (String expression : dashboardExpressions()) {
				String promql = expression.replace("$__rate_interval", "1m").replace("$job", ".*").replace("$instance", ".*");
				String status = JsonPath.read(get(port, "/api/v1/query?query=" + encode(promql)), "$.status");
				assertThat(status).as(promql).isEqualTo("success");
			}
		}
		finally {
			server.destroy();
			if (!server.waitFor(20, TimeUnit.SECONDS)) {
				server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void alertRulesQueryMetersTheAppExports() throws Exception {
		assertThat(alertRuleExpressions()).hasSize(7);
		assertNamesExportedMeters(alertRuleExpressions());
	}

	@Test
	void grafanaDashboardQueriesMetersTheAppExports() throws Exception {
		String dashboard = Files.readString(PrometheusTools.kitFile("amp-dashboard.json"));
		List<String> expressions = dashboardExpressions();
		assertThat(expressions).hasSizeGreaterThan(8);
		assertNamesExportedMeters(expressions);
		assertNamesExportedMeters(JsonPath.read(dashboard, "$.templating.list[?(@.type == 'query')].definition"));
		List<Integer> ids = JsonPath.read(dashboard, "$.panels[*].id");
		assertThat(ids).doesNotHaveDuplicates();
		List<String> sources = JsonPath.read(dashboard, "$.panels[?(@.type != 'row')].datasource.uid");
		assertThat(sources).hasSize(JsonPath.<List<?>>read(dashboard, "$.panels[?(@.type != 'row')]").size())
			.containsOnly("${datasource}");
	}

	static List<String> dashboardExpressions() throws IOException {
		return JsonPath.read(Files.readString(PrometheusTools.kitFile("amp-dashboard.json")), "$..targets[*].expr");
	}

	private void assertNamesExportedMeters(List<String> expressions) throws Exception {
		Set<String> exported = exportedMetrics();
		for (String expression : expressions) {
			assertThat(PrometheusTools.ampMetrics(expression)).as(expression)
				.isNotEmpty()
				.allSatisfy((metric) -> assertThat(exported).as("metrics the app exports, for %s", expression)
					.contains(metric));
		}
	}

	@SuppressWarnings("unchecked")
	static List<String> alertRuleExpressions() throws IOException {
		Map<String, Object> rules = new Yaml().load(Files.readString(PrometheusTools.kitFile("amp-alerts.yml")));
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add((String) rule.get("expr"));
			}
		}
		return expressions;
	}

	private Set<String> exportedMetrics() throws Exception {
		String scrape = get(this.httpPort, "/actuator/prometheus");
		Set<String> names = new TreeSet<>();
		scrape.lines()
			.filter((line) -> line.startsWith("amp_"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.forEach(names::add);
		return names;
	}

	private String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	private static String encode(String query) {
		return URLEncoder.encode(query, StandardCharsets.UTF_8);
	}

	private static String log(Path dir) {
		try {
			return "prometheus exited: " + Files.readString(dir.resolve("prometheus.log"));
		}
		catch (IOException ex) {
			return "prometheus exited";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
