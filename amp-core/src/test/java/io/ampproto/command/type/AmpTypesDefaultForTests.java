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

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AmpTypes#defaultFor(Type)}.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpTypesDefaultForTests {

	@Test
	void mapsScalarTypes() {
		assertThat(AmpTypes.defaultFor(BigInteger.class)).isSameAs(AmpTypes.INTEGER);
		assertThat(AmpTypes.defaultFor(long.class)).isSameAs(AmpTypes.LONG);
		assertThat(AmpTypes.defaultFor(Long.class)).isSameAs(AmpTypes.LONG);
		assertThat(AmpTypes.defaultFor(int.class)).isSameAs(AmpTypes.INT);
		assertThat(AmpTypes.defaultFor(Integer.class)).isSameAs(AmpTypes.INT);
		assertThat(AmpTypes.defaultFor(byte[].class)).isSameAs(AmpTypes.STRING);
		assertThat(AmpTypes.defaultFor(String.class)).isSameAs(AmpTypes.UNICODE);
		assertThat(AmpTypes.defaultFor(Path.class)).isSameAs(AmpTypes.PATH);
		assertThat(AmpTypes.defaultFor(double.class)).isSameAs(AmpTypes.FLOAT);
		assertThat(AmpTypes.defaultFor(Double.class)).isSameAs(AmpTypes.FLOAT);
		assertThat(AmpTypes.defaultFor(boolean.class)).isSameAs(AmpTypes.BOOLEAN);
		assertThat(AmpTypes.defaultFor(Boolean.class)).isSameAs(AmpTypes.BOOLEAN);
		assertThat(AmpTypes.defaultFor(OffsetDateTime.class)).isSameAs(AmpTypes.DATETIME);
		assertThat(AmpTypes.defaultFor(BigDecimal.class)).isSameAs(AmpTypes.DECIMAL);
		assertThat(AmpTypes.defaultFor(AmpDecimal.class)).isSameAs(AmpTypes.AMP_DECIMAL);
	}

	@Test
	void mapsListsOfKnownTypes() throws NoSuchFieldException {
		assertThat(AmpTypes.defaultFor(fieldType("integers"))).extracting(AmpArgumentType::name)
			.isEqualTo("ListOf(Integer(int))");
		assertThat(AmpTypes.defaultFor(fieldType("nested"))).extracting(AmpArgumentType::name)
			.isEqualTo("ListOf(ListOf(Unicode))");
		assertThat(AmpTypes.defaultFor(fieldType("wildcard"))).extracting(AmpArgumentType::name)
			.isEqualTo("ListOf(Decimal)");
	}

	@Test
	void returnsNullWithoutADefault() throws NoSuchFieldException {
		assertThat(AmpTypes.defaultFor(Object.class)).isNull();
		assertThat(AmpTypes.defaultFor(short.class)).isNull();
		assertThat(AmpTypes.defaultFor(float.class)).isNull();
		assertThat(AmpTypes.defaultFor(List.class)).isNull();
		assertThat(AmpTypes.defaultFor(fieldType("unknownElements"))).isNull();
		assertThat(AmpTypes.defaultFor(fieldType("set"))).isNull();
		assertThat(AmpTypes.defaultFor(fieldType("map"))).isNull();
		assertThat(AmpTypes.defaultFor(fieldType("anything"))).isNull();
		assertThat(AmpTypes.defaultFor(fieldType("superBound"))).isNull();
	}

	private static Type fieldType(String name) throws NoSuchFieldException {
		return Fields.class.getDeclaredField(name).getGenericType();
	}

	@SuppressWarnings("unused")
	static class Fields {

		List<Integer> integers;

		List<List<String>> nested;

		List<? extends BigDecimal> wildcard;

		List<Object> unknownElements;

		Set<String> set;

		Map<String, String> map;

		List<?> anything;

		List<? super Integer> superBound;

	}

}
