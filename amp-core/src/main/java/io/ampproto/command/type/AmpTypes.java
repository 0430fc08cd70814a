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

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The built-in AMP argument types of Twisted's {@code twisted.protocols.amp}, with the
 * same wire bytes and the same leniency when parsing.
 * <p>
 * Every type is stateless and thread-safe. Decoding errors are
 * {@link AmpArgumentException}s, and so are values that cannot be encoded.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpTypes {

	/** Python 3.11's limit on the digits of an integer parsed, the default here too. */
	public static final int DEFAULT_MAX_INTEGER_DIGITS = PythonSyntax.DEFAULT_MAX_INT_DIGITS;

	/**
	 * {@code Integer}: decimal ASCII, unbounded when sent. Decoding accepts what Python's
	 * {@code int()} accepts: surrounding whitespace, a {@code +} or {@code -} sign and
	 * single underscores between digits, and at most {@link #maxIntegerDigits()} digits
	 * (4300 by default, as Python 3.11 and so Twisted: parsing takes more than linear
	 * time).
	 */
	public static final AmpArgumentType<BigInteger> INTEGER = new BigIntegerType();

	/**
	 * {@code Integer} as a {@code long}; a received value out of its range is an
	 * {@link AmpArgumentException}.
	 */
	public static final AmpArgumentType<Long> LONG = new LongType();

	/**
	 * {@code Integer} as an {@code int}; a received value out of its range is an
	 * {@link AmpArgumentException}.
	 */
	public static final AmpArgumentType<Integer> INT = new IntType();

	/**
	 * {@code String}: the bytes, unchanged (arrays are copied both ways).
	 */
	public static final AmpArgumentType<byte[]> STRING = new BytesType();

	/**
	 * {@code Unicode}: strict UTF-8 both ways; malformed bytes, encoded surrogates and
	 * lone surrogates in a Java string are errors.
	 */
	public static final AmpArgumentType<String> UNICODE = new UnicodeType();

	/**
	 * {@code Path}: the UTF-8 of the path's text form. Unlike Twisted, a received relative
	 * path is kept relative.
	 */
	public static final AmpArgumentType<Path> PATH = new PathType();

	/**
	 * {@code Float}: Python's {@code repr(float)} ({@code 0.1}, {@code 100.0},
	 * {@code 1e+16}, {@code 5e-324}, {@code nan}, {@code inf}, {@code -0.0}); decoding is
	 * Python's {@code float()}.
	 */
	public static final AmpArgumentType<Double> FLOAT = new FloatType();

	/**
	 * {@code Boolean}: exactly {@code True} or {@code False}.
	 */
	public static final AmpArgumentType<Boolean> BOOLEAN = new BooleanType();

	/**
	 * {@code DateTime}: {@code YYYY-MM-DDTHH:MM:SS.ffffffSHH:MM} with the value's own
	 * local time and offset; UTC is sent as {@code -00:00}, offsets are floored to whole
	 * minutes, nanoseconds truncated to microseconds, and years must be 1..9999. A
	 * received offset beyond ±18:00 (which Python allows) is an
	 * {@link AmpArgumentException}.
	 */
	public static final AmpArgumentType<OffsetDateTime> DATETIME = new DateTimeType();

	/**
	 * {@code Decimal} as a {@link BigDecimal}, sent as {@link BigDecimal#toString()}
	 * (identical to Python's {@code str}). Received NaNs and infinities are an
	 * {@link AmpArgumentException} (use {@link #AMP_DECIMAL}), and {@code -0} becomes
	 * zero.
	 */
	public static final AmpArgumentType<BigDecimal> DECIMAL = new BigDecimalType();

	/**
	 * {@code Decimal} as an {@link AmpDecimal}, which holds every value Python can send.
	 */
	public static final AmpArgumentType<AmpDecimal> AMP_DECIMAL = new AmpDecimalType();

	/**
	 * {@code Descriptor}: a file descriptor passed over a UNIX domain socket; the box
	 * value is its decimal ordinal on the connection. It needs a connection that passes
	 * descriptors, and cannot be an element of a {@code ListOf}.
	 */
	public static final AmpArgumentType<AmpDescriptor> DESCRIPTOR = new AmpDescriptorType();

	private static final Map<Class<?>, AmpArgumentType<?>> DEFAULTS = Map.ofEntries(
			Map.entry(BigInteger.class, INTEGER), Map.entry(long.class, LONG), Map.entry(Long.class, LONG),
			Map.entry(int.class, INT), Map.entry(Integer.class, INT), Map.entry(byte[].class, STRING),
			Map.entry(String.class, UNICODE), Map.entry(Path.class, PATH), Map.entry(double.class, FLOAT),
			Map.entry(Double.class, FLOAT), Map.entry(boolean.class, BOOLEAN), Map.entry(Boolean.class, BOOLEAN),
			Map.entry(OffsetDateTime.class, DATETIME), Map.entry(BigDecimal.class, DECIMAL),
			Map.entry(AmpDecimal.class, AMP_DECIMAL), Map.entry(AmpDescriptor.class, DESCRIPTOR));

	private AmpTypes() {
	}

	/**
	 * Return Twisted's {@code ListOf(elementType)}: per element a 16-bit big-endian length
	 * and its bytes. An empty list is an empty value. On decoding, a truncated trailing
	 * element is ignored as Twisted does, and an empty element goes to the element type.
	 * @param <E> the element type
	 * @param elementType the type of the elements
	 * @return the list type; decoded lists are unmodifiable
	 */
	public static <E> AmpArgumentType<List<E>> listOf(AmpArgumentType<E> elementType) {
		return new ListOfType<>(elementType);
	}

	/**
	 * Return Twisted's {@code AmpList}: one complete box per row, back to back. An empty
	 * list is an empty value, and an empty box is a valid row. On decoding, a trailing
	 * incomplete box is ignored as Twisted does.
	 * @param <R> the row type
	 * @param mapper converts rows to and from boxes
	 * @return the list type; decoded lists are unmodifiable
	 */
	public static <R> AmpArgumentType<List<R>> ampList(AmpBoxMapper<R> mapper) {
		return new AmpListType<>(mapper);
	}

	/**
	 * Return the element type of a {@link #listOf(AmpArgumentType) ListOf} type, for
	 * tools that describe commands.
	 * @param type an argument type
	 * @return its element type, or {@code null} when it is not a {@code ListOf}
	 */
	public static @Nullable AmpArgumentType<?> elementTypeOf(AmpArgumentType<?> type) {
		return (type instanceof ListOfType<?> listOf) ? listOf.elementType() : null;
	}

	/**
	 * Return the row mapper of an {@link #ampList(AmpBoxMapper) AmpList} type, for tools
	 * that describe commands.
	 * @param type an argument type
	 * @return its row mapper, or {@code null} when it is not an {@code AmpList}
	 */
	public static @Nullable AmpBoxMapper<?> rowMapperOf(AmpArgumentType<?> type) {
		return (type instanceof AmpListType<?> ampList) ? ampList.mapper() : null;
	}

	/**
	 * Return the default argument type of a Java type: {@link BigInteger}, {@code long},
	 * {@code int}, {@code byte[]}, {@link String}, {@link Path}, {@code double},
	 * {@code boolean} (primitive or boxed), {@link OffsetDateTime}, {@link BigDecimal},
	 * {@link AmpDecimal}, {@link AmpDescriptor}, and {@code List<X>} of any of these but
	 * descriptors (nested lists included).
	 * @param type the Java type, possibly generic
	 * @return the argument type, or {@code null} when there is no default
	 */
	public static @Nullable AmpArgumentType<?> defaultFor(Type type) {
		if (type instanceof Class<?> cls) {
			return DEFAULTS.get(cls);
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
			Type element = parameterized.getActualTypeArguments()[0];
			if (element instanceof WildcardType wildcard) {
				if (wildcard.getLowerBounds().length > 0 || wildcard.getUpperBounds().length != 1) {
					return null;
				}
				element = wildcard.getUpperBounds()[0];
			}
			AmpArgumentType<?> elementType = defaultFor(element);
			// Twisted's ListOf has no connection to pass descriptors on.
			return (elementType != null && elementType != DESCRIPTOR) ? listOf(elementType) : null;
		}
		return null;
	}

	/**
	 * Return the most digits of an integer parsed ({@link #INTEGER}, {@link #LONG},
	 * {@link #INT}, and the fields of {@link #DATETIME}); more is a bad value.
	 * @return the limit, 0 for none
	 */
	public static int maxIntegerDigits() {
		return PythonSyntax.maxIntDigits();
	}

	/**
	 * Set the most digits of an integer parsed, for the whole process, as Python's
	 * {@code sys.set_int_max_str_digits()}.
	 * @param digits the limit, 0 for none
	 */
	public static void setMaxIntegerDigits(int digits) {
		PythonSyntax.maxIntDigits(digits);
	}

}
