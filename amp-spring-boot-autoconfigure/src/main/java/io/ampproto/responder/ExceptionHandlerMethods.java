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
package io.ampproto.responder;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.ampproto.command.AmpArgumentsMapper;
import io.ampproto.session.AmpCallContext;
import io.ampproto.session.AmpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link AmpExceptionHandler} methods of one bean, by the exception type each handles.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class ExceptionHandlerMethods {

	private final Object bean;

	private final Map<Class<? extends Throwable>, Method> methods;

	private ExceptionHandlerMethods(Object bean, Map<Class<? extends Throwable>, Method> methods) {
		this.bean = bean;
		this.methods = methods;
	}

	/**
	 * Find the exception handlers of a bean.
	 * @return its handlers, or {@code null} when it has none
	 */
	static @Nullable ExceptionHandlerMethods of(Object bean) {
		Class<?> userClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		Map<Method, AmpExceptionHandler> annotated = MethodIntrospector.selectMethods(userClass,
				(MethodIntrospector.MetadataLookup<AmpExceptionHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, AmpExceptionHandler.class));
		if (annotated.isEmpty()) {
			return null;
		}
		Map<Class<? extends Throwable>, Method> methods = new LinkedHashMap<>();
		annotated.forEach((method, annotation) -> {
			String where = AmpArgumentsMapper.describe(method);
			check(method, where);
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			ReflectionUtils.makeAccessible(invocable);
			for (Class<? extends Throwable> type : handledTypes(method, annotation, where)) {
				Method previous = methods.putIfAbsent(type, invocable);
				if (previous != null) {
					throw new IllegalStateException("Two @AmpExceptionHandler methods handle " + type.getName() + ": "
							+ AmpArgumentsMapper.describe(previous) + " and " + where);
				}
			}
		});
		return new ExceptionHandlerMethods(bean, methods);
	}

	private static void check(Method method, String where) {
		if (!Throwable.class.isAssignableFrom(method.getReturnType())) {
			throw new IllegalStateException("@AmpExceptionHandler " + where + " returns "
					+ method.getReturnType().getSimpleName() + ": return the exception to answer with (declared by the "
					+ "command, or an AmpRemoteException), or null to leave it to the next handler");
		}
		for (Class<?> type : method.getParameterTypes()) {
			if (!Throwable.class.isAssignableFrom(type) && type != AmpCallContext.class && type != AmpSession.class) {
				throw new IllegalStateException("Cannot bind parameter of type " + type.getSimpleName() + " of "
						+ "@AmpExceptionHandler " + where + " (it takes the exception, AmpCallContext or AmpSession)");
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> handledTypes(Method method, AmpExceptionHandler annotation,
			String where) {
		List<Class<? extends Throwable>> types = new ArrayList<>(List.of(annotation.value()));
		if (types.isEmpty()) {
			for (Class<?> type : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(type)) {
					types.add((Class<? extends Throwable>) type);
				}
			}
		}
		if (types.isEmpty()) {
			throw new IllegalStateException("@AmpExceptionHandler " + where + " names no exception: give the "
					+ "annotation exception types, or take the exception as a parameter");
		}
		return types;
	}

	/**
	 * Map an exception with the closest handler.
	 * @return what to answer with, or {@code null} when no handler maps it
	 */
	@Nullable Throwable handle(Throwable exception, AmpCallContext call) {
		if (!matches(exception)) {
			return null;
		}
		Class<? extends Throwable> closest = ExceptionDepthComparator.findClosestMatch(this.methods.keySet(), exception);
		Method method = Objects.requireNonNull(this.methods.get(closest), "the closest is one of the keys");
		Object[] arguments = new Object[method.getParameterCount()];
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			arguments[i] = (types[i] == AmpCallContext.class) ? call
					: (types[i] == AmpSession.class) ? call.session()
							: types[i].isInstance(exception) ? exception : null;
		}
		try {
			return (Throwable) method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			return ex.getTargetException();
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call @AmpExceptionHandler " + method, ex);
		}
	}

	private boolean matches(Throwable exception) {
		for (Class<? extends Throwable> type : this.methods.keySet()) {
			if (type.isInstance(exception)) {
				return true;
			}
		}
		return false;
	}

}
