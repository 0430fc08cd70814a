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
package io.ampproto.autoconfigure;

import java.time.Duration;

import io.ampproto.box.AmpBox;
import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.testsupport.TestCommands.Sum;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A responder for the observability tests: {@code Sum}, and {@code Hold}, which answers
 * when released.
 */
@AmpResponder
public class ObservedResponder {

	/** How long the tests wait. */
	public static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Sinks.One<Void> release = Sinks.one();

	/**
	 * {@code Hold()}: answered when the test releases it.
	 */
	public record Hold() implements AmpCommand<Void> {
	}

	@AmpCommandMapping
	Sum.Result sum(Sum sum) {
		return new Sum.Result(sum.a() + sum.b());
	}

	@AmpCommandMapping
	Mono<Void> hold(Hold hold) {
		return this.release.asMono();
	}

	/**
	 * Answer every {@code Hold}.
	 */
	public void release() {
		this.release.tryEmitEmpty();
	}

	/**
	 * Call {@code Sum} with a new requester built by the application's builder.
	 * @param builder the application's requester builder
	 * @param port the server's port
	 * @param a the first addend
	 * @param b the second addend
	 * @return the total
	 */
	public static long sum(AmpRequester.Builder builder, int port, long a, long b) {
		AmpRequester requester = builder.host("127.0.0.1").port(port).build();
		try {
			return requester.call(new Sum(a, b)).block(TIMEOUT).total();
		}
		finally {
			requester.dispose();
		}
	}

	/**
	 * A box too long to send: one value of 70,000 bytes.
	 * @return the arguments
	 */
	public static AmpBox tooLongArguments() {
		return AmpBox.builder().put("a", new byte[70_000]).build();
	}

}
