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

import java.math.BigDecimal;
import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * Parsers that accept exactly what Python's {@code int()}, {@code float()} and
 * {@code decimal.Decimal()} accept, since Twisted's AMP types are those functions.
 * Every method throws {@link NumberFormatException} for text Python would reject.
 *
 * @author AMP for Spring Boot contributors
 */
final class PythonSyntax {

	// Beyond these decimal exponents every double is zero or infinite, whatever the digits.
	private static final int FLOAT_EXPONENT_CLAMP = 100_000;

	/** Digits converted by the JDK in one go; longer runs are split in two. */
	private static final int DIGITS_CHUNK = 512;

	/** Python 3.11's default of {@code sys.get_int_max_str_digits()}. */
	static final int DEFAULT_MAX_INT_DIGITS = 4300;

	private static volatile int maxIntDigits = DEFAULT_MAX_INT_DIGITS;

	private PythonSyntax() {
	}

	static int maxIntDigits() {
		return maxIntDigits;
	}

	static void maxIntDigits(int digits) {
		if (digits < 0) {
			throw new IllegalArgumentException("The most digits of an integer must be 0 (no limit) or more, but was "
					+ digits);
		}
		maxIntDigits = digits;
	}

	/**
	 * Convert a run of ASCII digits, in O(M(n) log n) by splitting it at powers of ten.
	 * The JDK's constructor is quadratic: a value of 65,535 digits, the most a box can
	 * carry, held an event loop for 0.1 to 0.3 s (found writing the fuzz tests); this
	 * takes milliseconds.
	 * @param digits one or more of {@code 0-9}
	 * @return the value
	 */
	static BigInteger parseDigits(String digits) {
		return parseDigits(digits, 0, digits.length());
	}

	private static BigInteger parseDigits(String digits, int from, int to) {
		int length = to - from;
		if (length <= DIGITS_CHUNK) {
			return new BigInteger(digits.substring(from, to));
		}
		BigInteger[] powers = TenPowers.POWERS;
		int k = 0;
		while (k + 1 < powers.length && (DIGITS_CHUNK << (k + 1)) < length) {
			k++;
		}
		int low = DIGITS_CHUNK << k;
		return parseDigits(digits, from, to - low).multiply(powers[k]).add(parseDigits(digits, to - low, to));
	}

	/**
	 * {@code 10^(512 * 2^k)}, computed once, when a long run of digits is first parsed.
	 */
	private static final class TenPowers {

		static final BigInteger[] POWERS = new BigInteger[8];

		static {
			POWERS[0] = BigInteger.TEN.pow(DIGITS_CHUNK);
			for (int k = 1; k < POWERS.length; k++) {
				POWERS[k] = POWERS[k - 1].multiply(POWERS[k - 1]);
			}
		}

	}

	/**
	 * Whether {@code int()} and {@code float()} strip this character: the ASCII
	 * whitespace of C's {@code isspace}.
	 */
	static boolean isSpace(char c) {
		return c == ' ' || (c >= '\t' && c <= '\r');
	}

	/**
	 * Whether {@code str.strip()} strips this ASCII character: Python's Unicode
	 * whitespace also includes the separators 0x1C..0x1F. Callers pass ASCII only.
	 */
	static boolean isStrSpace(char c) {
		return isSpace(c) || (c >= 0x1c && c <= 0x1f);
	}

	/**
	 * Strip leading and trailing whitespace: C's {@code isspace}, as {@code int()} and
	 * {@code float()} strip, or with {@code str.strip()}'s separators too, as
	 * {@code Decimal()} does.
	 * @return the text itself when there is none to strip
	 */
	private static String strip(String text, boolean strSpace) {
		int start = 0;
		int end = text.length();
		while (start < end && (strSpace ? isStrSpace(text.charAt(start)) : isSpace(text.charAt(start)))) {
			start++;
		}
		while (end > start && (strSpace ? isStrSpace(text.charAt(end - 1)) : isSpace(text.charAt(end - 1)))) {
			end--;
		}
		return text.substring(start, end);
	}

