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
package io.ampproto.schema;

import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpArgumentsMapper;
import io.ampproto.command.AmpBuiltinType;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.type.AmpArgumentType;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.switching.AmpSwitchCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AmpDescriptions} and {@link AmpDescriptionJson}.
 */
public class AmpDescriptionsTests {

	@Test
	void describesEveryArgumentTypeInTwistedsTerms() {
		AmpCommandDescription described = AmpDescriptions.describe(Everything.class);
		assertThat(described.name()).isEqualTo("every-thing");
		assertThat(described.typeName()).isEqualTo("Everything");
		assertThat(described.arguments()).extracting(AmpFieldDescription::toString)
			.containsExactly("big: Integer", "small: Integer", "tiny: Integer", "raw: String", "rawText: String",
					"text: Unicode", "where: Path", "real: Float", "flag: Boolean", "when: DateTime", "dec: Decimal",
					"exact: Decimal", "fd: Descriptor", "ints: ListOf(Integer)", "nested: ListOf(ListOf(Unicode))",
					"rows: AmpList([k: Unicode, v: Integer (optional)])", "maybe: Integer (optional)",
					"perhaps: Unicode (optional)", "dash-key: Integer", "point: Point");
		assertThat(described.arguments().get(19).type().custom()).isTrue();
		assertThat(described.response()).extracting(AmpFieldDescription::toString).containsExactly("ok: Boolean");
		assertThat(described.errors()).containsExactly(new AmpErrorDescription("BAD", "IllegalStateException", false),
				new AmpErrorDescription("WORSE", "UnsupportedOperationException", true));
		assertThat(described.requiresAnswer()).isTrue();
		assertThat(described.protocolSwitch()).isFalse();
	}

	@Test
	void describesCommandsWithoutAnswerAndProtocolSwitches() {
		AmpCommandDescription ping = AmpDescriptions.describe(Ping.class);
		assertThat(ping.requiresAnswer()).isFalse();
		assertThat(ping.response()).isEmpty();
		assertThat(ping).hasToString("Ping(n: Integer) -> ()");
		AmpCommandDescription switched = AmpDescriptions.describe(Switch.class);
		assertThat(switched.protocolSwitch()).isTrue();
		assertThat(switched.response()).isEmpty();
	}

	@Test
	void describesCommandsDeclaredByMethodSignaturesAndRawCommands() throws Exception {
		Method method = getClass().getDeclaredMethod("byName", BigInteger.class, List.class);
		AmpCommandSchema<Object[], Ping.Result> schema = AmpCommandSchema.builder("ByName")
			.arguments(Object[].class, AmpArgumentsMapper.ofParameters("byName", List.of(method.getParameters())))
			.response(Ping.Result.class, io.ampproto.command.AmpRecordMapper.of(Ping.Result.class))
			.requiresAnswer(true)
			.build();
		assertThat(AmpDescriptions.describe(schema)).hasToString("ByName(a: Integer, b: ListOf(String)) -> (n: Integer)");
		AmpCommandDescription raw = AmpDescriptions.describe(AmpCommandSchema.builder("Raw").build());
		assertThat(raw.arguments()).isNull();
		assertThat(raw.response()).isNull();
		assertThat(raw.typeName()).isEqualTo("Raw");
	}

	@Test
	void jsonRoundTripKeepsEverything() {
		List<AmpCommandDescription> commands = List.of(AmpDescriptions.describe(Everything.class),
				AmpDescriptions.describe(Ping.class), AmpDescriptions.describe(Switch.class),
				AmpDescriptions.describe(AmpCommandSchema.builder("Raw").build()));
		String json = AmpDescriptionJson.write(commands);
		assertThat(AmpDescriptionJson.read(json)).isEqualTo(commands);
		// The endpoint's answer has more keys around the schemas.
		assertThat(AmpDescriptionJson.read("{\"server\":null,\"commands\":{},\"schemas\":{}}")).isEmpty();
	}

