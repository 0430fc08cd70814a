/*
 * Copyright 2012-present the original author or authors.
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
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double exactly as Python 3's {@code repr(float)}: the shortest digit string
 * that reads back as the same double (the nearest one when several are that short),
 * positional for decimal exponents -4..15, exponential otherwise.
 *
 * @author AMP for Spring Boot contributors
 */
final class PythonFloatRepr {

	private static final MathContext[] CONTEXTS = new MathContext[18];

	static {
		for (int p = 1; p < CONTEXTS.length; p++) {
			CONTEXTS[p] = new MathContext(p, RoundingMode.HALF_EVEN);
		}
	}

	private PythonFloatRepr() {
	}

	static String repr(double value) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "inf" : "-inf";
		}
		boolean negative = (Double.doubleToRawLongBits(value) < 0);
		if (value == 0.0) {
			return negative ? "-0.0" : "0.0";
		}
		BigDecimal shortest = shortest(Math.abs(value));
		String digits = shortest.unscaledValue().toString();
		int exponent = digits.length() - 1 - shortest.scale();
		StringBuilder out = new StringBuilder(32);
		if (negative) {
			out.append('-');
		}
		if (exponent >= -4 && exponent < 16) {
			appendPositional(out, digits, exponent);
		}
		else {
			appendExponential(out, digits, exponent);
		}
		return out.toString();
	}

	/**
	 * Return the shortest decimal that rounds to {@code value}, with trailing zeros
	 * stripped.
	 */
	private static BigDecimal shortest(double value) {
		BigDecimal exact = new BigDecimal(value);
		int first = 1;
		if (value >= Double.MIN_NORMAL) {
			// Any decimal of at most 15 digits survives decimal -> double -> 15 digits
			// (DBL_DIG), so if a decimal that short reads back as this normal double, it is
			// the nearest 15-digit one with zeros stripped; if that one fails, none do.
			BigDecimal nearest15 = exact.round(CONTEXTS[15]);
			if (nearest15.doubleValue() == value) {
				return nearest15.stripTrailingZeros();
			}
			first = 16;
		}
		for (int p = first; p <= 17; p++) {
			BigDecimal nearest = exact.round(CONTEXTS[p]);
			if (nearest.doubleValue() == value) {
				return nearest.stripTrailingZeros();
			}
			// At a power of two the interval that rounds to the value is narrower below it
			// than above, so the nearest p-digit decimal can miss while its neighbour on the
			// wide side still rounds to the value. Python's dtoa picks such a neighbour.
			BigDecimal best = null;
			for (BigDecimal candidate : new BigDecimal[] { up(nearest), down(nearest) }) {
				if (candidate.signum() > 0 && candidate.doubleValue() == value && (best == null
						|| candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
					best = candidate;
				}
			}
			if (best != null) {
				return best.stripTrailingZeros();
			}
		}
		throw new IllegalStateException("No 17-digit decimal rounds to " + value);
	}

	/**
	 * The next decimal above on the same p-digit grid.
	 */
	private static BigDecimal up(BigDecimal nearest) {
		return new BigDecimal(nearest.unscaledValue().add(BigInteger.ONE), nearest.scale());
	}

	/**
	 * The next decimal below on the p-digit grid, which is ten times finer below a power
	 * of ten (below 1.00 comes 0.999, not 0.99).
	 */
	private static BigDecimal down(BigDecimal nearest) {
		BigInteger unscaled = nearest.unscaledValue();
		int precision = nearest.precision();
		if (unscaled.equals(BigInteger.TEN.pow(precision - 1))) {
			return new BigDecimal(unscaled.multiply(BigInteger.TEN).subtract(BigInteger.ONE), nearest.scale() + 1);
		}
		return new BigDecimal(unscaled.subtract(BigInteger.ONE), nearest.scale());
	}

	private static void appendPositional(StringBuilder out, String digits, int exponent) {
		int n = digits.length();
		if (exponent < 0) {
			out.append("0.");
			out.append("0".repeat(-exponent - 1));
			out.append(digits);
		}
		else if (exponent >= n - 1) {
			out.append(digits);
			out.append("0".repeat(exponent - (n - 1)));
			out.append(".0");
		}
		else {
			out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, n);
		}
	}

	private static void appendExponential(StringBuilder out, String digits, int exponent) {
		out.append(digits.charAt(0));
		if (digits.length() > 1) {
			out.append('.').append(digits, 1, digits.length());
		}
		out.append('e').append((exponent < 0) ? '-' : '+');
		int magnitude = Math.abs(exponent);
		if (magnitude < 10) {
			out.append('0');
		}
		out.append(magnitude);
	}

}