	/**
	 * Return 1 when a sign ({@code +} or {@code -}) stands at {@code pos}, else 0.
	 */
	private static int signLength(String text, int pos) {
		return (text.startsWith("+", pos) || text.startsWith("-", pos)) ? 1 : 0;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * Parse like Python 3 {@code int(text)} (base 10): surrounding whitespace, a sign,
	 * and single underscores between digits are allowed.
	 */
	static BigInteger parseInt(String text) {
		String s = strip(text, false);
		boolean negative = s.startsWith("-");
		String digits = digitsWithUnderscores(s, signLength(s, 0), s.length());
		if (digits == null) {
			throw new NumberFormatException("invalid literal for int()");
		}
		int limit = maxIntDigits;
		if (limit > 0 && digits.length() > limit) {
			// As Python 3.11's int(): converting costs more than linear time.
			throw new TooManyDigitsException("Exceeds the limit (" + limit
					+ " digits) for integer string conversion: value has " + digits.length()
					+ " digits; amp.max-integer-digits raises the limit");
		}
		BigInteger value = parseDigits(digits);
		return negative ? value.negate() : value;
	}

	/**
	 * Return the digits of {@code text[start, end)} without underscores, or {@code null}
	 * unless it is one or more ASCII digits with single underscores between digits.
	 */
	private static @Nullable String digitsWithUnderscores(String text, int start, int end) {
		if (start >= end) {
			return null;
		}
		StringBuilder digits = null;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (isDigit(c)) {
				if (digits != null) {
					digits.append(c);
				}
			}
			else if (c == '_' && i > start && isDigit(text.charAt(i - 1)) && i + 1 < end
					&& isDigit(text.charAt(i + 1))) {
				if (digits == null) {
					digits = new StringBuilder(end - start).append(text, start, i);
				}
			}
			else {
				return null;
			}
		}
		return (digits != null) ? digits.toString() : text.substring(start, end);
	}

