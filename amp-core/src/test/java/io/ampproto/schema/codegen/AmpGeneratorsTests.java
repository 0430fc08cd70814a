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
package io.ampproto.schema.codegen;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.schema.AmpCommandDescription;
import io.ampproto.schema.AmpDescriptions;
import io.ampproto.schema.AmpDescriptionsTests;
import io.ampproto.schema.AmpFieldDescription;
import io.ampproto.schema.AmpTypeDescription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AmpJavaGenerator} and {@link AmpPythonGenerator} on what they refuse
 * and how they name things; {@code CodegenTests} of amp-cli compiles and runs their output
 * against Twisted.
 */
class AmpGeneratorsTests {

	private final AmpJavaGenerator java = new AmpJavaGenerator("com.example", Map.of("Sum", "m.py:3"), "m.py");

	@Test
	void pythonUsesBuiltInExceptionsAndDefinesTheOthers() {
		String module = new AmpPythonGenerator("test").generate(List.of(AmpDescriptions.describe(Divide.class)));
		assertThat(module).contains("class Overdrawn(Exception):\n    pass\n")
			.doesNotContain("class ZeroDivisionError")
			.contains("    commandName = b\"div-\\xc3\\xa9\"\n")
			.contains("    errors = {ZeroDivisionError: b\"ZERO_DIVISION\"}\n")
			.contains("    fatalErrors = {Overdrawn: b\"OVERDRAWN\"}\n")
			.contains("    arguments = [(b\"n\", amp.Integer()), (b\"tags\", amp.ListOf(amp.Unicode(), optional=True))]");
	}

	@Test
	void pythonLeavesOutRawCommandsAndRefusesCustomTypes() {
		AmpPythonGenerator generator = new AmpPythonGenerator("test");
		String module = generator.generate(List.of(AmpDescriptions.describe(AmpCommandSchema.builder("Raw").build()),
				AmpDescriptions.describe(Divide.class)));
		assertThat(generator.skipped()).containsExactly("Raw");
		assertThat(module).contains("Left out, as they take or answer raw boxes: Raw.").doesNotContain("class Raw");
		AmpCommandDescription custom = command("Move", field("to", AmpTypeDescription.customType("Point")));
		assertThatExceptionOfType(AmpCodegenException.class).isThrownBy(() -> generator.generate(List.of(custom)))
			.withMessage("command Move: the key 'to' has the custom type Point, which Twisted does not know");
		AmpCommandDescription keyword = new AmpCommandDescription("x", "None", List.of(), List.of(), List.of(), true,
				false);
		assertThatExceptionOfType(AmpCodegenException.class).isThrownBy(() -> generator.generate(List.of(keyword)))
			.withMessageContaining("'None', cannot be a Python class name: it is a Python keyword");
	}

	@Test
	void javaRefusesWhatItCannotWrite() {
		assertThatExceptionOfType(AmpCodegenException.class)
			.isThrownBy(() -> this.java.generate(List.of(AmpDescriptions.describe(AmpCommandSchema.builder("Sum").build()))))
			.withMessage("command Sum (m.py:3): takes or answers raw boxes, so its arguments are unknown");
		AmpCommandDescription list = command("Sum", field("fds", AmpTypeDescription.listOf(AmpTypeDescription.scalar("Descriptor"))));
		assertThatExceptionOfType(AmpCodegenException.class).isThrownBy(() -> this.java.generate(List.of(list)))
			.withMessageContaining("is ListOf(Descriptor), which Twisted's ListOf cannot send");
		AmpCommandDescription clash = command("Sum", field("a-b", AmpTypeDescription.scalar("Integer")),
				field("aB", AmpTypeDescription.scalar("Integer")));
		assertThatExceptionOfType(AmpCodegenException.class).isThrownBy(() -> this.java.generate(List.of(clash)))
			.withMessage("command Sum (m.py:3): the keys 'a-b' and 'aB' of Sum both become the Java name 'aB'");
		AmpCommandDescription hides = new AmpCommandDescription("List", "List", List.of(), List.of(), List.of(), true,
				false);
		assertThatExceptionOfType(AmpCodegenException.class).isThrownBy(() -> this.java.generate(List.of(hides)))
			.withMessageContaining("'List' cannot be a Java record name: it would hide the type List");
		AmpCommandDescription switchWithResponse = new AmpCommandDescription("S", "S", List.of(),
				List.of(field("x", AmpTypeDescription.scalar("Integer"))), List.of(), true, true);
		assertThatExceptionOfType(AmpCodegenException.class)
			.isThrownBy(() -> this.java.generate(List.of(switchWithResponse)))
			.withMessageContaining("a protocol switch answers only _answer");
		assertThatExceptionOfType(AmpCodegenException.class)
			.isThrownBy(() -> this.java.generate(List.of(AmpDescriptions.describe(AmpDescriptionsTests.everything()))))
			.withMessageContaining("the key 'point' has the custom type Point, which only its own code can encode");
	}

	@Test
	void javaNamesKeysItCannotUse() {
		assertThat(JavaNames.componentName("dash-key")).isEqualTo("dashKey");
		assertThat(JavaNames.componentName("class")).isEqualTo("class_");
		assertThat(JavaNames.componentName("toString")).isEqualTo("toString_");
		assertThat(JavaNames.componentName("2nd")).isEqualTo("n2nd");
		assertThat(JavaNames.componentName("héllo wörld")).isEqualTo("hélloWörld");
		assertThat(JavaNames.componentName("--")).isNull();
		String source = this.java.generate(List.of(command("Sum", field("2nd", AmpTypeDescription.scalar("Integer")))))
			.get("Sum.java");
		assertThat(source).contains("public record Sum(@AmpArgument(name = \"2nd\") BigInteger n2nd) implements AmpCommand<Void>");
	}

	private static AmpCommandDescription command(String name, AmpFieldDescription... arguments) {
		return new AmpCommandDescription(name, name, List.of(arguments), List.of(), List.of(), true, false);
	}

	private static AmpFieldDescription field(String key, AmpTypeDescription type) {
		return new AmpFieldDescription(key, type, false);
	}

	@AmpCommandSpec(name = "div-é", errors = { @AmpError(code = "ZERO_DIVISION", exception = ZeroDivisionError.class),
			@AmpError(code = "OVERDRAWN", exception = Overdrawn.class, fatal = true) })
	record Divide(BigInteger n, @AmpArgument(optional = true) List<String> tags) implements AmpCommand<Void> {
	}

	static class ZeroDivisionError extends RuntimeException {

		private static final long serialVersionUID = 1L;

	}

	static class Overdrawn extends RuntimeException {

		private static final long serialVersionUID = 1L;

	}

}
