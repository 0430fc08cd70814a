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

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpBuiltinType;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.command.AmpError;
import io.ampproto.command.type.AmpDecimal;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.switching.AmpSwitchCommand;

/**
 * The demo commands of the sample app, with the wire names and keys any AMP peer
 * (Twisted included) can call.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class SampleCommands {

	private SampleCommands() {
	}

	// tag::sum[]
	/**
	 * {@code Sum(a: Integer, b: Integer) -> total: Integer}.
	 *
	 * @param a the first addend
	 * @param b the second addend
	 */
	public record Sum(BigInteger a, BigInteger b) implements AmpCommand<Sum.Result> {

		/**
		 * The answer.
		 *
		 * @param total the sum
		 */
		public record Result(BigInteger total) {
		}

	}
	// end::sum[]

	// tag::divide[]
	/**
	 * {@code Divide(numerator: Integer, denominator: Integer) -> result: Float}, error
	 * {@code ZERO_DIVISION}.
	 *
	 * @param numerator the numerator
	 * @param denominator the denominator
	 */
	@AmpCommandSpec(errors = @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class))
	public record Divide(BigInteger numerator, BigInteger denominator) implements AmpCommand<Divide.Result> {

		/**
		 * The answer.
		 *
		 * @param result the quotient
		 */
		public record Result(double result) {
		}

	}
	// end::divide[]

	/**
	 * {@code Echo(text: Unicode) -> text: Unicode}.
	 *
	 * @param text the text
	 */
	public record Echo(String text) implements AmpCommand<Echo.Result> {

		/**
		 * The answer.
		 *
		 * @param text the same text
		 */
		public record Result(String text) {
		}

	}

	/**
	 * {@code Concat(items: ListOf(Unicode)) -> joined: Unicode}.
	 *
	 * @param items the items
	 */
	public record Concat(List<String> items) implements AmpCommand<Concat.Result> {

		/**
		 * The answer.
		 *
		 * @param joined the items joined with no separator
		 */
		public record Result(String joined) {
		}

	}

	/**
	 * {@code Ping(n: Integer)}, with no answer.
	 *
	 * @param n a number added to the connection's total
	 */
	@AmpCommandSpec(requiresAnswer = false)
	public record Ping(BigInteger n) implements AmpCommand<Void> {
	}

	/**
	 * {@code PingCount() -> count: Integer, total: Integer}: the Pings seen on this
	 * connection.
	 */
	public record PingCount() implements AmpCommand<PingCount.Result> {

		/**
		 * The answer.
		 *
		 * @param count how many Pings
		 * @param total the sum of their n
		 */
		public record Result(long count, BigInteger total) {
		}

	}

	/**
	 * {@code Callback(n: Integer) -> result: Integer}: calls the caller's own
	 * {@code Sum(a=n, b=n)}.
	 *
	 * @param n the number
	 */
	public record Callback(BigInteger n) implements AmpCommand<Callback.Result> {

		/**
		 * The answer.
		 *
		 * @param result the caller's total
		 */
		public record Result(BigInteger result) {
		}

	}

	/**
	 * {@code RoundTrip(...)}: answers the same keys with the same values, one of every
	 * argument type.
	 *
	 * @param i an Integer
	 * @param real a Float
	 * @param flag a Boolean
	 * @param raw a String (bytes)
	 * @param text a Unicode
	 * @param dec a Decimal
	 * @param when a DateTime
	 * @param ints a ListOf(Integer)
	 * @param rows an AmpList of k: Unicode, v: Integer
	 * @param maybe an optional Integer
	 */
	public record RoundTrip(BigInteger i, double real, boolean flag, byte[] raw, String text, AmpDecimal dec,
			OffsetDateTime when, List<BigInteger> ints, List<Row> rows,
			@AmpArgument(optional = true) BigInteger maybe) implements AmpCommand<RoundTrip> {

		/**
		 * A row of {@code rows}.
		 *
		 * @param k a Unicode
		 * @param v an Integer
		 */
		public record Row(String k, BigInteger v) {
		}

	}

	/**
	 * {@code Explode()}: fails with an undeclared exception, so the caller sees
	 * {@code UNKNOWN}.
	 */
	public record Explode() implements AmpCommand<Void> {
	}

	// tag::switch-to-echo[]
	/**
	 * {@code SwitchToEcho(greeting: Unicode)}, a protocol switch: after its answer the
	 * connection is no longer AMP and echoes every byte it receives. Error
	 * {@code BAD_GREETING} for an empty greeting (AMP then goes on).
	 *
	 * @param greeting any non-empty text; it is checked, not sent, so that an empty one
	 * shows how a responder refuses a switch
	 */
	@AmpCommandSpec(errors = @AmpError(code = "BAD_GREETING", exception = IllegalArgumentException.class))
	public record SwitchToEcho(String greeting) implements AmpSwitchCommand {
	}
	// end::switch-to-echo[]

	/**
	 * {@code TlsInfo() -> secure: Boolean, peer: Unicode}: whether the connection is
	 * secured by TLS, and the subject of the certificate the caller presented (empty
	 * without one).
	 */
	public record TlsInfo() implements AmpCommand<TlsInfo.Result> {

		/**
		 * The answer.
		 *
		 * @param secure whether the connection has TLS
		 * @param peer the subject of the caller's certificate, or empty
		 */
		public record Result(boolean secure, String peer) {
		}

	}

	// tag::read-file[]
	/**
	 * {@code ReadFile(fd: Descriptor) -> content: String}: reads the file it is given
	 * (at most 65,535 bytes, else {@code FILE_TOO_LARGE}). Needs a UNIX domain socket.
	 *
	 * @param fd an open readable descriptor, closed by the responder
	 */
	@AmpCommandSpec(errors = @AmpError(code = "FILE_TOO_LARGE", exception = FileTooLargeException.class))
	public record ReadFile(AmpDescriptor fd) implements AmpCommand<ReadFile.Result> {

		/**
		 * The answer.
		 *
		 * @param content the bytes of the file, as text
		 */
		public record Result(@AmpArgument(type = AmpBuiltinType.STRING) String content) {
		}

	}
	// end::read-file[]

	/**
	 * {@code OpenLog() -> fd: Descriptor}: an open read-only descriptor of the log the
	 * app writes; {@code DESCRIPTORS_UNSUPPORTED} on a connection that cannot pass it.
	 */
	@AmpCommandSpec(
			errors = @AmpError(code = "DESCRIPTORS_UNSUPPORTED", exception = UnsupportedOperationException.class))
	// tag::open-log[]
	public record OpenLog() implements AmpCommand<OpenLog.Result> {

		/**
		 * The answer.
		 *
		 * @param fd the descriptor, which the caller closes
		 */
		public record Result(AmpDescriptor fd) {
		}

	}
	// end::open-log[]

	/**
	 * {@code WhoAmI() -> instance: Unicode}: which instance answers
	 * ({@code amp.sample.instance-id}, by default {@code sample-<AMP port>}). Idempotent:
	 * a load-balanced client sends it again to another instance when a connection drops.
	 */
	@AmpCommandSpec(idempotent = true)
	public record WhoAmI() implements AmpCommand<WhoAmI.Result> {

		/**
		 * The answer.
		 *
		 * @param instance the id of the instance that answered
		 */
		public record Result(String instance) {
		}

	}

	/**
	 * {@code Spread(calls: Integer) -> instances: AmpList(instance: Unicode, calls: Integer),
	 * failed: Integer}: answered by the {@code gateway} profile, which makes {@code calls}
	 * {@link WhoAmI} calls through its load-balanced client {@code backends} (up to 100 in
	 * flight) and counts the answers of each instance.
	 *
	 * @param calls how many calls to make
	 */
	public record Spread(int calls) implements AmpCommand<Spread.Result> {

		/**
		 * The answer.
		 *
		 * @param instances how many calls each instance answered
		 * @param failed how many calls failed
		 */
		public record Result(List<Row> instances, int failed) {
		}

		/**
		 * A row of {@code instances}.
		 *
		 * @param instance the instance id
		 * @param calls how many calls it answered
		 */
		public record Row(String instance, int calls) {
		}

	}

	/**
	 * The file given to {@link ReadFile} does not fit in one AMP value.
	 */
	public static class FileTooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/**
		 * Create an exception.
		 * @param message the description sent to the caller
		 */
		public FileTooLargeException(String message) {
			super(message);
		}

	}

}
