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
import java.math.MathContext;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

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

	/** The powers of ten that doubles hold exactly. */
	private static final double[] EXACT_POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
			1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	private static final long TEN_TO_15 = 1_000_000_000_000_000L;

	private PythonFloatRepr() {
	}

	/**
	 * Return {@link #repr(double)} as ASCII bytes.
	 */
	static byte[] reprBytes(double value) {
		byte[] fast = shortDecimal(value);
		return (fast != null) ? fast : AmpTypeSupport.ascii(repr(value));
	}

	/**
	 * The repr of a double that a decimal of at most 15 digits reads back as (most
	 * values people write, such as {@code 0.1} or {@code 3.14159}), without big numbers;
	 * {@code null} for the others.
	 * <p>
	 * No two decimals of at most 15 digits read back as the same normal double (DBL_DIG),
	 * so such a decimal, zeros stripped, is the shortest that does: Python's repr. The
	 * candidate is the value scaled to 15 digits in double arithmetic (which may be off);
	 * whether it reads back as the value is then checked exactly, as Clinger's fast path
	 * does: an integer below 2^53 and a power of ten up to 10^22 are exact doubles, so one
	 * multiplication or division rounds their exact product or quotient once, as parsing
	 * does.
	 */
	private static byte @Nullable [] shortDecimal(double value) {
		double magnitude = Math.abs(value);
		// Also false for NaN. Keeps the exponent of the 15th digit within -22..22.
		if (!(magnitude >= 1e-8 && magnitude < 1e37)) {
			return null;
		}
		int exponent = (int) Math.floor(Math.log10(magnitude));
		int scale = exponent - 14;
		if (scale < -22 || scale > 22) {
			return null;
		}
		long digits = Math.round((scale < 0) ? magnitude * EXACT_POWERS_OF_TEN[-scale]
				: magnitude / EXACT_POWERS_OF_TEN[scale]);
		if (digits <= 0 || digits >= TEN_TO_15) {
			return null;
		}
		double back = (scale < 0) ? digits / EXACT_POWERS_OF_TEN[-scale] : digits * EXACT_POWERS_OF_TEN[scale];
		if (back != magnitude) {
			return null;
		}
		while (digits % 10 == 0) {
			digits /= 10;
			scale++;
		}
		int count = 1;
		for (long rest = digits / 10; rest != 0; rest /= 10) {
			count++;
		}
		return format(value < 0, digits, count, count - 1 + scale);
	}

	/**
	 * Lay out {@code count} digits with the decimal exponent of the first one, as
	 * {@link #appendPositional} and {@link #appendExponential} do (the exponent has at
	 * most two digits here).
	 */
	private static byte[] format(boolean negative, long digits, int count, int exponent) {
		int sign = negative ? 1 : 0;
		byte[] out;
		if (exponent < 0 && exponent >= -4) {
			// 0.000ddd
			out = new byte[sign + 1 - exponent + count];
			out[sign] = '0';
			out[sign + 1] = '.';
			for (int i = sign + 2; i < out.length - count; i++) {
				out[i] = '0';
			}
			writeDigits(out, out.length - count, out.length - 1, -1, digits);
		}
		else if (exponent >= count - 1 && exponent < 16) {
			// ddd000.0
			out = new byte[sign + exponent + 3];
			writeDigits(out, sign, sign + count - 1, -1, digits);
			for (int i = sign + count; i < out.length - 2; i++) {
				out[i] = '0';
			}
			out[out.length - 2] = '.';
			out[out.length - 1] = '0';
		}
		else if (exponent >= 0 && exponent < 16) {
			// ddd.ddd
			out = new byte[sign + count + 1];
			writeDigits(out, sign, out.length - 1, sign + exponent + 1, digits);
		}
		else {
			// d.ddde+XX
			int mantissa = (count > 1) ? count + 1 : 1;
			out = new byte[sign + mantissa + 4];
			writeDigits(out, sign, sign + mantissa - 1, sign + 1, digits);
			int magnitude = Math.abs(exponent);
			out[sign + mantissa] = 'e';
			out[sign + mantissa + 1] = (byte) ((exponent < 0) ? '-' : '+');
			out[sign + mantissa + 2] = (byte) ('0' + magnitude / 10);
			out[sign + mantissa + 3] = (byte) ('0' + magnitude % 10);
		}
		if (negative) {
			out[0] = '-';
		}
		return out;
	}

	/**
	 * Write the digits right to left over {@code first..last}, with a {@code '.'} at
	 * {@code dot} (-1 for none).
	 */
	private static void writeDigits(byte[] out, int first, int last, int dot, long digits) {
		long rest = digits;
		for (int i = last; i >= first; i--) {
			if (i == dot) {
				out[i] = '.';
				continue;
			}
			out[i] = (byte) ('0' + rest % 10);
			rest /= 10;
		}
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
