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

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ampproto.command.AmpRecordMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of every built-in argument type's parser: any bytes either decode to a value
 * or fail with an {@link AmpArgumentException} (no other exception escapes), the input is
 * left untouched, and a decoded value encodes to bytes that decode to the same value and
 * encode to the same bytes again.
 */
class AmpTypesFuzzTest {

	record Row(String k, BigInteger v) {
	}

	static final List<AmpArgumentType<?>> TYPES = List.of(AmpTypes.INTEGER, AmpTypes.LONG, AmpTypes.INT,
			AmpTypes.STRING, AmpTypes.UNICODE, AmpTypes.PATH, AmpTypes.FLOAT, AmpTypes.BOOLEAN, AmpTypes.DATETIME,
			AmpTypes.DECIMAL, AmpTypes.AMP_DECIMAL, AmpTypes.listOf(AmpTypes.INTEGER), AmpTypes.listOf(AmpTypes.UNICODE),
			AmpTypes.listOf(AmpTypes.listOf(AmpTypes.FLOAT)), AmpTypes.listOf(AmpTypes.STRING),
			AmpTypes.ampList(AmpRecordMapper.of(Row.class)));

	@FuzzTest
	void anyBytesDecodeToAValueThatRoundTripsOrFailWithAnArgumentException(FuzzedDataProvider data) {
		AmpArgumentType<?> type = TYPES.get(data.consumeInt(0, TYPES.size() - 1));
		roundTrip(type, data.consumeRemainingAsBytes());
	}

	private static <T> void roundTrip(AmpArgumentType<T> type, byte[] bytes) {
		byte[] original = bytes.clone();
		ByteBuffer view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
		T value;
		try {
			value = type.decode(view);
		}
		catch (AmpArgumentException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		finally {
			assertThat(view.position()).as("position of the input").isZero();
			assertThat(bytes).as("input bytes").isEqualTo(original);
		}
		assertThat(value).isNotNull();
		assertThat(type.javaType().isInstance(value)).as("%s is a %s", value.getClass(), type.javaType()).isTrue();
		byte[] encoded = type.encode(value);
		T again = type.decode(ByteBuffer.wrap(encoded).asReadOnlyBuffer());
		assertThat(same(again, value)).as("%s: %s decoded from %s, then %s", type.name(), value,
				Arrays.toString(bytes), again).isTrue();
		assertThat(type.encode(again)).as("%s: canonical bytes", type.name()).isEqualTo(encoded);
	}

	private static boolean same(Object a, Object b) {
		if (a instanceof byte[] x && b instanceof byte[] y) {
			return Arrays.equals(x, y);
		}
		if (a instanceof List<?> x && b instanceof List<?> y) {
			if (x.size() != y.size()) {
				return false;
			}
			for (int i = 0; i < x.size(); i++) {
				if (!same(x.get(i), y.get(i))) {
					return false;
				}
			}
			return true;
		}
		return a.equals(b);
	}

}
