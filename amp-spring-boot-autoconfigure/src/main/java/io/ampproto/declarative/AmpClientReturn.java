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

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * How an {@link AmpClient} method hands back the response: a {@code Mono}, a
 * {@code CompletableFuture}, or the response itself after blocking.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
enum AmpClientReturn {

	/** {@code Mono<R>}: nothing happens until it is subscribed. */
	MONO,

	/** {@code CompletableFuture<R>} or {@code CompletionStage<R>}: the call starts at once. */
	FUTURE,

	/** {@code R} or {@code void}: blocks until the answer arrives. */
	BLOCKING;

	static AmpClientReturn of(Method method) {
		Class<?> raw = method.getReturnType();
		if (raw == Mono.class) {
			return MONO;
		}
		if (raw == CompletableFuture.class || raw == CompletionStage.class) {
			return FUTURE;
		}
		if (Publisher.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw)
				|| java.util.concurrent.Future.class.isAssignableFrom(raw)) {
			throw new IllegalStateException("returns " + raw.getSimpleName()
					+ ": an @AmpClient method returns Mono<R>, CompletableFuture<R> or R (blocking)");
		}
		return BLOCKING;
	}

	/**
	 * The response type a method declares: the type argument of its {@code Mono} or
	 * future, else its return type; {@code Void} for {@code void}; {@code null} when it is
	 * a type variable or wildcard (a generic method that sends any command).
	 */
	static @Nullable Class<?> declaredResponseType(Method method) {
		Class<?> raw = method.getReturnType();
		if (raw == void.class || raw == Void.class) {
			return Void.class;
		}
		if (raw == Mono.class || raw == CompletableFuture.class || raw == CompletionStage.class) {
			Type generic = method.getGenericReturnType();
			if (!(generic instanceof ParameterizedType parameterized)) {
				return null;
			}
			Type argument = parameterized.getActualTypeArguments()[0];
			if (argument instanceof Class<?> type) {
				return type;
			}
			if (argument instanceof ParameterizedType parameterizedArgument
					&& parameterizedArgument.getRawType() instanceof Class<?> type) {
				return type;
			}
			if (argument instanceof GenericArrayType) {
				return Object[].class;
			}
			return null;
		}
		return raw;
	}

	/**
	 * Check that a method's declared response type takes the command's response.
	 */
	static void check(Method method, Class<?> responseType, String command) {
		Class<?> declared = declaredResponseType(method);
		if (declared == null || declared == Object.class) {
			return;
		}
		if (responseType == Void.class) {
			if (declared != Void.class) {
				throw new IllegalStateException("returns " + describe(method) + " but " + command
						+ " answers no fields: return void, Mono<Void> or CompletableFuture<Void>");
			}
			return;
		}
		if (declared == Void.class) {
			throw new IllegalStateException("returns " + describe(method) + " but " + command + " answers "
					+ name(responseType) + ": return it, a Mono or a CompletableFuture of it");
		}
		if (!declared.isAssignableFrom(responseType)) {
			throw new IllegalStateException("returns " + describe(method) + " but " + command + " answers "
					+ name(responseType));
		}
	}

	private static String name(Class<?> type) {
		return (type.getCanonicalName() != null) ? type.getCanonicalName() : type.getName();
	}

	private static String describe(Method method) {
		return method.getGenericReturnType().getTypeName().replaceAll("[\\w.]+\\.(?=\\w)", "").replace('$', '.');
	}

}
