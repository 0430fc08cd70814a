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
package io.ampproto.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.sample.SampleCommands.FileTooLargeException;
import io.ampproto.sample.SampleCommands.OpenLog;
import io.ampproto.sample.SampleCommands.ReadFile;
import io.ampproto.session.AmpSession;

/**
 * Answers the descriptor commands, which pass open files over a UNIX domain socket as
 * Twisted's {@code amp.Descriptor} does (run the app with the {@code unix} profile).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AmpResponder
public class SampleDescriptorResponder {

	/** Largest AMP value. */
	private static final int MAX_CONTENT = 65535;

	private final SampleLog log;

	/**
	 * Create the responder.
	 * @param log the log that {@code OpenLog} hands out
	 */
	public SampleDescriptorResponder(SampleLog log) {
		this.log = log;
	}

	/**
	 * Read the file behind the descriptor (a blocking method: it runs off the event
	 * loop), and close the descriptor, which the command handed over.
	 * @param command the command
	 * @return the content
	 * @throws IOException when the file cannot be read
	 */
	@AmpCommandMapping
	public ReadFile.Result readFile(ReadFile command) throws IOException {
		try (AmpDescriptor descriptor = command.fd(); FileChannel file = descriptor.readableChannel()) {
			long size = file.size();
			if (size > MAX_CONTENT) {
				throw new FileTooLargeException("The file has " + size + " bytes; at most " + MAX_CONTENT + " fit");
			}
			ByteBuffer content = ByteBuffer.allocate((int) size);
			// Positional reads: the offset, which the sender shares, stays where it was.
			while (content.hasRemaining() && file.read(content, content.position()) > 0) {
				// until the whole file is read
			}
			this.log.append("ReadFile: " + content.position() + " bytes");
			return new ReadFile.Result(new String(content.array(), 0, content.position(), StandardCharsets.UTF_8));
		}
	}

	/**
	 * Hand the caller a read-only descriptor of the log; the connection closes this
	 * side's copy once it is sent.
	 * @param command the command
	 * @param caller the caller's session
	 * @return the descriptor
	 * @throws IOException when the log cannot be opened
	 */
	@AmpCommandMapping
	public OpenLog.Result openLog(OpenLog command, AmpSession caller) throws IOException {
		if (!caller.connection().passesDescriptors()) {
			throw new UnsupportedOperationException(
					"OpenLog passes a file descriptor, which needs a UNIX domain socket connection");
		}
		this.log.append("OpenLog");
		return new OpenLog.Result(AmpDescriptor.open(this.log.path()));
	}

}
