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
package io.ampproto.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpBoxCodec;
import io.ampproto.box.AmpConnectionClosedException;
import io.ampproto.box.AmpLimits;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.command.AmpProtocolException;
import io.ampproto.command.AmpUnhandledCommandException;
import io.ampproto.testsupport.TestCommands.Boom;
import io.ampproto.testsupport.TestCommands.Divide;
import io.ampproto.testsupport.TestCommands.Ping;
import io.ampproto.testsupport.TestCommands.Sum;
import io.ampproto.transport.EmbeddedAmpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the exact bytes an {@link AmpSession} writes, against the vectors Twisted
 * produced (amp-protocol.md §7.1), over an {@link EmbeddedAmpConnection}: no socket, and
 * every step on the test's thread.
 */
class AmpSessionWireTests {

	/** {@code _ask=1, _command=Sum, a=13, b=81}. */
	static final String V4_SUM_CALL = "00045f61736b00013100085f636f6d6d616e64000353756d00016100023133000162000238310000";

	/** {@code _answer=1, total=94}. */
	static final String V5_SUM_ANSWER = "00075f616e737765720001310005746f74616c000239340000";

	/** {@code _ask=1, _command=WTF}. */
	static final String V6_UNKNOWN_CALL = "00045f61736b00013100085f636f6d6d616e6400035754460000";

	/** {@code _error=1, _error_code=UNHANDLED, _error_description="Unhandled Command: b'WTF'"}. */
	static final String V7_UNHANDLED = "00065f6572726f72000131000b5f6572726f725f636f64650009554e48414e444c454400125f6572726f725f6465736372697074696f6e0019556e68616e646c656420436f6d6d616e643a206227575446270000";

	/** {@code _ask=1, _command=Divide, numerator=1, denominator=0}. */
	static final String V8_DIVIDE_CALL = "00045f61736b00013100085f636f6d6d616e640006446976696465000b64656e6f6d696e61746f7200013000096e756d657261746f720001310000";

	/** {@code _error=1, _error_code=ZERO_DIVISION, _error_description="division by zero"}. */
	static final String V9_ZERO_DIVISION = "00065f6572726f72000131000b5f6572726f725f636f6465000d5a45524f5f4449564953494f4e00125f6572726f725f6465736372697074696f6e00106469766973696f6e206279207a65726f0000";

	/** {@code _ask=1, _command=Boom}. */
	static final String V10_BOOM_CALL = "00045f61736b00013100085f636f6d6d616e640004426f6f6d0000";

	/** {@code _error=1, _error_code=UNKNOWN, _error_description="Unknown Error"}. */
	static final String V11_UNKNOWN = "00065f6572726f72000131000b5f6572726f725f636f64650007554e4b4e4f574e00125f6572726f725f6465736372697074696f6e000d556e6b6e6f776e204572726f720000";

	/** {@code _command=Ping, n=1}: no {@code _ask}. */
	static final String V12_PING = "00085f636f6d6d616e64000450696e6700016e0001310000";

	/** {@code _ask=2, _command=Sum, a=1, b=2}: the Ping took tag 1. */
	static final String V13_SUM_AFTER_PING = "00045f61736b00013200085f636f6d6d616e64000353756d0001610001310001620001320000";

	/** The first bytes of an HTTP request: a key length of 0x4745, over 255. */
	static final String HTTP_GET = "47455420";

	/** The peer's side of the connection; set by {@link #session(AmpLimits)}. */
	private EmbeddedAmpConnection peer;

	@AfterEach
	void close() {
		this.peer.close();
	}

	private AmpSession session() {
		return session(AmpLimits.DEFAULT);
	}

	private AmpSession session(AmpLimits limits) {
		this.peer = EmbeddedAmpConnection.accepted(limits);
		AmpResponders responders = AmpResponders.builder()
			.respondSync(Sum.class, (sum) -> new Sum.Result(sum.a() + sum.b()))
			.respondSync(Divide.class, (divide) -> {
				if (divide.denominator() == 0) {
					throw new ArithmeticException("division by zero");
				}
				return new Divide.Result((double) divide.numerator() / divide.denominator());
			})
			.respondSync(Boom.class, (boom) -> {
				throw new IllegalArgumentException("kaboom");
			})
			.build();
		return AmpSession.start(this.peer.connection(), responders, AmpSessionOptions.DEFAULTS);
	}

	@Test
	void answersACommandWithTwistedsBytes() {
		session();
		this.peer.receiveHex(V4_SUM_CALL);
		assertThat(this.peer.writtenHex()).isEqualTo(V5_SUM_ANSWER);
		assertThat(this.peer.isOpen()).isTrue();
	}

