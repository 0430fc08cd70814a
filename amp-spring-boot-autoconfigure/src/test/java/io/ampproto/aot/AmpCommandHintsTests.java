/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.aot;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.type.AmpArgumentType;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AmpCommandHints} and {@link AmpRuntimeHints}.
 */
class AmpCommandHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void aCommandRegistersItsRecordsAccessorsNestedRowsErrorsAndCustomTypes() throws Exception {
		AmpCommandHints.of(this.hints.reflection()).command(Lookup.class);
		for (Class<?> record : List.of(Lookup.class, Lookup.Result.class, Lookup.Row.class)) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(record)
				.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Lookup.class, "key")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Lookup.Result.class, "rows"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Lookup.Row.class, "value"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(NotFoundException.class.getConstructor(String.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(Shouting.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void otherTypesAreLeftAlone() {
		AmpCommandHints.of(this.hints.reflection()).nested(String.class).nested(BigInteger.class).command(String.class);
		assertThat(this.hints.reflection().typeHints()).isEmpty();
	}

	@Test
	void theLibraryRegistersTheVirtualThreadFactoryAndTheJunixsocketCheck() {
		new AmpRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(this.hints.reflection().getTypeHint(Thread.class).methods())
			.anySatisfy((method) -> assertThat(method.getName()).isEqualTo("ofVirtual"));
		assertThat(this.hints.reflection().getTypeHint(TypeReference.of("java.lang.Thread$Builder")).methods())
			.anySatisfy((method) -> assertThat(method.getName()).isEqualTo("factory"));
		assertThat(RuntimeHintsPredicates.reflection().onType(org.newsclub.net.unix.AFUNIXSocket.class))
			.accepts(this.hints);
	}

	@AmpCommandSpec(errors = @AmpError(code = "NOT_FOUND", exception = NotFoundException.class))
	record Lookup(String key, @AmpArgument(custom = Shouting.class) String tone) implements AmpCommand<Lookup.Result> {

		record Result(List<Row> rows) {
		}

		record Row(String name, BigInteger value) {
		}

	}

	public static class NotFoundException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public NotFoundException(String message) {
			super(message);
		}

	}

	public static class Shouting implements AmpArgumentType<String> {

		@Override
		public String name() {
			return "Shouting";
		}

		@Override
		public Class<?> javaType() {
			return String.class;
		}

		@Override
		public byte[] encode(String value) {
			return value.toUpperCase().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}

		@Override
		public String decode(ByteBuffer value) {
			return java.nio.charset.StandardCharsets.UTF_8.decode(value).toString();
		}

	}

}
