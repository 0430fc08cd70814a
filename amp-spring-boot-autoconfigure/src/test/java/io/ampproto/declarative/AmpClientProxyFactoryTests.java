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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpError;
import io.ampproto.declarative.DeclarativeTestServer.Divide;
import io.ampproto.declarative.DeclarativeTestServer.Greet;
import io.ampproto.declarative.DeclarativeTestServer.Hold;
import io.ampproto.declarative.DeclarativeTestServer.Ping;
import io.ampproto.declarative.DeclarativeTestServer.Pings;
import io.ampproto.declarative.DeclarativeTestServer.Refuse;
import io.ampproto.declarative.DeclarativeTestServer.RefusedException;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.session.AmpCallTimeoutException;
import io.ampproto.testsupport.TestCommands.Sum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link AmpClientProxyFactory} against a real loopback server.
 */
class AmpClientProxyFactoryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final DeclarativeTestServer server = new DeclarativeTestServer();

	private final AmpRequester requester = this.server.requester();

	private final Calculator calculator = AmpClientProxyFactory.create(Calculator.class, this.requester);

	private final Holder holder = AmpClientProxyFactory.create(Holder.class, this.requester);

	@AfterEach
	void close() {
		this.requester.dispose();
		this.server.close();
	}

	@Test
	void aMethodTakingACommandSendsItAndReturnsTheResponseInEachStyle() {
		assertThat(this.calculator.sum(new Sum(13, 81))).isEqualTo(new Sum.Result(94));
		assertThat(this.calculator.sumLater(new Sum(1, 2)).block(TIMEOUT)).isEqualTo(new Sum.Result(3));
		assertThat(this.calculator.sumNow(new Sum(3, 4)).join()).isEqualTo(new Sum.Result(7));
		assertThat(this.calculator.send(new Sum(5, 6)).block(TIMEOUT)).isEqualTo(new Sum.Result(11));
	}

	@Test
	void aMonoCallsOncePerSubscriptionAndNotBefore() {
		Mono<Void> ping = this.calculator.pingLater(new Ping(5));
		assertThat(this.calculator.pings()).isEqualTo(new Pings.Result(0));
		ping.block(TIMEOUT);
		ping.block(TIMEOUT);
		assertThat(this.calculator.pings()).isEqualTo(new Pings.Result(10));
	}

	@Test
	void parametersBindToTheCommandsArgumentsByNameNotPosition() {
		assertThat(this.calculator.divide(1, 4)).isEqualTo(new Divide.Result(4.0));
		assertThat(this.calculator.divideLater(10, 4).block(TIMEOUT)).isEqualTo(new Divide.Result(2.5));
		assertThat(this.calculator.greet("Ada", "Countess")).isEqualTo(new Greet.Result("Countess Ada"));
		assertThat(this.calculator.greet("Ada")).as("an optional argument may be left out")
			.isEqualTo(new Greet.Result("Ada"));
	}

	@Test
	void aCommandDeclaredByTheSignatureIsCalledByItsWireName() {
		assertThat(this.calculator.sumByName(20, 22).block(TIMEOUT)).isEqualTo(new Sum.Result(42));
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> this.calculator.divideByName(1, 0).block(TIMEOUT))
			.withMessage("division by zero");
	}

	@Test
	void declaredErrorsArriveAsTheirExceptionsInEachStyle() {
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> this.calculator.divide(0, 1))
			.withMessage("division by zero");
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> this.calculator.divideLater(1, 0).block(TIMEOUT))
			.withMessage("division by zero");
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> this.calculator.divideNow(1, 0).join())
			.havingCause()
			.isInstanceOf(ArithmeticException.class)
			.withMessage("division by zero");
	}

	@Test
	void aDeclaredCheckedExceptionIsThrownAsTheMethodDeclaresIt() {
		assertThatExceptionOfType(RefusedException.class).isThrownBy(() -> this.calculator.refuse("no"))
			.withMessage("no");
	}

	@Test
	void voidAndMonoOfVoidFitCommandsThatNeedNoAnswer() {
		this.calculator.ping(new Ping(3));
		this.calculator.pingLater(new Ping(4)).block(TIMEOUT);
		this.calculator.pingNow(new Ping(5)).join();
		assertThat(this.calculator.pings()).isEqualTo(new Pings.Result(12));
	}

	@Test
	void aMethodTimeoutOverridesTheInterfaceTimeout() {
		assertThatExceptionOfType(AmpCallTimeoutException.class)
			.isThrownBy(() -> this.holder.holdBriefly(new Hold()).block(TIMEOUT))
			.withMessageContaining("no answer within PT0.15S");
		assertThatExceptionOfType(AmpCallTimeoutException.class)
			.isThrownBy(() -> this.holder.hold(new Hold()))
			.withMessageContaining("no answer within PT0.3S");
		assertThat(this.calculator.sum(new Sum(1, 1))).as("the connection stays usable").isEqualTo(new Sum.Result(2));
	}

	@Test
	void aBlockingMethodFailsAtOnceOnAnEventLoop() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.calculator.sumLater(new Sum(1, 2))
				.map((result) -> this.calculator.sum(new Sum(result.total(), 1)))
				.block(TIMEOUT))
			.withMessageContaining(Calculator.class.getName() + ".sum(Sum) blocks until the answer arrives")
			.withMessageContaining("non-blocking thread reactor-tcp");
		assertThatIllegalStateException()
			.isThrownBy(() -> Mono.fromCallable(() -> this.calculator.divide(1, 2))
				.subscribeOn(Schedulers.parallel())
				.block(TIMEOUT))
			.withMessageContaining(".divide(long, long) blocks until the answer arrives")
			.withMessageContaining("non-blocking thread parallel-");
		assertThat(Mono.fromCallable(() -> this.calculator.sum(new Sum(2, 2)))
			.subscribeOn(Schedulers.boundedElastic())
			.block(TIMEOUT)).as("a blocking thread may block").isEqualTo(new Sum.Result(4));
	}

	@Test
	void defaultAndObjectMethodsWork() {
		assertThat(this.calculator.increment(41)).isEqualTo(42);
		assertThat(this.calculator.toString()).startsWith("AMP client proxy " + Calculator.class.getName());
		assertThat(this.calculator).isEqualTo(this.calculator).isNotEqualTo(new Object());
		assertThat(this.calculator.hashCode()).isEqualTo(System.identityHashCode(this.calculator));
	}

	@Test
	void aNullCommandFailsWithoutSending() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.calculator.sum(null))
			.withMessageContaining("must not be null");
	}

	@Test
	void methodsThatCannotBeBoundFailTogetherEachNamed() {
		assertThatIllegalStateException().isThrownBy(() -> AmpClientProxyFactory.create(Unbindable.class, this.requester))
			.withMessageStartingWith("Cannot implement the AMP client " + Unbindable.class.getName())
			.withMessageContaining(name("noCommand(String)") + ": an @AmpClient method takes one AmpCommand")
			.withMessageContaining(name("twoCommands(Sum, Sum)") + ": an @AmpClient method takes one AmpCommand")
			.withMessageContaining(name("unknownArgument(long, long)") + ": cannot bind parameter 'divisor': "
					+ "Divide has no argument of that name")
			.withMessageContaining(name("wrongType(String, long)") + ": parameter 'numerator' is a String but "
					+ "argument 'numerator' of Divide is a long")
			.withMessageContaining(name("missingArgument(long)") + ": no parameter binds to argument 'denominator'")
			.withMessageContaining(name("flux(Sum)") + ": returns Flux")
			.withMessageContaining(name("wrongResult(Sum)") + ": returns Mono<DeclarativeTestServer.Divide.Result> "
					+ "but Sum answers " + Sum.Result.class.getCanonicalName())
			.withMessageContaining(name("voidForAResult(Sum)") + ": returns void but Sum answers")
			.withMessageContaining(name("resultForNoFields(Ping)")
					+ ": returns TestCommands.Sum.Result but Ping answers no fields")
			.withMessageContaining(name("badTimeout(Sum)") + ": @AmpCallTimeout(\"soon\") is not a timeout")
			.withMessageContaining(name("nameAndType(long, long)") + ": @AmpCommandMapping names both")
			.withMessageContaining(name("errorsOnARecord(long, long)") + ": @AmpCommandMapping declares errors")
			.withMessageContaining(name("notARecord()") + ": ")
			.satisfies((ex) -> assertThat(ex.getMessage().lines().filter((line) -> line.startsWith(" - ")))
				.hasSize(13));
	}

	@Test
	void aClassIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> AmpClientProxyFactory.create(Object.class, this.requester))
			.withMessageContaining("is not an interface");
	}

	private static String name(String method) {
		return Unbindable.class.getName() + "." + method;
	}

	@AmpClient("test")
	interface Calculator {

		Sum.Result sum(Sum sum);

		Mono<Sum.Result> sumLater(Sum sum);

		CompletableFuture<Sum.Result> sumNow(Sum sum);

		<R> Mono<R> send(AmpCommand<R> command);

		@AmpCommandMapping(Divide.class)
		Divide.Result divide(long denominator, long numerator);

		@AmpCommandMapping(Divide.class)
		Mono<Divide.Result> divideLater(long numerator, long denominator);

		@AmpCommandMapping(Divide.class)
		CompletableFuture<Divide.Result> divideNow(long numerator, long denominator);

		@AmpCommandMapping(Greet.class)
		Greet.Result greet(String name, String title);

		@AmpCommandMapping(Greet.class)
		Greet.Result greet(String name);

		@AmpCommandMapping(name = "Sum")
		Mono<Sum.Result> sumByName(long a, long b);

		@AmpCommandMapping(name = "Divide",
				errors = @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class))
		Mono<Divide.Result> divideByName(long numerator, @AmpArgument(name = "denominator") long by);

		@AmpCommandMapping(Refuse.class)
		void refuse(String why) throws RefusedException;

		void ping(Ping ping);

		Mono<Void> pingLater(Ping ping);

		CompletableFuture<Void> pingNow(Ping ping);

		@AmpCommandMapping(Pings.class)
		Pings.Result pings();

		default int increment(int n) {
			return n + 1;
		}

	}

	@AmpCallTimeout("300ms")
	interface Holder {

		void hold(Hold hold);

		@AmpCallTimeout("150ms")
		Mono<Void> holdBriefly(Hold hold);

	}

	interface Unbindable {

		Sum.Result noCommand(String text);

		Sum.Result twoCommands(Sum first, Sum second);

		@AmpCommandMapping(Divide.class)
		Divide.Result unknownArgument(long numerator, long divisor);

		@AmpCommandMapping(Divide.class)
		Divide.Result wrongType(String numerator, long denominator);

		@AmpCommandMapping(Divide.class)
		Divide.Result missingArgument(long numerator);

		reactor.core.publisher.Flux<Sum.Result> flux(Sum sum);

		Mono<Divide.Result> wrongResult(Sum sum);

		void voidForAResult(Sum sum);

		Sum.Result resultForNoFields(Ping ping);

		@AmpCallTimeout("soon")
		Sum.Result badTimeout(Sum sum);

		@AmpCommandMapping(value = Sum.class, name = "Sum")
		Sum.Result nameAndType(long a, long b);

		@AmpCommandMapping(value = Divide.class,
				errors = @AmpError(code = "ZERO_DIVISION", exception = ArithmeticException.class))
		Divide.Result errorsOnARecord(long numerator, long denominator);

		@AmpCommandMapping(NotARecord.class)
		Sum.Result notARecord();

	}

	interface NotARecord extends AmpCommand<Sum.Result> {

	}

}