	@Test
	void answersAnUnknownCommandUnhandledAndStaysOpen() {
		session();
		this.peer.receiveHex(V6_UNKNOWN_CALL);
		assertThat(this.peer.writtenHex()).isEqualTo(V7_UNHANDLED);
		assertThat(this.peer.isOpen()).isTrue();
	}

	@Test
	void answersADeclaredErrorWithItsCodeAndStaysOpen() {
		session();
		this.peer.receiveHex(V8_DIVIDE_CALL);
		assertThat(this.peer.writtenHex()).isEqualTo(V9_ZERO_DIVISION);
		assertThat(this.peer.isOpen()).isTrue();
	}

	@Test
	void answersAResponderFailureUnknownThenCloses() {
		session();
		this.peer.receiveHex(V10_BOOM_CALL);
		assertThat(this.peer.writtenHex()).isEqualTo(V11_UNKNOWN);
		assertThat(this.peer.isOpen()).isFalse();
	}

	@Test
	void commandsInTheReadOfAKeyLengthViolationAreAnsweredThenTheConnectionCloses() {
		session();
		this.peer.receiveHex(V4_SUM_CALL + HTTP_GET);
		assertThat(this.peer.writtenHex()).isEqualTo(V5_SUM_ANSWER);
		assertThat(this.peer.isOpen()).isFalse();
	}

	@Test
	void boxUnfinishedForTheBoxTimeoutClosesTheConnectionAfterAnsweringTheBoxesBeforeIt() {
		session(AmpLimits.DEFAULT.withBoxTimeout(Duration.ofSeconds(5)));
		this.peer.receiveHex(V4_SUM_CALL + V4_SUM_CALL.substring(0, 20));
		assertThat(this.peer.writtenHex()).isEqualTo(V5_SUM_ANSWER);
		this.peer.passTime(Duration.ofMillis(4999));
		assertThat(this.peer.isOpen()).isTrue();
		this.peer.passTime(Duration.ofMillis(1));
		assertThat(this.peer.writtenHex()).isEmpty();
		assertThat(this.peer.isOpen()).isFalse();
	}

	@Test
	void failingCommandWithoutAskClosesTheConnectionWithoutAWord() {
		session();
		// _command=WTF, no _ask: nobody to answer, so the connection closes (amp-protocol.md §0.6).
		this.peer.receiveHex("00085f636f6d6d616e6400035754460000");
		assertThat(this.peer.writtenHex()).isEmpty();
		assertThat(this.peer.isOpen()).isFalse();
	}

	@Test
	void callWritesTwistedsBytesAndCompletesWhenItsAnswerArrives() {
		AmpSession session = session();
		CompletableFuture<Sum.Result> call = session.call(new Sum(13, 81)).toFuture();
		assertThat(this.peer.writtenHex()).isEqualTo(V4_SUM_CALL);
		assertThat(call).isNotDone();
		this.peer.receiveHex(V5_SUM_ANSWER);
		assertThat(call).isCompletedWithValue(new Sum.Result(94));
		assertThat(session.outboundCallsInFlight()).isZero();
	}

	@Test
	void callWithoutAnswerTakesATagNumberAsTwisted() {
		AmpSession session = session();
		CompletableFuture<Void> ping = session.call(new Ping(1)).toFuture();
		CompletableFuture<Sum.Result> sum = session.call(new Sum(1, 2)).toFuture();
		assertThat(this.peer.writtenHex()).isEqualTo(V12_PING + V13_SUM_AFTER_PING);
		assertThat(ping).isCompleted();
		assertThat(sum).isNotDone();
	}

	@Test
	void unhandledErrorAnswerFailsTheCall() {
		AmpSession session = session();
		CompletableFuture<?> call = session.callRaw("WTF", AmpBox.empty()).toFuture();
		assertThat(this.peer.writtenHex()).isEqualTo(V6_UNKNOWN_CALL);
		this.peer.receiveHex(V7_UNHANDLED);
		assertThat(call).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(AmpUnhandledCommandException.class)
			.withMessageContaining("Unhandled Command: b'WTF'");
		assertThat(this.peer.isOpen()).isTrue();
	}

	@Test
	void keyLengthViolationFailsTheCallsInFlightWithTheViolationAsCause() {
		AmpSession session = session();
		CompletableFuture<Sum.Result> call = session.call(new Sum(13, 81)).toFuture();
		assertThat(this.peer.writtenHex()).isEqualTo(V4_SUM_CALL);
		this.peer.receiveHex(HTTP_GET);
		assertThat(this.peer.writtenHex()).isEmpty();
		assertThat(this.peer.isOpen()).isFalse();
		assertThat(call).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(AmpConnectionClosedException.class)
			.havingCause()
			.isInstanceOfSatisfying(AmpTooLongException.class, (ex) -> assertThat(ex.isLocal()).isFalse());
	}

