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
package io.ampproto.command;

import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.ampproto.box.AmpBox;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpArgumentType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AmpRecordMapper} and {@link AmpArgumentsMapper} building boxes.
 *
 * @author AMP for Spring Boot contributors
 */
class AmpRecordMapperTests {

	record Sum(int b, int a, @AmpArgument(name = "_z") String label) implements AmpCommand<Void> {
	}

	record Partial(Optional<String> c, @AmpArgument(optional = true) Integer a, String b) {
	}

	record Reused(@AmpArgument(custom = ReusingType.class) String value) {
	}

	/**
	 * A custom type that writes every value into the same array.
	 */
	public static final class ReusingType implements AmpArgumentType<String> {

		private final byte[] scratch = new byte[1];

		@Override
		public String name() {
			return "Reusing";
		}

		@Override
		public Class<?> javaType() {
			return String.class;
		}

		@Override
		public byte[] encode(String value) {
			this.scratch[0] = (byte) value.charAt(0);
			return this.scratch;
		}

		@Override
		public String decode(ByteBuffer value) {
			return StandardCharsets.US_ASCII.decode(value.duplicate()).toString();
		}

	}

	record TakesAsk(@AmpArgument(name = "_ask") String ask, String b) {
	}

	@Test
	void requestBoxIsTheArgumentsWithCommandAndAskInOnePass() {
		AmpCommandSchema<Partial, AmpBox> partial = AmpCommandSchema.builder("Partial")
			.arguments(Partial.class, AmpRecordMapper.of(Partial.class))
			.build();
		for (Partial row : new Partial[] { new Partial(Optional.of("c"), 1, "b"), new Partial(Optional.empty(), null, "b"),
				new Partial(Optional.empty(), 7, "\u00e9") }) {
			AmpBox arguments = AmpRecordMapper.of(Partial.class).toBox(row);
			AmpBox expected = arguments.toBuilder().put("_command", "Partial").put("_ask", "1f").build();
			AmpBox request = partial.request(row, AmpArgumentContext.NONE, "1f".getBytes(StandardCharsets.US_ASCII));
			assertThat(request).isEqualTo(expected);
			assertThat(request.keys()).isEqualTo(expected.keys());
			assertThat(partial.request(row, AmpArgumentContext.NONE, null))
				.isEqualTo(arguments.toBuilder().put("_command", "Partial").build());
		}
		// A component keyed _ask is overridden by the tag, as a builder would.
		AmpCommandSchema<TakesAsk, AmpBox> takesAsk = AmpCommandSchema.builder("T")
			.arguments(TakesAsk.class, AmpRecordMapper.of(TakesAsk.class))
			.build();
		assertThat(takesAsk.request(new TakesAsk("mine", "b"), AmpArgumentContext.NONE, new byte[] { '2' }))
			.isEqualTo(AmpBox.of("_ask", "2", "_command", "T", "b", "b"));
		byte[] tag = { '3' };
		AmpBox request = takesAsk.request(new TakesAsk("mine", "b"), AmpArgumentContext.NONE, tag);
		tag[0] = '9';
		assertThat(request.getText("_ask")).isEqualTo("3");
	}

	@Test
	void answerBoxIsTheResponseWithAnswerInOnePass() {
		AmpCommandSchema<AmpBox, Partial> schema = AmpCommandSchema.builder("P")
			.response(Partial.class, AmpRecordMapper.of(Partial.class))
			.build();
		byte[] tag = { 'a', (byte) 0xff };
		for (Partial row : new Partial[] { new Partial(Optional.of("c"), 1, "b"), new Partial(Optional.empty(), null, "b") }) {
			AmpBox expected = AmpRecordMapper.of(Partial.class).toBox(row).toBuilder().put("_answer", tag).build();
			AmpBox answer = schema.answer(row, AmpArgumentContext.NONE, tag);
			assertThat(answer).isEqualTo(expected);
			assertThat(answer.keys()).isEqualTo(expected.keys());
		}
		assertThat(schema.answer(null, AmpArgumentContext.NONE, tag))
			.isEqualTo(AmpBox.builder().put("_answer", tag).build());
		AmpCommandSchema<AmpBox, AmpBox> raw = AmpCommandSchema.builder("R").build();
		assertThat(raw.answer(AmpBox.of("z", "1"), AmpArgumentContext.NONE, new byte[] { '5' }))
			.isEqualTo(AmpBox.of("_answer", "5", "z", "1"));
	}

