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

/**
 * Twisted's built-in argument types, for {@link AmpArgument#type()}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public enum AmpBuiltinType {

	/** The default type of the Java type. */
	DEFAULT,

	/** {@code Integer}: decimal text. */
	INTEGER,

	/** {@code String}: raw bytes ({@code byte[]}, or a Java String sent as UTF-8). */
	STRING,

	/** {@code Unicode}: UTF-8 text. */
	UNICODE,

	/** {@code Path}: a file path as UTF-8 text. */
	PATH,

	/** {@code Float}: Python's repr of a double. */
	FLOAT,

	/** {@code Boolean}: {@code True} or {@code False}. */
	BOOLEAN,

	/** {@code DateTime}: 32 characters with microseconds and an offset. */
	DATETIME,

	/** {@code Decimal}: Python's str of a decimal. */
	DECIMAL,

	/** {@code Descriptor}: a file descriptor passed over a UNIX domain socket. */
	DESCRIPTOR

}