	@Test
	void callTimesOutWhenItsTimeHasPassedAndTheLateAnswerIsDropped() {
		AmpSession session = session();
		CompletableFuture<Sum.Result> call = session.call(new Sum(13, 81), Duration.ofSeconds(5)).toFuture();
		assertThat(this.peer.writtenHex()).isEqualTo(V4_SUM_CALL);
		this.peer.passTime(Duration.ofMillis(4999));
		assertThat(call).isNotDone();
		this.peer.passTime(Duration.ofMillis(1));
		assertThat(call).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(AmpCallTimeoutException.class);
		this.peer.receiveHex(V5_SUM_ANSWER);
		assertThat(this.peer.writtenHex()).isEmpty();
		assertThat(this.peer.isOpen()).isTrue();
	}

	@Test
	void answerWithUnknownTagEmptyBoxAndMalformedErrorAreDroppedAndTheConnectionStaysOpen() {
		AmpSession session = session();
		CompletableFuture<Sum.Result> first = session.call(new Sum(1, 2)).toFuture();
		CompletableFuture<Sum.Result> second = session.call(new Sum(3, 4)).toFuture();
		this.peer.written();
		this.peer.receiveHex(hex(AmpBox.of("_answer", "99", "total", "0")) + "0000" + hex(AmpBox.of("_ask", "5"))
				+ hex(AmpBox.of("_error", "1", "_error_description", "no code"))
				+ hex(AmpBox.of("_answer", "2", "total", "7")));
		assertThat(first).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(AmpProtocolException.class)
			.withMessageContaining("without _error_code");
		assertThat(second).isCompletedWithValue(new Sum.Result(7));
		assertThat(this.peer.writtenHex()).as("nothing answers a dropped box").isEmpty();
		assertThat(this.peer.isOpen()).isTrue();
	}

	@Test
	void answerTagsMatchOnlyAsWrittenLikeTwistedsTableKeyedByBytes() {
		AmpSession session = session();
		List<CompletableFuture<Sum.Result>> calls = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			calls.add(session.call(new Sum(i, 0)).toFuture());
		}
		assertThat(session.outboundCallsInFlight()).isEqualTo(11);
		this.peer.written();
		// Tag 11 is "b": other spellings of 11 name no call.
		this.peer.receiveHex(hex(AmpBox.of("_answer", "B", "total", "100"))
				+ hex(AmpBox.of("_answer", "0b", "total", "101"))
				+ hex(AmpBox.of("_error", "0000b", "_error_code", "X", "_error_description", ""))
				+ hex(AmpBox.of("_answer", "b", "total", "7")) + hex(AmpBox.of("_answer", "a", "total", "8")));
		assertThat(calls.get(10)).isCompletedWithValue(new Sum.Result(7));
		assertThat(calls.get(9)).isCompletedWithValue(new Sum.Result(8));
		assertThat(session.outboundCallsInFlight()).isEqualTo(9);
		assertThat(this.peer.isOpen()).isTrue();
	}

	@Test
	void askTagThatIsNotUtf8IsAnsweredByteForByte() {
		session();
		byte[] tag = { (byte) 0xff, 0x00 };
		this.peer.receiveHex(
				hex(AmpBox.builder().put("_ask", tag).put("_command", "Sum").put("a", "1").put("b", "2").build())
						+ hex(AmpBox.builder().put("_ask", tag).put("_command", "Nope").build()));
		assertThat(this.peer.writtenHex())
			.isEqualTo(hex(AmpBox.builder().put("_answer", tag).put("total", "3").build()) + hex(AmpBox.builder()
				.put("_error", tag)
				.put("_error_code", "UNHANDLED")
				.put("_error_description", "Unhandled Command: b'Nope'")
				.build()));
	}

	@Test
	void commandReceivedInTheSameReadAsABadOneIsAnsweredBeforeTheConnectionCloses() {
		session();
		// One read: as Twisted, the second is answered before the close the first causes.
		this.peer.receiveHex(hex(AmpBox.of("_command", "Sum", "_ask", "1", "a", "x", "b", "1"))
				+ hex(AmpBox.of("_command", "Sum", "_ask", "2", "a", "1", "b", "2")));
		assertThat(this.peer.writtenHex()).isEqualTo(V11_UNKNOWN + hex(AmpBox.of("_answer", "2", "total", "3")));
		assertThat(this.peer.isOpen()).isFalse();
	}

	private static String hex(AmpBox box) {
		return HexFormat.of().formatHex(AmpBoxCodec.encode(box));
	}

}
