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
package io.ampproto.unix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.ampproto.command.AmpCommand;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.session.AmpResponders;

/**
 * The commands of {@code fd_commands.py}, and Java responders for them.
 */
final class FdCommands {

	private FdCommands() {
	}

	record ReadFd(AmpDescriptor fd) implements AmpCommand<ReadFd.Result> {

		record Result(String content) {
		}

	}

	record ReadTwoFds(AmpDescriptor a, AmpDescriptor b) implements AmpCommand<ReadTwoFds.Result> {

		record Result(String first, String second) {
		}

	}

	record OpenFile(String path) implements AmpCommand<OpenFile.Result> {

		record Result(AmpDescriptor fd) {
		}

	}

	record OpenTwoFiles(String a, String b) implements AmpCommand<OpenTwoFiles.Result> {

		record Result(AmpDescriptor first, AmpDescriptor second) {
		}

	}

	static AmpResponders responders() {
		return AmpResponders.builder()
			.respondSync(ReadFd.class, (command) -> new ReadFd.Result(readAndClose(command.fd())))
			.respondSync(ReadTwoFds.class,
					(command) -> new ReadTwoFds.Result(readAndClose(command.a()), readAndClose(command.b())))
			.respondSync(OpenFile.class, (command) -> new OpenFile.Result(open(command.path())))
			.respondSync(OpenTwoFiles.class,
					(command) -> new OpenTwoFiles.Result(open(command.a()), open(command.b())))
			.build();
	}

	/**
	 * Read the whole file behind a descriptor with positional reads, then close it.
	 */
	static String readAndClose(AmpDescriptor descriptor) {
		try (descriptor; FileChannel channel = descriptor.readableChannel()) {
			ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
			while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
				// positional reads leave the offset the sender shares alone
			}
			return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static AmpDescriptor open(String path) {
		try {
			return AmpDescriptor.open(Path.of(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
