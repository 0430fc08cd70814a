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

import java.util.List;

import io.ampproto.unix.AmpUnixSockets;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * The reflection the library itself uses: virtual threads for responders when the JVM
 * has them (looked up by name, as the code is compiled for Java 17), and the presence
 * check of junixsocket.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpRuntimeHints implements RuntimeHintsRegistrar {

	/** What {@code Thread.ofVirtual()} returns, from Java 21 on. */
	static final String VIRTUAL_THREAD_BUILDER = "java.lang.Thread$Builder";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(Thread.class, (type) -> type.withMethod("ofVirtual", List.of(), ExecutableMode.INVOKE));
		hints.reflection()
			.registerType(TypeReference.of(VIRTUAL_THREAD_BUILDER),
					(type) -> type
						.withMethod("name", List.of(TypeReference.of(String.class), TypeReference.of(long.class)),
								ExecutableMode.INVOKE)
						.withMethod("factory", List.of(), ExecutableMode.INVOKE));
		hints.reflection().registerType(TypeReference.of(AmpUnixSockets.JUNIXSOCKET_CLASS));
	}

}
