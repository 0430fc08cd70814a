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
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Every value a Python {@code decimal.Decimal} can put on the wire, which
 * {@link BigDecimal} alone cannot: negative zero, quiet and signalling NaNs (with sign
 * and payload) and the two infinities.
 * <p>
 * The Java form of each Python value:
 * <table>
 * <caption>Python values and their Java form</caption>
 * <tr><th>Python {@code str()}</th><th>Java</th></tr>
 * <tr><td>{@code 1.10}, {@code 1E+2}, {@code -3.141E-7}</td><td>{@code AmpDecimal.of(new BigDecimal("1.10"))}, ...
 * (the scale is kept)</td></tr>
 * <tr><td>{@code -0}, {@code -0.00}, {@code -0E+3}</td><td>{@code AmpDecimal.negativeZero(0)}, {@code negativeZero(2)},
 * {@code negativeZero(-3)}</td></tr>
 * <tr><td>{@code NaN}, {@code -NaN}, {@code NaN123}</td><td>{@code AmpDecimal.nan()},
 * {@code nan(true, false, ZERO)}, {@code nan(false, false, BigInteger.valueOf(123))}</td></tr>
 * <tr><td>{@code sNaN}, {@code -sNaN}</td><td>{@code AmpDecimal.signalingNan()},
 * {@code nan(true, true, ZERO)}</td></tr>
 * <tr><td>{@code Infinity}, {@code -Infinity}</td><td>{@code positiveInfinity()},
 * {@code negativeInfinity()}</td></tr>
 * </table>
 * <p>
 * {@link #toString()} is Python's {@code str()}, which is also the wire form. For finite
 * values it is {@link BigDecimal#toString()}, which follows the same rules. Equality is
 * by representation, like {@link BigDecimal#equals}: {@code 1.0} and {@code 1.00}
 * differ, {@code -0} and {@code 0} differ, and a NaN equals a NaN of the same sign,
 * kind and payload. This is unlike Python's numeric {@code ==}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpDecimal {

	private static final AmpDecimal NAN = new AmpDecimal(Kind.NAN, false, null, BigInteger.ZERO);

	private static final AmpDecimal SIGNALING_NAN = new AmpDecimal(Kind.SIGNALING_NAN, false, null, BigInteger.ZERO);

	private static final AmpDecimal POSITIVE_INFINITY = new AmpDecimal(Kind.INFINITY, false, null, BigInteger.ZERO);

	private static final AmpDecimal NEGATIVE_INFINITY = new AmpDecimal(Kind.INFINITY, true, null, BigInteger.ZERO);

	private final Kind kind;

	private final boolean negative;

	// The finite value; for negative zero, zero with the same scale.
	private final @Nullable BigDecimal value;

	private final BigInteger payload;

	private AmpDecimal(Kind kind, boolean negative, @Nullable BigDecimal value, BigInteger payload) {
		this.kind = kind;
		this.negative = negative;
		this.value = value;
		this.payload = payload;
	}

	/**
	 * Return the finite decimal of a {@link BigDecimal}, keeping its scale.
	 * @param value the value
	 * @return the decimal
	 */
	public static AmpDecimal of(BigDecimal value) {
		Objects.requireNonNull(value, "'value' must not be null");
		return new AmpDecimal(Kind.FINITE, value.signum() < 0, value, BigInteger.ZERO);
	}

	/**
	 * Return Python's negative zero with the given scale: {@code -0} for 0,
	 * {@code -0.00} for 2, {@code -0E+3} for -3.
	 * @param scale the scale, as in {@link BigDecimal#scale()}
	 * @return the negative zero
	 */
	public static AmpDecimal negativeZero(int scale) {
		return new AmpDecimal(Kind.FINITE, true, BigDecimal.valueOf(0, scale), BigInteger.ZERO);
	}

	/**
	 * Return the quiet NaN, {@code NaN}.
	 * @return the quiet NaN
	 */
	public static AmpDecimal nan() {
		return NAN;
	}

	/**
	 * Return the signalling NaN, {@code sNaN}.
	 * @return the signalling NaN
	 */
	public static AmpDecimal signalingNan() {
		return SIGNALING_NAN;
	}

	/**
	 * Return a NaN with a sign and a payload, such as {@code -sNaN} or {@code NaN123}.
	 * @param negative whether the sign is negative
	 * @param signaling whether it is a signalling NaN
	 * @param payload the diagnostic payload, zero for none
	 * @return the NaN
	 */
	public static AmpDecimal nan(boolean negative, boolean signaling, BigInteger payload) {
		Objects.requireNonNull(payload, "'payload' must not be null");
		if (payload.signum() < 0) {
			throw new IllegalArgumentException("A NaN payload must not be negative");
		}
		return new AmpDecimal(signaling ? Kind.SIGNALING_NAN : Kind.NAN, negative, null, payload);
	}

	/**
	 * Return {@code Infinity}.
	 * @return positive infinity
	 */
	public static AmpDecimal positiveInfinity() {
		return POSITIVE_INFINITY;
	}

	/**
	 * Return {@code -Infinity}.
	 * @return negative infinity
	 */
	public static AmpDecimal negativeInfinity() {
		return NEGATIVE_INFINITY;
	}

	/**
	 * Parse text as Python's {@code decimal.Decimal(str)} does: surrounding whitespace,
	 * underscores, {@code inf}, {@code infinity}, {@code nan}, {@code snan} (any case,
	 * with a sign and, for NaNs, payload digits) and exponents are accepted.
	 * @param text the text (ASCII)
	 * @return the decimal
	 * @throws NumberFormatException if Python would reject the text, or a finite
	 * value's exponent does not fit a {@link BigDecimal} scale
	 */
	public static AmpDecimal parse(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) >= 0x80) {
				throw new NumberFormatException("Decimal text must be ASCII");
			}
		}
		return PythonSyntax.parseDecimal(text);
	}

	/**
	 * Return whether this is a NaN, quiet or signalling.
	 * @return whether this is a NaN
	 */
	public boolean isNaN() {
		return this.kind == Kind.NAN || this.kind == Kind.SIGNALING_NAN;
	}

	/**
	 * Return whether this is a signalling NaN.
	 * @return whether this is {@code sNaN} or {@code -sNaN}
	 */
	public boolean isSignaling() {
		return this.kind == Kind.SIGNALING_NAN;
	}

	/**
	 * Return whether this is positive or negative infinity.
	 * @return whether this is infinite
	 */
	public boolean isInfinite() {
		return this.kind == Kind.INFINITY;
	}

	/**
	 * Return whether this is a finite number (negative zero included).
	 * @return whether this is finite
	 */
	public boolean isFinite() {
		return this.kind == Kind.FINITE;
	}

	/**
	 * Return whether the sign is negative. This holds for {@code -0}, {@code -NaN} and
	 * {@code -Infinity} as well as for negative numbers.
	 * @return whether the sign is negative
	 */
	public boolean isNegative() {
		return this.negative;
	}

	/**
	 * Return the diagnostic payload of a NaN.
	 * @return the payload, zero when there is none or this is not a NaN
	 */
	public BigInteger payload() {
		return this.payload;
	}

	/**
	 * Return the finite value as a {@link BigDecimal}. Negative zero gives zero with the
	 * same scale.
	 * @return the value
	 * @throws ArithmeticException if this is a NaN or an infinity
	 */
	public BigDecimal toBigDecimal() {
		if (this.value == null) {
			throw new ArithmeticException("Decimal " + this + " has no BigDecimal value");
		}
		return this.value;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof AmpDecimal other) && this.kind == other.kind && this.negative == other.negative
				&& Objects.equals(this.value, other.value) && this.payload.equals(other.payload);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.negative, this.value, this.payload);
	}

	/**
	 * Return Python's {@code str()} of this decimal, which is its wire form.
	 * @return the text
	 */
	@Override
	public String toString() {
		String sign = this.negative ? "-" : "";
		return switch (this.kind) {
			case FINITE -> (this.negative && toBigDecimal().signum() == 0) ? "-" + toBigDecimal()
					: toBigDecimal().toString();
			case INFINITY -> sign + "Infinity";
			case NAN -> sign + "NaN" + ((this.payload.signum() > 0) ? this.payload : "");
			case SIGNALING_NAN -> sign + "sNaN" + ((this.payload.signum() > 0) ? this.payload : "");
		};
	}

	private enum Kind {

		FINITE, NAN, SIGNALING_NAN, INFINITY

	}

}