	@Test
	void badJsonGetsAClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> AmpDescriptionJson.read("{\"schemas\": [}"))
			.withMessageContaining("Not valid JSON at offset 13");
		assertThatIllegalArgumentException().isThrownBy(() -> AmpDescriptionJson.read("{\"commands\": {}}"))
			.withMessageContaining("no 'schemas'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AmpDescriptionJson.read("{\"schemas\": {\"X\": {\"name\": \"X\", \"arguments\": "
					+ "[{\"key\": \"a\", \"type\": {\"name\": \"Integr\"}}]}}}"))
			.withMessageContaining("Bad description of command 'X'")
			.withMessageContaining("Unknown AMP type 'Integr'");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonText.parse("[".repeat(1000)))
			.withMessageContaining("nested deeper");
	}

	@Test
	void jsonTextReadsWhatItWrites() {
		Object value = JsonText.parse("{\"a\": [1, 2.5, -3e2, true, false, null, \"x\\\"\\u00e9\\n\"], \"b\": {}}");
		assertThat(JsonText.parse(JsonText.write(value))).isEqualTo(value);
	}

	@Test
	void stringsAreEscapedAsJsonOrAsAsciiJsonThatJavaReadsToo() {
		String text = "q\"s\\n\nr\rt\tb\bf\f\u0001\u00e9\u007f";
		assertThat(JsonText.appendString(new StringBuilder(), text))
			.hasToString("\"q\\\"s\\\\n\\nr\\rt\\tb\\bf\\f\\u0001\u00e9\u007f\"");
		assertThat(JsonText.appendString(new StringBuilder(), text, true))
			.hasToString("\"q\\\"s\\\\n\\nr\\rt\\tb\\u0008f\\u000c\\u0001\\u00e9\\u007f\"");
		assertThat(JsonText.parse(JsonText.appendString(new StringBuilder(), text, true).toString())).isEqualTo(text);
	}

	/**
	 * Return a command with every kind of argument, a custom type's included.
	 * @return the command type
	 */
	public static Class<? extends AmpCommand<?>> everything() {
		return Everything.class;
	}

	static void byName(BigInteger a, @AmpArgument(type = AmpBuiltinType.STRING) List<String> b) {
	}

	@AmpCommandSpec(name = "every-thing",
			errors = { @AmpError(code = "BAD", exception = IllegalStateException.class),
					@AmpError(code = "WORSE", exception = UnsupportedOperationException.class, fatal = true) })
	record Everything(BigInteger big, long small, int tiny, byte[] raw,
			@AmpArgument(type = AmpBuiltinType.STRING) String rawText, String text, Path where, double real,
			boolean flag, OffsetDateTime when, java.math.BigDecimal dec, AmpDecimal exact, AmpDescriptor fd,
			List<BigInteger> ints, List<List<String>> nested, List<Row> rows, @AmpArgument(optional = true) BigInteger maybe,
			Optional<String> perhaps, @AmpArgument(name = "dash-key") BigInteger dashKey,
			@AmpArgument(custom = PointType.class) String point) implements AmpCommand<Everything.Result> {

		record Row(String k, Optional<BigInteger> v) {
		}

		record Result(boolean ok) {
		}

	}

	@AmpCommandSpec(requiresAnswer = false)
	record Ping(BigInteger n) implements AmpCommand<Void> {

		record Result(BigInteger n) {
		}

	}

	record Switch(String greeting) implements AmpSwitchCommand {
	}

	/**
	 * A custom type, which only its own code can encode.
	 */
	public static final class PointType implements AmpArgumentType<String> {

		@Override
		public String name() {
			return "Point";
		}

		@Override
		public Class<?> javaType() {
			return String.class;
		}

		@Override
		public byte[] encode(String value) {
			return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}

		@Override
		public String decode(ByteBuffer value) {
			return java.nio.charset.StandardCharsets.UTF_8.decode(value.duplicate()).toString();
		}

	}

}
