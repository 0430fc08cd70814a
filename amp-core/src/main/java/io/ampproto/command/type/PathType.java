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

import java.nio.ByteBuffer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Twisted's {@code Path}: the UTF-8 of the path's text form. Twisted makes every
 * received path absolute against its working directory; this type keeps the path as
 * sent, since the peer's directory means nothing here. A text the default file system
 * cannot hold (a NUL character, or non-ASCII when the JVM's {@code sun.jnu.encoding} is
 * not UTF-8) is an {@link AmpArgumentException}.
 *
 * @author AMP for Spring Boot contributors
 */
final class PathType implements AmpArgumentType<Path> {

	@Override
	public String name() {
		return "Path";
	}

	@Override
	public Class<?> javaType() {
		return Path.class;
	}

	@Override
	public byte[] encode(Path value) {
		return AmpTypeSupport.utf8(value.toString(), name());
	}

	@Override
	public Path decode(ByteBuffer value) {
		String text = AmpTypeSupport.utf8(value, name());
		try {
			return Path.of(text);
		}
		catch (InvalidPathException ex) {
			throw AmpTypeSupport.bad(name(), value, ex);
		}
	}

}
