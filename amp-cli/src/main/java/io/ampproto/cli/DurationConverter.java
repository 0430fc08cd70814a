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

package io.ampproto.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a positive duration as {@code 10s}, {@code 250ms}, {@code 1.5m}, {@code 1h}, a
 * bare number of seconds, or ISO-8601 ({@code PT10S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

	@Override
	public Duration convert(String value) {
		Duration duration = parse(value.trim().toLowerCase(Locale.ROOT));
		if (duration.isNegative() || duration.isZero()) {
			throw new TypeConversionException("'" + value + "' is not a positive duration");
		}
		return duration;
	}

	private static Duration parse(String text) {
		Matcher matcher = SIMPLE.matcher(text);
		if (matcher.matches()) {
			String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
			long millisPerUnit = switch (unit) {
				case "ms" -> 1;
				case "m" -> 60_000;
				case "h" -> 3_600_000;
				default -> 1_000;
			};
			BigDecimal millis = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(millisPerUnit));
			try {
				return Duration.ofMillis(millis.setScale(0, RoundingMode.DOWN).longValueExact());
			}
			catch (ArithmeticException ex) {
				throw new TypeConversionException("'" + text + "' is too long a duration");
			}
		}
		try {
			return Duration.parse(text.toUpperCase(Locale.ROOT));
		}
		catch (DateTimeParseException ex) {
			throw new TypeConversionException("'" + text + "' is not a duration such as 10s, 500ms, 2m or PT10S");
		}
	}

}