	@Test
	void recordBoxIsSortedWhateverTheComponentOrder() {
		AmpBox box = AmpRecordMapper.of(Sum.class).toBox(new Sum(1234, -5, "x"));
		assertThat(box.keys()).containsExactly("_z", "a", "b");
		assertThat(box).isEqualTo(AmpBox.of("a", "-5", "b", "1234", "_z", "x"));
		assertThat(AmpRecordMapper.of(Sum.class).fromBox(box)).isEqualTo(new Sum(1234, -5, "x"));
	}

	@Test
	void absentOptionalComponentsAreLeftOutAndRequiredOnesRefused() {
		AmpRecordMapper<Partial> mapper = AmpRecordMapper.of(Partial.class);
		assertThat(mapper.toBox(new Partial(Optional.empty(), null, "2"))).isEqualTo(AmpBox.of("b", "2"));
		assertThat(mapper.toBox(new Partial(Optional.of("3"), 1, "2"))).isEqualTo(AmpBox.of("a", "1", "b", "2", "c", "3"));
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> mapper.toBox(new Partial(Optional.empty(), 1, null)))
			.withMessage("Missing required argument 'b' of Partial");
	}

	@Test
	void boxesKeepTheirValueWhenACustomTypeReusesItsArray() {
		AmpRecordMapper<Reused> mapper = AmpRecordMapper.of(Reused.class);
		AmpBox first = mapper.toBox(new Reused("a"));
		AmpBox second = mapper.toBox(new Reused("b"));
		assertThat(first.getText("value")).isEqualTo("a");
		assertThat(second.getText("value")).isEqualTo("b");
	}

	@Test
	void argumentsMapperBuildsTheSameBoxAsTheRecordMapper() throws Exception {
		AmpArgumentsMapper mapper = AmpArgumentsMapper.ofParameters("sum",
				java.util.List.of(getClass().getDeclaredMethod("sum", int.class, int.class, String.class).getParameters()));
		AmpBox box = mapper.toBox(new Object[] { 1234, -5, "x" });
		assertThat(box).isEqualTo(AmpRecordMapper.of(Sum.class).toBox(new Sum(1234, -5, "x")));
		assertThat(mapper.fromBox(box)).containsExactly(1234, -5, "x");
	}

	@Test
	void argumentsMapperListsItsKeysInOrderAndRefusesAMissingArgument() throws Exception {
		AmpArgumentsMapper mapper = AmpArgumentsMapper.ofParameters("sum",
				List.of(getClass().getDeclaredMethod("sum", int.class, int.class, String.class).getParameters()));
		assertThat(mapper.keys()).containsExactly("b", "a", "_z");
		assertThat(mapper.fields()).extracting(AmpFieldSpec::javaName).containsExactly("b", "a", "label");
		assertThatExceptionOfType(AmpArgumentException.class)
			.isThrownBy(() -> mapper.toBox(new Object[] { 1, null, "x" }))
			.withMessage("Missing required argument 'a' of sum");
	}

	@Test
	void twoComponentsOrArgumentsOfOneKeyAreRefused() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> AmpRecordMapper.of(SameKey.class))
			.withMessage("Two components of " + SameKey.class.getName() + " use the AMP key 'a'");
		List<Parameter> parameters = List
			.of(getClass().getDeclaredMethod("sameKey", String.class, String.class).getParameters());
		assertThatIllegalArgumentException().isThrownBy(() -> AmpArgumentsMapper.ofParameters("sameKey", parameters))
			.withMessage("Two arguments of sameKey use the AMP key 'a'");
	}

	record SameKey(String a, @AmpArgument(name = "a") String b) {
	}

	@SuppressWarnings("unused")
	private static void sum(int b, int a, @AmpArgument(name = "_z") String label) {
	}

	@SuppressWarnings("unused")
	private static void sameKey(String a, @AmpArgument(name = "a") String b) {
	}

}
