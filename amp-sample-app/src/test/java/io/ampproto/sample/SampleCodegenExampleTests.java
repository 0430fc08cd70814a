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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.ampproto.sample.SampleCommands.Divide;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpDescriptions;
import io.ampproto.schema.AmpErrorDescription;
import io.ampproto.schema.codegen.AmpJavaGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated record that docs/schemas.md shows is what {@code amp codegen java} writes
 * for Twisted's {@code Divide} (errors {@code ZeroDivisionError: ZERO_DIVISION}).
 */
class SampleCodegenExampleTests {

	@Test
	void generatedDivideIsTheDocumentedOne() throws IOException {
		AmpCommandDescription divide = AmpDescriptions.describe(Divide.class);
		AmpCommandDescription twisted = new AmpCommandDescription(divide.name(), divide.typeName(), divide.arguments(),
				divide.response(), List.of(new AmpErrorDescription("ZERO_DIVISION", "ZeroDivisionError", false)),
				divide.requiresAnswer(), divide.protocolSwitch());
		Map<String, String> files = new AmpJavaGenerator("com.example.amp", Map.of(), "amp_commands.py")
			.generate(List.of(twisted));
		assertThat(files.get("Divide.java"))
			.isEqualTo(Files.readString(Path.of("src/test/resources/codegen/Divide.java")));
	}

}
