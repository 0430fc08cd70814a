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
package io.ampproto.declarative;

import io.ampproto.client.AmpRequester;
import java.util.concurrent.atomic.AtomicLong;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.AmpServer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * A loopback AMP server and its commands, for the tests of declarative clients.
 */
final class DeclarativeTestServer implements AutoCloseable {

	final AtomicLong pings = new AtomicLong();

	private final DisposableServer server;

	DeclarativeTestServer() {
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respondSync(Divide.class, (divide) -> {
				if (divide.denominator() == 0) {
					throw new ArithmeticException("division by zero");
				}
				return new Divide.Result((double) divide.numerator() / divide.denominator());
			})
			.respondSync(Greet.class,
					(greet) -> new Greet.Result(((greet.title() != null) ? greet.title() + " " : "") + greet.name()))
			.respond(Refuse.class, (refuse, session) -> Mono.error(new RefusedException(refuse.why())))
			.respond(Ping.class, (ping, session) -> {
				this.pings.addAndGet(ping.n());
				return Mono.empty();
			})
			.respondSync(Pings.class, (pings) -> new Pings.Result(this.pings.get()))
			.respond(Hold.class, (hold, session) -> Mono.never())
			.build();
		this.server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS).onClose())
			.bindNow();
	}

	int port() {
		return this.server.port();
	}

	AmpRequester requester() {
		return AmpRequester.builder().host("127.0.0.1").port(port()).build();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	@AmpCommandSpec(errors = @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class))
	record Divide(long numerator, long denominator) implements AmpCommand<Divide.Result> {
		record Result(double result) {
		}
	}

	record Greet(String name, @AmpArgument(optional = true) String title) implements AmpCommand<Greet.Result> {
		record Result(String greeting) {
		}
	}

	@AmpCommandSpec(errors = @AmpError(code = "REFUSED", exception = RefusedException.class))
	record Refuse(String why) implements AmpCommand<Void> {
	}

	@AmpCommandSpec(requiresAnswer = false)
	record Ping(long n) implements AmpCommand<Void> {
	}

	record Pings() implements AmpCommand<Pings.Result> {
		record Result(long total) {
		}
	}

	record Hold() implements AmpCommand<Void> {
	}

	/** A checked exception, declared by {@link Refuse}. */
	public static class RefusedException extends Exception {

		private static final long serialVersionUID = 1L;

		public RefusedException(String message) {
			super(message);
		}

	}

}
