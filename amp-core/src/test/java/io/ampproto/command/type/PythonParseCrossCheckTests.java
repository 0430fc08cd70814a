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

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds valid and randomly mutated inputs to the lenient parsers and compares the
 * outcome with what Twisted's parsers made of them (lenient-parse.txt, written by
 * generate_lenient_parse.py).
 *
 * @author AMP for Spring Boot contributors
 */
class PythonParseCrossCheckTests {

	@Test
	void parsersAcceptAndRejectExactlyWhatTwistedDoes() {
		List<String> lines = TypeTestSupport.lines("lenient-parse.txt");
		assertThat(lines).hasSizeGreaterThan(2000);
		List<String> mismatches = new ArrayList<>();
		for (String line : lines) {
			String[] parts = line.split("\t");
			byte[] input = HexFormat.of().parseHex(parts[1]);
			String expected = expected(parts[0], parts[2]);
			String actual = parse(parts[0], input);
			if (!expected.equals(actual)) {
				mismatches.add(parts[0] + " " + parts[1] + " '" + new String(input, StandardCharsets.US_ASCII)
						+ "': Twisted " + parts[2] + ", ours " + actual);
			}
		}
		assertThat(mismatches).isEmpty();
	}

	private static String expected(String kind, String python) {
		if (kind.equals("DateTime") && !python.equals("ERR")) {
			// Twisted accepts offsets up to a day and beyond; java.time stops at ±18:00.
			int minutes = Integer.parseInt(python.substring(python.indexOf(' ') + 1));
			return (Math.abs(minutes) > 18 * 60) ? "ERR" : python;
		}
		return python;
	}

	private static String parse(String kind, byte[] input) {
		try {
			return switch (kind) {
				case "Integer" -> decode(AmpTypes.INTEGER, input).toString();
				case "Float" ->
					new String(AmpTypes.FLOAT.encode(decode(AmpTypes.FLOAT, input)), StandardCharsets.US_ASCII);
				case "Decimal" -> decode(AmpTypes.AMP_DECIMAL, input).toString();
				case "DateTime" -> describe(decode(AmpTypes.DATETIME, input));
				default -> throw new IllegalStateException("Unknown type " + kind);
			};
		}
		catch (AmpArgumentException ex) {
			return "ERR";
		}
	}

	private static String describe(OffsetDateTime value) {
		return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%06d %d", value.getYear(), value.getMonthValue(),
				value.getDayOfMonth(), value.getHour(), value.getMinute(), value.getSecond(), value.getNano() / 1000,
				value.getOffset().getTotalSeconds() / 60);
	}

}