	/**
	 * Parse like Python 3 {@code float(text)}: surrounding whitespace, a sign,
	 * {@code inf}/{@code infinity}/{@code nan} in any case, {@code .5}, {@code 5.},
	 * exponents, and underscores between digits. Hexadecimal and Java's {@code f}/{@code d}
	 * suffixes are rejected.
	 */
	static double parseFloat(String text) {
		String s = strip(text, false);
		boolean negative = s.startsWith("-");
		int start = signLength(s, 0);
		int end = s.length();
		String rest = s.substring(start);
		if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
			return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
		}
		if (rest.equalsIgnoreCase("nan")) {
			return Double.NaN;
		}
		int pos = start;
		int intEnd = scanDigits(s, pos, end);
		String intDigits = digitsWithUnderscores(s, pos, intEnd);
		pos = intEnd;
		String fracDigits = null;
		if (pos < end && s.charAt(pos) == '.') {
			int fracEnd = scanDigits(s, pos + 1, end);
			fracDigits = digitsWithUnderscores(s, pos + 1, fracEnd);
			if (fracEnd > pos + 1 && fracDigits == null) {
				throw new NumberFormatException("could not convert string to float");
			}
			pos = fracEnd;
		}
		if ((intEnd > start && intDigits == null) || (intDigits == null && fracDigits == null)) {
			throw new NumberFormatException("could not convert string to float");
		}
		long exponent = 0;
		if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
			pos++;
			boolean negativeExponent = s.startsWith("-", pos);
			pos += signLength(s, pos);
			String expDigits = digitsWithUnderscores(s, pos, end);
			if (expDigits == null) {
				throw new NumberFormatException("could not convert string to float");
			}
			exponent = saturatedExponent(expDigits);
			pos = end;
			if (negativeExponent) {
				exponent = -exponent;
			}
		}
		if (pos != end) {
			throw new NumberFormatException("could not convert string to float");
		}
		String digits = ((intDigits != null) ? intDigits : "") + ((fracDigits != null) ? fracDigits : "");
		int fracLength = (fracDigits != null) ? fracDigits.length() : 0;
		double magnitude = parsePositiveDouble(digits, exponent - fracLength);
		return negative ? -magnitude : magnitude;
	}

	/**
	 * Return the end of the run of digits and underscores starting at {@code pos}.
	 */
	private static int scanDigits(String text, int pos, int end) {
		while (pos < end && (isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
			pos++;
		}
		return pos;
	}

	/**
	 * Parse a decimal exponent, saturating far beyond any double's range.
	 */
	private static long saturatedExponent(String digits) {
		long value = 0;
		for (int i = 0; i < digits.length() && value < 1_000_000_000_000L; i++) {
			value = value * 10 + (digits.charAt(i) - '0');
		}
		return value;
	}

	/**
	 * Correctly round {@code digits × 10^exponent} to a double. The text handed to
	 * {@link Double#parseDouble} is rebuilt from validated digits, so none of its own
	 * leniency applies, and the exponent is normalized so it cannot overflow.
	 */
	private static double parsePositiveDouble(String digits, long exponent) {
		int first = 0;
		while (first < digits.length() && digits.charAt(first) == '0') {
			first++;
		}
		if (first == digits.length()) {
			return 0.0;
		}
		String significant = digits.substring(first);
		// value = 0.significant × 10^scientific
		long scientific = exponent + significant.length();
		if (scientific > FLOAT_EXPONENT_CLAMP) {
			return Double.POSITIVE_INFINITY;
		}
		if (scientific < -FLOAT_EXPONENT_CLAMP) {
			return 0.0;
		}
		return Double.parseDouble("0." + significant + "e" + scientific);
	}

	/**
	 * Parse like Python 3 {@code decimal.Decimal(text)}: strip Unicode whitespace, drop
	 * every underscore (CPython's {@code _decimal} does exactly that), then accept the
	 * General Decimal Arithmetic syntax including {@code Inf}, {@code Infinity},
	 * {@code NaN} and {@code sNaN} with an optional payload, in any case.
	 * @throws NumberFormatException for text Python rejects, and for finite values whose
	 * exponent does not fit a {@link BigDecimal} scale
	 */
	static AmpDecimal parseDecimal(String text) {
		String s = strip(text, true).replace("_", "");
		if (s.isEmpty()) {
			throw new NumberFormatException("invalid literal for Decimal");
		}
		boolean negative = s.startsWith("-");
		int pos = signLength(s, 0);
		String rest = s.substring(pos);
		if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
			return negative ? AmpDecimal.negativeInfinity() : AmpDecimal.positiveInfinity();
		}
		if (rest.regionMatches(true, 0, "nan", 0, 3)) {
			return AmpDecimal.nan(negative, false, payload(rest, 3));
		}
		if (rest.regionMatches(true, 0, "snan", 0, 4)) {
			return AmpDecimal.nan(negative, true, payload(rest, 4));
		}
		int intEnd = scanPlainDigits(s, pos);
		String intDigits = s.substring(pos, intEnd);
		pos = intEnd;
		String fracDigits = "";
		if (pos < s.length() && s.charAt(pos) == '.') {
			int fracEnd = scanPlainDigits(s, pos + 1);
			fracDigits = s.substring(pos + 1, fracEnd);
			pos = fracEnd;
		}
		if (intDigits.isEmpty() && fracDigits.isEmpty()) {
			throw new NumberFormatException("invalid literal for Decimal");
		}
		BigInteger exponent = BigInteger.ZERO;
		if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
			pos++;
			boolean negativeExponent = s.startsWith("-", pos);
			pos += signLength(s, pos);
			int expEnd = scanPlainDigits(s, pos);
			if (expEnd == pos || expEnd != s.length()) {
				throw new NumberFormatException("invalid literal for Decimal");
			}
			exponent = parseDigits(s.substring(pos, expEnd));
			if (negativeExponent) {
				exponent = exponent.negate();
			}
			pos = expEnd;
		}
		if (pos != s.length()) {
			throw new NumberFormatException("invalid literal for Decimal");
		}
		BigInteger scale = BigInteger.valueOf(fracDigits.length()).subtract(exponent);
		if (scale.bitLength() > 31) {
			throw new NumberFormatException("Decimal exponent out of the range of java.math.BigDecimal");
		}
		BigInteger unscaled = parseDigits(intDigits + fracDigits);
		BigDecimal value = new BigDecimal(negative ? unscaled.negate() : unscaled, scale.intValue());
		return (negative && unscaled.signum() == 0) ? AmpDecimal.negativeZero(value.scale()) : AmpDecimal.of(value);
	}

	private static int scanPlainDigits(String s, int pos) {
		while (pos < s.length() && isDigit(s.charAt(pos))) {
			pos++;
		}
		return pos;
	}

	private static BigInteger payload(String rest, int from) {
		if (from == rest.length()) {
			return BigInteger.ZERO;
		}
		if (scanPlainDigits(rest, from) != rest.length()) {
			throw new NumberFormatException("invalid literal for Decimal");
		}
		return parseDigits(rest.substring(from));
	}

	/**
	 * An integer with more digits than {@link #maxIntDigits()}: Python's
	 * {@code ValueError: Exceeds the limit (4300 digits) for integer string conversion}.
	 */
	static final class TooManyDigitsException extends NumberFormatException {

		private static final long serialVersionUID = 1L;

		TooManyDigitsException(String message) {
			super(message);
		}

	}

}
