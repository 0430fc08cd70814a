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
import io.ampproto.command.AmpArgumentsMapper;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * Implements {@link AmpClient} interfaces with a JDK proxy over an {@link AmpRequester}.
 * {@link ImportAmpClients} does this for beans; without Spring:
 * <pre class="code">
 * Calculator calculator = AmpClientProxyFactory.create(Calculator.class, requester);
 * </pre>
 * Every method is bound when the proxy is created: a method that cannot be bound fails
 * then, with a message naming it.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpClientProxyFactory {

	private static final @Nullable Object[] NO_ARGUMENTS = {};

	private AmpClientProxyFactory() {
	}

	/**
	 * Implement an interface with calls through a requester.
	 * @param <T> the interface type
	 * @param type the interface, annotated with {@link AmpClient} or not
	 * @param requester the requester that calls
	 * @return the proxy
	 * @throws IllegalStateException when a method cannot be bound, naming every such method
	 */
	public static <T> T create(Class<T> type, AmpRequester requester) {
		return create(type, requester, UnaryOperator.identity());
	}

	/**
	 * Implement an interface with calls through a requester, resolving the values of
	 * {@link AmpCallTimeout} (placeholders, for instance) first.
	 * @param <T> the interface type
	 * @param type the interface
	 * @param requester the requester that calls
	 * @param valueResolver resolves annotation values
	 * @return the proxy
	 * @throws IllegalStateException when a method cannot be bound, naming every such method
	 */
	public static <T> T create(Class<T> type, AmpRequester requester, UnaryOperator<String> valueResolver) {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(requester, "requester");
		if (!type.isInterface()) {
			throw new IllegalArgumentException(type.getName() + " is not an interface: @AmpClient goes on interfaces");
		}
		Map<Method, AmpClientMethod> methods = new LinkedHashMap<>();
		List<String> failures = new ArrayList<>();
		for (Method method : type.getMethods()) {
			if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || isObjectMethod(method)) {
				continue;
			}
			String where = AmpArgumentsMapper.describe(method);
			try {
				methods.put(method, AmpClientMethod.of(method, where, requester, timeout(type, method, valueResolver)));
			}
			catch (RuntimeException ex) {
				failures.add(where + ": " + ex.getMessage());
			}
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("Cannot implement the AMP client " + type.getName() + ":\n - "
					+ String.join("\n - ", failures));
		}
		String description = "AMP client proxy " + type.getName() + " calling " + requester;
		InvocationHandler handler = (proxy, method, arguments) -> {
			AmpClientMethod bound = methods.get(method);
			if (bound != null) {
				return bound.invoke((arguments != null) ? arguments : NO_ARGUMENTS);
			}
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, arguments);
			}
			return switch (method.getName()) {
				case "equals" -> proxy == arguments[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> description;
				default -> throw new IllegalStateException("Unexpected method " + method);
			};
		};
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private static boolean isObjectMethod(Method method) {
		try {
			Object.class.getMethod(method.getName(), method.getParameterTypes());
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	private static @Nullable Duration timeout(Class<?> type, Method method, UnaryOperator<String> valueResolver) {
		AmpCallTimeout annotation = method.getAnnotation(AmpCallTimeout.class);
		if (annotation == null) {
			annotation = method.getDeclaringClass().getAnnotation(AmpCallTimeout.class);
		}
		if (annotation == null) {
			annotation = type.getAnnotation(AmpCallTimeout.class);
		}
		if (annotation == null) {
			return null;
		}
		String value = valueResolver.apply(annotation.value());
		try {
			Duration timeout = DurationStyle.detectAndParse(value);
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("it must be positive");
			}
			return timeout;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@AmpCallTimeout(\"" + annotation.value() + "\") is not a timeout ("
					+ ex.getMessage() + "): write 500ms, 5s or PT5S");
		}
	}

}
