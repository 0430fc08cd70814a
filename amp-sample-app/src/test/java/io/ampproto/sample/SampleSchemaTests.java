/*
 * Copyright 2026 the AMP for Spring Boot authors
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.ampproto.context.LocalAmpServerPort;
import io.ampproto.sample.SampleCommands.Callback;
import io.ampproto.sample.SampleCommands.Concat;
import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.sample.SampleCommands.Echo;
import io.ampproto.sample.SampleCommands.Explode;
import io.ampproto.sample.SampleCommands.OpenLog;
import io.ampproto.sample.SampleCommands.Ping;
import io.ampproto.sample.SampleCommands.PingCount;
import io.ampproto.sample.SampleCommands.ReadFile;
import io.ampproto.sample.SampleCommands.RoundTrip;
import io.ampproto.sample.SampleCommands.Sum;
import io.ampproto.sample.SampleCommands.SwitchToEcho;
import io.ampproto.sample.SampleCommands.TlsInfo;
import io.ampproto.sample.SampleCommands.WhoAmI;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpDescriptionJson;
import io.ampproto.schema.AmpDescriptions;
import io.ampproto.schema.codegen.AmpPythonGenerator;
import io.ampproto.testsupport.TwistedPython;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's {@code amp} endpoint over real HTTP describes every command, and a
 * Python module generated from that description is imported by a real Twisted client
 * ({@code generated_client.py}) that calls every command on the app (the descriptor
 * commands on the UNIX socket).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "amp.server.port=0", "amp.server.address=127.0.0.1" })
@ActiveProfiles("unix")
class SampleSchemaTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Path DIRECTORY = createDirectory();

	private static final Path SOCKET = DIRECTORY.resolve("sample.sock");

	@LocalAmpServerPort
	int ampPort;

	@Value("${local.server.port}")
	int httpPort;

	@DynamicPropertySource
	static void socket(DynamicPropertyRegistry registry) {
		registry.add("amp.server.unix-socket", SOCKET::toString);
	}

	@AfterAll
	static void deleteDirectory() throws IOException {
		FileSystemUtils.deleteRecursively(DIRECTORY);
	}

	List<AmpCommandDescription> endpointSchemas() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/amp"))
				.timeout(TIMEOUT)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return AmpDescriptionJson.read(response.body());
	}

	@Test
	void theEndpointDescribesEveryCommandAsItsRecordDoes() throws Exception {
		List<AmpCommandDescription> schemas = endpointSchemas();
		assertThat(schemas).containsExactlyInAnyOrderElementsOf(List.of(AmpDescriptions.describe(Sum.class),
				AmpDescriptions.describe(Divide.class), AmpDescriptions.describe(Echo.class),
				AmpDescriptions.describe(Concat.class), AmpDescriptions.describe(Ping.class),
				AmpDescriptions.describe(PingCount.class), AmpDescriptions.describe(Callback.class),
				AmpDescriptions.describe(RoundTrip.class), AmpDescriptions.describe(Explode.class),
				AmpDescriptions.describe(SwitchToEcho.class), AmpDescriptions.describe(TlsInfo.class),
				AmpDescriptions.describe(ReadFile.class), AmpDescriptions.describe(OpenLog.class),
				AmpDescriptions.describe(WhoAmI.class)));
		assertThat(schemas).filteredOn((schema) -> schema.name().equals("RoundTrip"))
			.singleElement()
			.hasToString("RoundTrip(i: Integer, real: Float, flag: Boolean, raw: String, text: Unicode, "
					+ "dec: Decimal, when: DateTime, ints: ListOf(Integer), rows: AmpList([k: Unicode, v: Integer]), "
					+ "maybe: Integer (optional)) -> (i: Integer, real: Float, flag: Boolean, raw: String, "
					+ "text: Unicode, dec: Decimal, when: DateTime, ints: ListOf(Integer), "
					+ "rows: AmpList([k: Unicode, v: Integer]), maybe: Integer (optional))");
	}

	@Test
	void aTwistedClientImportsThePythonGeneratedFromTheEndpointAndCallsEveryCommand() throws Exception {
		TwistedPeer.assumeTwistedIsInstalled();
		Path module = DIRECTORY.resolve("sample_generated.py");
		Files.writeString(module, new AmpPythonGenerator("the sample app").generate(endpointSchemas()));
		TwistedPython.Run run = TwistedPeer.runScript("generated_client.py", 120, "--module", module.toString(),
				"--port", String.valueOf(this.ampPort), "--unix", SOCKET.toString(), "--dir", DIRECTORY.toString());
		assertThat(run.failures()).isEmpty();
		assertThat(run.summary()).isEqualTo("18 passed, 0 failed");
		assertThat(run.exitCode()).isZero();
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("amp-sample-schema");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
