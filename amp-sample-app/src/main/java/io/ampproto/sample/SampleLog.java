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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A log file the app writes, one line per descriptor command served; {@code OpenLog}
 * hands out read-only descriptors of it. It lives in the temporary directory and is
 * deleted on shutdown.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@Component
public class SampleLog implements DisposableBean {

	private final Path path;

	/**
	 * Create the log file.
	 * @throws IOException when it cannot be created
	 */
	public SampleLog() throws IOException {
		this.path = Files.createTempFile("amp-sample-app-", ".log");
		append("amp-sample-app started");
	}

	/**
	 * Return the file.
	 * @return the path of the log
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Append a line, with the time.
	 * @param line the line
	 */
	public synchronized void append(String line) {
		try {
			Files.writeString(this.path, OffsetDateTime.now() + " " + line + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void destroy() throws IOException {
		// Descriptors already handed out stay readable: the file goes when they close.
		Files.deleteIfExists(this.path);
	}

}
