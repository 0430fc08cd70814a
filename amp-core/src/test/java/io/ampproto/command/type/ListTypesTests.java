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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpTooLongException;
import org.junit.jupiter.api.Test;

import static io.ampproto.command.type.TypeTestSupport.decode;
import static io.ampproto.command.type.TypeTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AmpTypes#listOf} and {@link AmpTypes#ampList}.
 *
 * @author AMP for Spring Boot contributors
 */
class ListTypesTests {

	private static final AmpArgumentType<List<BigInteger>> INTEGERS = AmpTypes.listOf(AmpTypes.INTEGER);

	private static final AmpArgumentType<List<AmpBox>> BOXES = AmpTypes.ampList(new IdentityMapper());

	@Test
	void listOfIgnoresATruncatedTrailingElement() {
		assertThat(decode(INTEGERS, hex("00013100013200"))).containsExactly(BigInteger.ONE, BigInteger.TWO);
		assertThat(decode(INTEGERS, hex("000131000561"))).containsExactly(BigInteger.ONE);
		assertThat(decode(INTEGERS, hex("00013100056162"))).containsExactly(BigInteger.ONE);
		assertThat(decode(INTEGERS, hex("00"))).isEmpty();
		assertThat(decode(INTEGERS, hex("ffff"))).isEmpty();
	}

	@Test
	void listOfPassesEmptyElementsToTheElementType() {
		assertThat(decode(AmpTypes.listOf(AmpTypes.UNICODE), hex("00000000"))).containsExactly("", "");
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(INTEGERS, hex("0000")))
			.withMessageStartingWith("Bad Integer value");
	}

	@Test
	void listOfRefusesAnElementLongerThanItsPrefixCanHold() {
		AmpArgumentType<List<byte[]>> type = AmpTypes.listOf(AmpTypes.STRING);
		assertThat(type.encode(List.of(new byte[65535]))).hasSize(65537);
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> type.encode(List.of(new byte[65536])))
			.withMessageContaining("65536 bytes");
	}

	@Test
	void listOfRefusesNullElements() {
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> INTEGERS.encode(Arrays.asList(BigInteger.ONE, null)));
	}

	@Test
	void listOfNestsAndNamesItself() {
		AmpArgumentType<List<List<BigInteger>>> nested = AmpTypes.listOf(INTEGERS);
		List<List<BigInteger>> value = List.of(List.of(BigInteger.ONE), List.of(), List.of(BigInteger.TEN));
		assertThat(hex(nested.encode(value))).isEqualTo("0003000131" + "0000" + "000400023130");
		assertThat(decode(nested, nested.encode(value))).isEqualTo(value);
		assertThat(nested.name()).isEqualTo("ListOf(ListOf(Integer))");
		assertThat(nested.javaType()).isEqualTo(List.class);
	}

	@Test
	void decodedListsAreUnmodifiable() {
		List<BigInteger> list = decode(INTEGERS, hex("000131"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> list.add(BigInteger.TWO));
	}

	@Test
	void ampListDropsATrailingPartialBox() {
		String box = "000161000137" + "0000";
		assertThat(decode(BOXES, hex(box + "000161"))).containsExactly(AmpBox.of("a", "7"));
		assertThat(decode(BOXES, hex(box + "0001610001"))).containsExactly(AmpBox.of("a", "7"));
		assertThat(decode(BOXES, hex(box + "000161000137"))).containsExactly(AmpBox.of("a", "7"));
		assertThat(decode(BOXES, hex(box + "00"))).containsExactly(AmpBox.of("a", "7"));
	}

	@Test
	void ampListAcceptsEmptyBoxes() {
		assertThat(decode(BOXES, hex("0000"))).containsExactly(AmpBox.empty());
		assertThat(hex(BOXES.encode(List.of(AmpBox.empty())))).isEqualTo("0000");
		assertThat(decode(BOXES, hex("00000000"))).containsExactly(AmpBox.empty(), AmpBox.empty());
		assertThat(decode(BOXES, new byte[0])).isEmpty();
		assertThat(BOXES.encode(List.of())).isEmpty();
	}

	@Test
	void ampListSortsTheKeysOfEachRow() {
		AmpBox row = AmpBox.builder().put("b", "2").put("a", "1").build();
		assertThat(hex(BOXES.encode(List.of(row)))).isEqualTo("000161000131" + "000162000132" + "0000");
	}

	@Test
	void ampListTurnsAKeyLengthViolationIntoAnArgumentError() {
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(BOXES, hex("0100")))
			.withMessageStartingWith("Bad AmpList value")
			.withCauseInstanceOf(AmpTooLongException.class);
	}

	@Test
	void ampListReportsRowsThatBreakTheBoxLimitsAsTooLong() {
		AmpBox row = AmpBox.builder().put("a", new byte[65536]).build();
		assertThatExceptionOfType(AmpTooLongException.class).isThrownBy(() -> BOXES.encode(List.of(row)))
			.satisfies((ex) -> assertThat(ex.isLocal()).isTrue());
	}

	@Test
	void ampListPassesRowErrorsThrough() {
		AmpArgumentType<List<BigInteger>> type = AmpTypes.ampList(new AmpBoxMapper<>() {

			@Override
			public AmpBox toBox(BigInteger row) {
				return AmpBox.builder().put("n", AmpTypes.INTEGER.encode(row)).build();
			}

			@Override
			public BigInteger fromBox(AmpBox box) {
				if (!box.containsKey("n")) {
					throw new AmpArgumentException("Missing n");
				}
				return AmpTypes.INTEGER.decode(box.getBuffer("n"));
			}

		});
		List<BigInteger> rows = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			rows.add(BigInteger.valueOf(i * 1000L));
		}
		assertThat(decode(type, type.encode(rows))).isEqualTo(rows);
		assertThatExceptionOfType(AmpArgumentException.class).isThrownBy(() -> decode(type, hex("0000")))
			.withMessage("Missing n");
	}

	/**
	 * Rows that are the boxes themselves.
	 */
	static final class IdentityMapper implements AmpBoxMapper<AmpBox> {

		@Override
		public AmpBox toBox(AmpBox row) {
			return row;
		}

		@Override
		public AmpBox fromBox(AmpBox box) {
			return box;
		}

	}

}
