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
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.ampproto.command.AmpArgument;
import io.ampproto.command.AmpArgumentsMapper;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSchema;
import io.ampproto.session.AmpCallContext;
import io.ampproto.session.AmpBlockingExecutor;
import io.ampproto.session.AmpCommandHandler;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpServerInterceptor;
import io.ampproto.session.AmpSession;
import io.ampproto.switching.AmpSwitch;
import io.ampproto.switching.AmpSwitchCommand;
import io.ampproto.transport.AmpConnection;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link AmpCommandMapping} methods of {@link AmpResponder} beans and turns
 * them into {@link AmpResponders}.
 * <p>
 * Mistakes fail at startup with a message naming the methods: two methods for one
 * command, a parameter that binds to nothing, a return type that does not fit the
 * command's response.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpResponderMethods {

	private static final boolean SPRING_SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.Authentication", AmpResponderMethods.class.getClassLoader());

	private final AmpResponders responders;

	private final Map<String, String> methodsByCommand;

	private AmpResponderMethods(AmpResponders responders, Map<String, String> methodsByCommand) {
		this.responders = responders;
		this.methodsByCommand = methodsByCommand;
	}

	/**
	 * Find the responder methods of the given beans.
	 * @param beans the beans, typically those annotated with {@link AmpResponder}
	 * @param blockingExecutor where methods that may block run
	 * @param defaultDispatch where methods whose mapping leaves dispatch at
	 * {@link AmpCommandMapping.Dispatch#AUTO AUTO} run: {@code AUTO} by their return
	 * type, or all on the event loop, or all on the blocking executor
	 * @return the responder methods
	 * @throws IllegalStateException when the methods are not valid responders
	 */
	public static AmpResponderMethods detect(Iterable<?> beans, AmpBlockingExecutor blockingExecutor,
			AmpCommandMapping.Dispatch defaultDispatch) {
		return detect(beans, blockingExecutor, defaultDispatch, List.of(), (type) -> {
			throw new IllegalStateException("No interceptor of type " + type.getName());
		}, List.of());
	}

	/**
	 * Find the responder methods of the given beans, behind interceptors.
	 * @param beans the beans, typically those annotated with {@link AmpResponder}
	 * @param blockingExecutor where methods that may block run
	 * @param defaultDispatch where methods whose mapping leaves dispatch at
	 * {@link AmpCommandMapping.Dispatch#AUTO AUTO} run
	 * @param interceptors the interceptors of every command, in order
	 * @param interceptorsByType supplies the interceptors a responder names in
	 * {@link AmpResponder#interceptors()}
	 * @param advice the {@link AmpResponderAdvice} beans, in order
	 * @return the responder methods
	 * @throws IllegalStateException when the methods are not valid responders
	 */
	public static AmpResponderMethods detect(Iterable<?> beans, AmpBlockingExecutor blockingExecutor,
			AmpCommandMapping.Dispatch defaultDispatch, List<? extends AmpServerInterceptor> interceptors,
			Function<Class<? extends AmpServerInterceptor>, AmpServerInterceptor> interceptorsByType,
			List<?> advice) {
		List<ExceptionHandlerMethods> adviceHandlers = new ArrayList<>();
		for (Object bean : advice) {
			ExceptionHandlerMethods handlers = ExceptionHandlerMethods.of(bean);
			if (handlers != null) {
				adviceHandlers.add(handlers);
			}
		}
		AmpResponders.Builder builder = AmpResponders.builder();
		interceptors.forEach(builder::intercept);
		Map<String, String> methodsByCommand = new LinkedHashMap<>();
		for (Object bean : beans) {
			Class<?> userClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
			List<AmpServerInterceptor> own = ownInterceptors(userClass, interceptorsByType);
			List<ExceptionHandlerMethods> exceptionHandlers = new ArrayList<>();
			ExceptionHandlerMethods local = ExceptionHandlerMethods.of(bean);
			if (local != null) {
				exceptionHandlers.add(local);
			}
			exceptionHandlers.addAll(adviceHandlers);
			Map<Method, AmpCommandMapping> methods = MethodIntrospector.selectMethods(userClass,
					(MethodIntrospector.MetadataLookup<AmpCommandMapping>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, AmpCommandMapping.class));
			for (Map.Entry<Method, AmpCommandMapping> entry : methods.entrySet()) {
				Method method = entry.getKey();
				Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
				ResponderMethod<?, ?> responder = ResponderMethod.of(bean, method, invocable, entry.getValue(),
						defaultDispatch, exceptionHandlers);
				String name = responder.schema.name();
				String previous = methodsByCommand.putIfAbsent(name, AmpArgumentsMapper.describe(method));
				if (previous != null) {
					throw new IllegalStateException("AMP command '" + name + "' is answered by two methods: " + previous
							+ " and " + AmpArgumentsMapper.describe(method));
				}
				responder.register(builder, own, blockingExecutor);
			}
		}
		return new AmpResponderMethods(builder.build(), Collections.unmodifiableMap(methodsByCommand));
	}

	/**
	 * Return the responders.
	 * @return the responders of every detected method
	 */
	public AmpResponders responders() {
		return this.responders;
	}

	/**
	 * Return which method answers each command.
	 * @return method descriptions by command name
	 */
	public Map<String, String> methodsByCommand() {
		return this.methodsByCommand;
	}

	private static List<AmpServerInterceptor> ownInterceptors(Class<?> userClass,
			Function<Class<? extends AmpServerInterceptor>, AmpServerInterceptor> interceptorsByType) {
		AmpResponder responder = AnnotatedElementUtils.findMergedAnnotation(userClass, AmpResponder.class);
		if (responder == null || responder.interceptors().length == 0) {
			return List.of();
		}
		List<AmpServerInterceptor> own = new ArrayList<>();
		for (Class<? extends AmpServerInterceptor> type : responder.interceptors()) {
			own.add(interceptorsByType.apply(type));
		}
		return own;
	}

	/**
	 * One responder method, bound to its bean.
	 */
	private static final class ResponderMethod<C, R> implements AmpCommandHandler<C, R> {

		final AmpCommandSchema<C, R> schema;

		private final Object bean;

		private final Method method;

		private final ArgumentResolver[] resolvers;

		private final boolean blocking;

		/** The responder's own, then the advice beans'; empty when there are none. */
		private final ExceptionHandlerMethods[] exceptionHandlers;

		private ResponderMethod(AmpCommandSchema<C, R> schema, Object bean, Method method, ArgumentResolver[] resolvers,
				boolean blocking, List<ExceptionHandlerMethods> exceptionHandlers) {
			this.schema = schema;
			this.bean = bean;
			this.method = method;
			this.resolvers = resolvers;
			this.blocking = blocking;
			this.exceptionHandlers = exceptionHandlers.toArray(new ExceptionHandlerMethods[0]);
			ReflectionUtils.makeAccessible(method);
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		static ResponderMethod<?, ?> of(Object bean, Method method, Method invocable, AmpCommandMapping mapping,
				AmpCommandMapping.Dispatch defaultDispatch, List<ExceptionHandlerMethods> exceptionHandlers) {
			String where = AmpArgumentsMapper.describe(method);
			Parameter[] parameters = method.getParameters();
			Class<?> commandType = commandType(method, mapping, where);
			ArgumentResolver[] resolvers = new ArgumentResolver[parameters.length];
			AmpCommandSchema schema;
			if (commandType != null) {
				schema = AmpCommandSchema.of((Class) commandType);
				for (int i = 0; i < parameters.length; i++) {
					resolvers[i] = recordResolver(parameters[i], commandType, where);
				}
				checkReturnType(method, commandType, schema.responseType(), where);
			}
			else {
				List<Parameter> arguments = new ArrayList<>();
				for (int i = 0; i < parameters.length; i++) {
					ArgumentResolver contextual = contextResolver(parameters[i]);
					if (contextual != null) {
						resolvers[i] = contextual;
					}
					else {
						int index = arguments.size();
						arguments.add(parameters[i]);
						resolvers[i] = (command, call) -> ((Object[]) command)[index];
					}
				}
				schema = AmpCommandSchema.ofSignature(mapping.name(), where, arguments, responseType(method, where),
						mapping.errors());
			}
			boolean reactive = Publisher.class.isAssignableFrom(method.getReturnType())
					|| CompletionStage.class.isAssignableFrom(method.getReturnType());
			AmpCommandMapping.Dispatch dispatch = (mapping.dispatch() != AmpCommandMapping.Dispatch.AUTO)
					? mapping.dispatch() : defaultDispatch;
			boolean blocking = switch (dispatch) {
				case AUTO -> !reactive;
				case EVENT_LOOP -> false;
				case BLOCKING -> true;
			};
			return new ResponderMethod(schema, bean, invocable, resolvers, blocking, exceptionHandlers);
		}

		private static @Nullable Class<?> commandType(Method method, AmpCommandMapping mapping, String where) {
			if (mapping.value() != AmpCommand.class) {
				if (!mapping.name().isEmpty()) {
					throw new IllegalStateException(
							"@AmpCommandMapping on " + where + " names both a command type and a wire name");
				}
				return mapping.value();
			}
			if (!mapping.name().isEmpty()) {
				return null;
			}
			Class<?> found = null;
			for (Class<?> type : method.getParameterTypes()) {
				if (AmpCommand.class.isAssignableFrom(type)) {
					if (found != null) {
						throw new IllegalStateException("Responder method " + where
								+ " takes two commands: name the one it answers in @AmpCommandMapping");
					}
					found = type;
				}
			}
			if (found == null) {
				throw new IllegalStateException("Responder method " + where + " names no command: give "
						+ "@AmpCommandMapping a command type or a wire name, or take the command record as a parameter");
			}
			return found;
		}

		private static @Nullable ArgumentResolver contextResolver(Parameter parameter) {
			if (parameter.getType() == AmpSession.class) {
				return (command, call) -> call.session();
			}
			if (parameter.getType() == AmpConnection.class) {
				return (command, call) -> call.session().connection();
			}
			if (parameter.getType() == AmpCallContext.class) {
				return (command, call) -> call;
			}
			if (parameter.getType() == Principal.class) {
				return (command, call) -> call.principal();
			}
			return SPRING_SECURITY_PRESENT ? SecurityArguments.resolver(parameter) : null;
		}

		private static ArgumentResolver recordResolver(Parameter parameter, Class<?> commandType, String where) {
			ArgumentResolver contextual = contextResolver(parameter);
			if (contextual != null) {
				return contextual;
			}
			if (parameter.getType().isAssignableFrom(commandType)) {
				return (command, call) -> command;
			}
			AmpArgument annotation = parameter.getAnnotation(AmpArgument.class);
			String key = (annotation != null && !annotation.name().isEmpty()) ? annotation.name() : parameter.getName();
			for (RecordComponent component : commandType.getRecordComponents()) {
				AmpArgument componentAnnotation = component.getAnnotation(AmpArgument.class);
				String componentKey = (componentAnnotation != null && !componentAnnotation.name().isEmpty())
						? componentAnnotation.name() : component.getName();
				if (component.getName().equals(key) || componentKey.equals(key)) {
					if (!ClassUtils.resolvePrimitiveIfNecessary(parameter.getType())
						.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(component.getType()))) {
						throw new IllegalStateException("Parameter '" + parameter.getName() + "' of " + where
								+ " is a " + parameter.getType().getSimpleName() + " but argument '" + componentKey
								+ "' of " + commandType.getSimpleName() + " is a "
								+ component.getType().getSimpleName());
					}
					Method accessor = component.getAccessor();
					ReflectionUtils.makeAccessible(accessor);
					return (command, call) -> ReflectionUtils.invokeMethod(accessor, command);
				}
			}
			throw new IllegalStateException("Cannot bind parameter '" + parameter.getName() + "' of " + where + ": "
					+ commandType.getSimpleName() + " has no argument of that name (parameters bind to the command, "
					+ "its arguments by name, AmpCallContext, AmpSession or AmpConnection)");
		}

		private static void checkReturnType(Method method, Class<?> commandType, Class<?> responseType, String where) {
			Class<?> returned = responseType(method, where);
			if (returned == Object.class) {
				return;
			}
			if (AmpSwitchCommand.class.isAssignableFrom(commandType)) {
				if (!AmpSwitch.class.isAssignableFrom(returned)) {
					throw new IllegalStateException("Responder method " + where + " answers the protocol switch command "
							+ commandType.getSimpleName() + ": return an AmpSwitch (or a Mono of one), not "
							+ returned.getSimpleName());
				}
				return;
			}
			if (responseType == Void.class) {
				if (returned != Void.class) {
					throw new IllegalStateException("Responder method " + where + " returns "
							+ returned.getSimpleName() + " but its command's response has no fields: return void");
				}
				return;
			}
			if (!responseType.isAssignableFrom(returned)) {
				throw new IllegalStateException("Responder method " + where + " returns " + returned.getSimpleName()
						+ " but its command's response is " + responseType.getName());
			}
		}

		/**
		 * The response type behind a method's return type: the type argument of a
		 * {@code Publisher} or {@code CompletionStage}, {@code Void} for void.
		 */
		private static Class<?> responseType(Method method, String where) {
			Class<?> raw = method.getReturnType();
			if (raw == void.class || raw == Void.class) {
				return Void.class;
			}
			if (Publisher.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw)) {
				Type generic = method.getGenericReturnType();
				if (generic instanceof ParameterizedType parameterized
						&& parameterized.getActualTypeArguments()[0] instanceof Class<?> argument) {
					return argument;
				}
				return Object.class;
			}
			return raw;
		}

		void register(AmpResponders.Builder builder, List<AmpServerInterceptor> interceptors,
				AmpBlockingExecutor blockingExecutor) {
			if (this.blocking) {
				builder.respondBlocking(this.schema, blockingExecutor, this, interceptors);
			}
			else {
				builder.respond(this.schema, this, interceptors);
			}
		}

		@Override
		public Publisher<R> handle(C command, AmpSession session) {
			return handle(command, new AmpCallContext(this.schema, command, session));
		}

		@Override
		public Publisher<R> handle(C command, AmpCallContext call) {
			Mono<R> answer = answer(command, call);
			if (this.exceptionHandlers.length == 0) {
				return answer;
			}
			return answer.onErrorMap((error) -> mapException(error, call));
		}

		private Mono<R> answer(C command, AmpCallContext call) {
			Object[] arguments = new Object[this.resolvers.length];
			for (int i = 0; i < arguments.length; i++) {
				arguments[i] = this.resolvers[i].resolve(command, call);
			}
			// The session calls this where the method runs (the event loop, or the blocking
			// executor) and subscribes at once: no need to defer the call.
			try {
				return adapt(invoke(arguments));
			}
			catch (Throwable ex) {
				// As Mono.defer did: an error answer for all but the JVM's fatal errors.
				Exceptions.throwIfJvmFatal(ex);
				return Mono.error(ex);
			}
		}

		/**
		 * The error to answer with: the first handler's mapping, the responder's own
		 * handlers first; the exception itself when none maps it.
		 */
		private Throwable mapException(Throwable error, AmpCallContext call) {
			for (ExceptionHandlerMethods handlers : this.exceptionHandlers) {
				Throwable mapped = handlers.handle(error, call);
				if (mapped != null) {
					return mapped;
				}
			}
			return error;
		}

		private @Nullable Object invoke(Object[] arguments) throws Exception {
			try {
				return this.method.invoke(this.bean, arguments);
			}
			catch (InvocationTargetException ex) {
				Throwable target = ex.getTargetException();
				if (target instanceof Exception exception) {
					throw exception;
				}
				if (target instanceof Error error) {
					throw error;
				}
				throw ex;
			}
		}

		@SuppressWarnings("unchecked")
		private static <R> Mono<R> adapt(@Nullable Object result) {
			if (result == null) {
				return Mono.empty();
			}
			if (result instanceof Publisher<?> publisher) {
				return Mono.from((Publisher<R>) publisher);
			}
			if (result instanceof CompletionStage<?> stage) {
				return Mono.fromCompletionStage((CompletionStage<R>) stage);
			}
			return Mono.just((R) result);
		}

	}

	/**
	 * Supplies one parameter of a responder method.
	 */
	@FunctionalInterface
	interface ArgumentResolver {

		@Nullable Object resolve(Object command, AmpCallContext call);

	}

}
