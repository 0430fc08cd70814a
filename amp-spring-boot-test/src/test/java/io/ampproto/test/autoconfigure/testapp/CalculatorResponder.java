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
package io.ampproto.test.autoconfigure.testapp;

import java.util.concurrent.atomic.AtomicLong;

import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.session.AmpSession;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.CallsOnThisConnection;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Divide;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Explode;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Hang;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Note;
import io.ampproto.test.autoconfigure.testapp.CalculatorCommands.Sum;
import reactor.core.publisher.Mono;

/**
 * Answers the calculator's commands.
 */
@AmpResponder
public class CalculatorResponder {

	private final Audit audit;

	public CalculatorResponder(Audit audit) {
		this.audit = audit;
	}

	@AmpCommandMapping
	public Sum.Result sum(Sum sum) {
		return new Sum.Result(sum.a() + sum.b());
	}

	@AmpCommandMapping
	public Divide.Result divide(Divide divide) {
		if (divide.denominator() == 0) {
			throw new ArithmeticException("division by zero");
		}
		return new Divide.Result((double) divide.numerator() / divide.denominator());
	}

	@AmpCommandMapping
	public void explode(Explode explode) {
		throw new IllegalStateException("not declared by Explode");
	}

	@AmpCommandMapping
	public Mono<Void> hang(Hang hang) {
		return Mono.never();
	}

	@AmpCommandMapping
	public void note(Note note) {
		this.audit.note(note.text());
	}

	@AmpCommandMapping(dispatch = AmpCommandMapping.Dispatch.EVENT_LOOP)
	public CallsOnThisConnection.Result callsOnThisConnection(CallsOnThisConnection command, AmpSession session) {
		AtomicLong calls = (AtomicLong) session.attributes().computeIfAbsent("calls", (key) -> new AtomicLong());
		return new CallsOnThisConnection.Result(calls.incrementAndGet());
	}

}
