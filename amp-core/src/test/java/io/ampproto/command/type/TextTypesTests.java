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
package io.ampproto.command.type;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static io.ampproto.command.type.TypeTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for the {@code String}, {@code Unicode}, {@code Path} and {@code Boolean} types.
 *
 * @author AMP for Spring Boot contributors
 */
class TextTypesTests {

	@Test
	void stringCopiesBothWays() {
		byte[] original = { 1, 2, 3 };
		byte[] encoded = AmpTypes.STRING.encode(original);
		encoded[0] = 9;
		assertThat(original).containsExactly(1, 2, 3);
		byte[] backing = { 7, 8 };
		byte[] decoded = AmpTypes.STRING.decode(ByteBuffer.wrap(backing).asReadOnlyBuffer());
		decoded[0] = 0;
		assertThat(backing).containsExactly(7, 8);
	}

	@Test
	void stringDecodesOnlyTheRemainingBytes() {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 1, 2, 3, 4, 5 }, 1, 3).asReadOnlyBuffer();
		assertThat(AmpTypes.STRING.decode(buffer)).containsExactly(2, 3, 4);
		assertThat(buffer.position()).isEqualTo(1);
		assertThat(buffer.remaining()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ff", "c0af", "e282", "eda080", "edbfbf", "f4908080", "f880808080", "80", "c3" })
	void unicodeRejectsMalformedUtf8AndEncodedSurrogates(String hex) {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.UNICODE, hex(hex)))
			.withMessageStartingWith("Bad Unicode value, not valid UTF-8");
	}

	@Test
	void unicodeDecodesNonBmpCharacters() {
		assertThat(decode(AmpTypes.UNICODE, hex("f09f9880"))).isEqualTo("\uD83D\uDE00");
		assertThat(decode(AmpTypes.UNICODE, new byte[0])).isEmpty();
		assertThat(decode(AmpTypes.UNICODE, hex("00"))).isEqualTo("\u0000");
	}

	@Test
	void unicodeRefusesToEncodeLoneSurrogates() {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> AmpTypes.UNICODE.encode("a\uD800b"))
			.withMessageContaining("lone surrogate");
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> AmpTypes.UNICODE.encode("\uDE00"));
	}

	@Test
	void pathIsTheUtf8OfItsText() {
		// The JVM can only hold non-ASCII file names when it runs with a UTF-8 locale.
		assumeThat(System.getProperty("sun.jnu.encoding")).isEqualToIgnoringCase("UTF-8");
		Path path = Path.of("/srv/caf\u00e9/x.txt");
		assertThat(AmpTypes.PATH.encode(path)).isEqualTo("/srv/caf\u00e9/x.txt".getBytes(StandardCharsets.UTF_8));
		assertThat(decode(AmpTypes.PATH, AmpTypes.PATH.encode(path))).isEqualTo(path);
	}

	@Test
	void pathKeepsRelativePathsRelative() {
		assertThat(decode(AmpTypes.PATH, "relative/dir")).isEqualTo(Path.of("relative/dir"));
		assertThat(AmpTypes.PATH.encode(Path.of("a", "b"))).asString().isEqualTo("a/b");
	}

	@Test
	void pathRejectsInvalidText() {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.PATH, hex("2fff")));
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.PATH, hex("2f00")));
	}

	@Test
	void booleanIsExactlyTrueOrFalse() {
		assertThat(AmpTypes.BOOLEAN.encode(true)).asString().isEqualTo("True");
		assertThat(AmpTypes.BOOLEAN.encode(false)).asString().isEqualTo("False");
		assertThat(decode(AmpTypes.BOOLEAN, "True")).isTrue();
		assertThat(decode(AmpTypes.BOOLEAN, "False")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "true", "TRUE", "false", "ninja", "1", "0", " True", "True ", "Tru", "Falsey" })
	void booleanRejectsEverythingElse(String text) {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(AmpTypes.BOOLEAN, text))
			.withMessageStartingWith("Bad Boolean value");
	}

	@Test
	void namesAndJavaTypes() {
		assertThat(AmpTypes.INTEGER.name()).isEqualTo("Integer");
		assertThat(AmpTypes.STRING.name()).isEqualTo("String");
		assertThat(AmpTypes.UNICODE.name()).isEqualTo("Unicode");
		assertThat(AmpTypes.PATH.name()).isEqualTo("Path");
		assertThat(AmpTypes.FLOAT.name()).isEqualTo("Float");
		assertThat(AmpTypes.BOOLEAN.name()).isEqualTo("Boolean");
		assertThat(AmpTypes.DATETIME.name()).isEqualTo("DateTime");
		assertThat(AmpTypes.DECIMAL.name()).isEqualTo("Decimal");
		assertThat(AmpTypes.STRING.javaType()).isEqualTo(byte[].class);
		assertThat(AmpTypes.LONG.javaType()).isEqualTo(Long.class);
		assertThat(AmpTypes.AMP_DECIMAL.javaType()).isEqualTo(AmpDecimal.class);
	}

}
