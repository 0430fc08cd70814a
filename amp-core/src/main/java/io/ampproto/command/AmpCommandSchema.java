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
package io.ampproto.command;

import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.ampproto.box.AmpBox;
import io.ampproto.command.type.AmpArgumentContext;
import io.ampproto.command.type.AmpBoxMapper;
import org.jspecify.annotations.Nullable;

/**
 * Everything the call engine needs to know of a command: its wire name, how its arguments
 * and its response map to boxes, its declared errors, and whether it requires an answer.
 * <p>
 * {@link #of(Class)} derives it from an {@link AmpCommand} record; {@link #builder(String)}
 * defines one by hand.
 *
 * @param <C> the command type
 * @param <R> the response type
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpCommandSchema<C, R> {

	private static final ClassValue<AmpCommandSchema<?, ?>> CACHE = new ClassValue<>() {
		@Override
		protected AmpCommandSchema<?, ?> computeValue(Class<?> type) {
			return fromRecord(type);
		}
	};

	private static final AmpBoxMapper<Void> NO_FIELDS = new AmpBoxMapper<>() {

		@Override
		public AmpBox toBox(Void row) {
			return AmpBox.empty();
		}

		@Override
		public Void fromBox(AmpBox box) {
			return null;
		}

	};

	private final String name;

	private final byte[] nameBytes;

	private final Class<C> commandType;

	private final AmpBoxMapper<C> arguments;

	private final Class<R> responseType;

	private final AmpBoxMapper<R> response;

	private final boolean requiresAnswer;

	private final boolean idempotent;

	private final List<AmpErrorMapping> errors;

	private AmpCommandSchema(String name, Class<C> commandType, AmpBoxMapper<C> arguments, Class<R> responseType,
			AmpBoxMapper<R> response, boolean requiresAnswer, boolean idempotent, List<AmpErrorMapping> errors) {
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		if (nameBytes.length == 0 || nameBytes.length > 65535) {
			throw new IllegalArgumentException("AMP command name must be 1..65535 bytes: '" + name + "'");
		}
		this.name = name;
		this.nameBytes = nameBytes;
		this.commandType = commandType;
		this.arguments = arguments;
		this.responseType = responseType;
		this.response = response;
		this.requiresAnswer = requiresAnswer;
		this.idempotent = idempotent;
		this.errors = List.copyOf(errors);
	}

	/**
	 * Return the mapper of a response without fields: an empty box and {@code null}.
	 * @return the mapper used for {@link Void} responses
	 */
	public static AmpBoxMapper<Void> noFields() {
		return NO_FIELDS;
	}

	/**
	 * Return the schema of a command record.
	 * @param <C> the command type
	 * @param <R> the response type
	 * @param commandType the record class implementing {@link AmpCommand}
	 * @return the (cached) schema
	 * @throws IllegalArgumentException when the class is not a valid command
	 */
	@SuppressWarnings("unchecked")
	public static <C extends AmpCommand<R>, R> AmpCommandSchema<C, R> of(Class<C> commandType) {
		return (AmpCommandSchema<C, R>) CACHE.get(commandType);
	}

	/**
	 * Start defining a schema by hand, with the given wire name.
	 * @param name the command name
	 * @return a builder
	 */
	public static Builder<AmpBox, AmpBox> builder(String name) {
		return new Builder<>(name, AmpBox.class, IDENTITY, AmpBox.class, IDENTITY);
	}

	/**
	 * Return the schema of a command declared by a method's signature rather than by a
	 * record: its arguments are the given parameters, passed as an {@code Object[]}; its
	 * response is a record, or {@link Void} for none.
	 * @param name the command's wire name
	 * @param owner the method, as error messages name it
	 * @param parameters the parameters that are the command's arguments, in order
	 * @param responseType the response record, or {@link Void}
	 * @param errors the errors the command declares
	 * @return the schema
	 * @throws IllegalArgumentException if a parameter or the response cannot be mapped
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static AmpCommandSchema<Object[], Object> ofSignature(String name, String owner, List<Parameter> parameters,
			Class<?> responseType, AmpError... errors) {
		AmpBoxMapper response = (responseType == Void.class) ? noFields() : AmpRecordMapper.of(responseType);
		Builder builder = builder(name).arguments(Object[].class, AmpArgumentsMapper.ofParameters(owner, parameters))
			.response(responseType, response);
		for (AmpError error : errors) {
			builder.error(error.code(), error.exception(), error.fatal());
		}
		return builder.build();
	}

	private static final AmpBoxMapper<AmpBox> IDENTITY = new AmpBoxMapper<>() {

		@Override
		public AmpBox toBox(AmpBox row) {
			return row;
		}

		@Override
		public AmpBox fromBox(AmpBox box) {
			return box;
		}

	};

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static AmpCommandSchema<?, ?> fromRecord(Class<?> commandType) {
		if (!AmpCommand.class.isAssignableFrom(commandType)) {
			throw new IllegalArgumentException(commandType.getName() + " does not implement AmpCommand");
		}
		AmpCommandSpec spec = commandType.getAnnotation(AmpCommandSpec.class);
		String name = (spec != null && !spec.name().isEmpty()) ? spec.name() : commandType.getSimpleName();
		Class<?> responseType = responseType(commandType);
		AmpBoxMapper<?> response = (responseType == Void.class) ? NO_FIELDS : AmpRecordMapper.of(responseType);
		List<AmpErrorMapping> errors = new ArrayList<>();
		if (spec != null) {
			for (AmpError error : spec.errors()) {
				errors.add(new AmpErrorMapping(error.code(), error.exception(), error.fatal()));
			}
		}
		return new AmpCommandSchema(name, commandType, AmpRecordMapper.of(commandType), responseType, response,
				spec == null || spec.requiresAnswer(), spec != null && spec.idempotent(), errors);
	}

	private static Class<?> responseType(Class<?> commandType) {
		for (Type type : commandType.getGenericInterfaces()) {
			if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == AmpCommand.class) {
				Type argument = parameterized.getActualTypeArguments()[0];
				if (argument instanceof Class<?> responseClass) {
					return responseClass;
				}
				throw new IllegalArgumentException("The response type of " + commandType.getName()
						+ " must be a record class or Void, not " + argument.getTypeName());
			}
			// A command interface that names the response type (AmpSwitchCommand).
			if (type instanceof Class<?> iface && iface != AmpCommand.class && AmpCommand.class.isAssignableFrom(iface)) {
				return responseType(iface);
			}
		}
		throw new IllegalArgumentException(
				commandType.getName() + " must implement AmpCommand<R> directly, naming its response type");
	}

	/**
	 * Return the wire name.
	 * @return the command name
	 */
	public String name() {
		return this.name;
	}

	byte[] nameBytes() {
		return this.nameBytes;
	}

	/**
	 * Return the Java type of the command.
	 * @return the command type
	 */
	public Class<C> commandType() {
		return this.commandType;
	}

	/**
	 * Return the mapping of arguments to boxes.
	 * @return the argument mapper
	 */
	public AmpBoxMapper<C> arguments() {
		return this.arguments;
	}

	/**
	 * Return the box of a request to call this command: its arguments with
	 * {@code _command} and, when an answer is asked for, {@code _ask}.
	 * @param command the command
	 * @param context the context of the connection the box goes to
	 * @param ask the tag ({@code _ask}), or {@code null} to ask for no answer
	 * @return the box
	 * @throws io.ampproto.command.type.AmpArgumentException when an argument cannot be
	 * encoded
	 */
	public AmpBox request(C command, AmpArgumentContext context, byte @Nullable [] ask) {
		byte[] tag = (ask != null) ? ask.clone() : null;
		if (this.arguments instanceof AmpRecordMapper<C> records) {
			return records.toRequestBox(command, context, this.nameBytes, tag);
		}
		AmpBox box = this.arguments.toBox(command, context).with("_command", this.nameBytes);
		return (tag != null) ? box.with("_ask", tag) : box;
	}

	/**
	 * Return the box that answers this command: the response's fields with
	 * {@code _answer}.
	 * @param response the response, {@code null} for a response without fields
	 * @param context the context of the connection the box goes to
	 * @param answer the tag of the command answered ({@code _ask}, byte for byte)
	 * @return the box
	 * @throws io.ampproto.command.type.AmpArgumentException when a field cannot be
	 * encoded
	 */
	public AmpBox answer(@Nullable R response, AmpArgumentContext context, byte[] answer) {
		byte[] tag = answer.clone();
		if (response == null) {
			return AmpBox.empty().with("_answer", tag);
		}
		if (this.response instanceof AmpRecordMapper<R> records) {
			return records.toAnswerBox(response, context, tag);
		}
		return this.response.toBox(response, context).with("_answer", tag);
	}

	/**
	 * Return the Java type of the response ({@link Void} when it has no fields).
	 * @return the response type
	 */
	public Class<R> responseType() {
		return this.responseType;
	}

	/**
	 * Return the mapping of responses to boxes.
	 * @return the response mapper
	 */
	public AmpBoxMapper<R> response() {
		return this.response;
	}

	/**
	 * Return whether the caller waits for an answer.
	 * @return whether an answer is required
	 */
	public boolean requiresAnswer() {
		return this.requiresAnswer;
	}

	/**
	 * Return whether running the command twice does no more than running it once, so
	 * that a load-balanced requester may send it again to another instance when the
	 * connection it was sent on drops before the answer.
	 * @return whether the command is idempotent
	 */
	public boolean idempotent() {
		return this.idempotent;
	}

	/**
	 * Return the declared errors, in declaration order.
	 * @return the errors
	 */
	public List<AmpErrorMapping> errors() {
		return this.errors;
	}

	/**
	 * Find the declared error of an exception a responder threw: the first declared type
	 * it is an instance of.
	 * @param exception the exception
	 * @return the mapping, or {@code null} when undeclared
	 */
	public @Nullable AmpErrorMapping errorFor(Throwable exception) {
		for (AmpErrorMapping error : this.errors) {
			if (error.exception().isInstance(exception)) {
				return error;
			}
		}
		return null;
	}

	/**
	 * Build the exception a caller sees for an error answer, as Twisted does:
	 * {@code UNHANDLED} first, then the declared errors, then an
	 * {@link AmpUnknownRemoteException}.
	 * @param code the error code
	 * @param description the description
	 * @return the exception
	 */
	public Throwable exceptionFor(String code, String description) {
		if (AmpUnhandledCommandException.CODE.equals(code)) {
			return new AmpUnhandledCommandException(description);
		}
		for (AmpErrorMapping error : this.errors) {
			if (error.code().equals(code)) {
				return error.newException(description);
			}
		}
		return new AmpUnknownRemoteException(code, description);
	}

	@Override
	public String toString() {
		return "AmpCommandSchema{" + this.name + "}";
	}

	/**
	 * Defines a schema by hand.
	 *
	 * @param <C> the command type
	 * @param <R> the response type
	 */
	public static final class Builder<C, R> {

		private final String name;

		private final Class<C> commandType;

		private final AmpBoxMapper<C> arguments;

		private final Class<R> responseType;

		private final AmpBoxMapper<R> response;

		private boolean requiresAnswer = true;

		private boolean idempotent;

		private final List<AmpErrorMapping> errors = new ArrayList<>();

		private Builder(String name, Class<C> commandType, AmpBoxMapper<C> arguments, Class<R> responseType,
				AmpBoxMapper<R> response) {
			this.name = Objects.requireNonNull(name, "name");
			this.commandType = commandType;
			this.arguments = arguments;
			this.responseType = responseType;
			this.response = response;
		}

		/**
		 * Map the arguments with the given mapper.
		 * @param <T> the new command type
		 * @param type the command type
		 * @param mapper the mapper
		 * @return a builder for the new type
		 */
		public <T> Builder<T, R> arguments(Class<T> type, AmpBoxMapper<T> mapper) {
			Builder<T, R> builder = new Builder<>(this.name, type, mapper, this.responseType, this.response);
			builder.requiresAnswer = this.requiresAnswer;
			builder.idempotent = this.idempotent;
			builder.errors.addAll(this.errors);
			return builder;
		}

		/**
		 * Map the response with the given mapper.
		 * @param <T> the new response type
		 * @param type the response type
		 * @param mapper the mapper
		 * @return a builder for the new type
		 */
		public <T> Builder<C, T> response(Class<T> type, AmpBoxMapper<T> mapper) {
			Builder<C, T> builder = new Builder<>(this.name, this.commandType, this.arguments, type, mapper);
			builder.requiresAnswer = this.requiresAnswer;
			builder.idempotent = this.idempotent;
			builder.errors.addAll(this.errors);
			return builder;
		}

		/**
		 * Set whether the caller waits for an answer.
		 * @param requiresAnswer whether an answer is required
		 * @return this builder
		 */
		public Builder<C, R> requiresAnswer(boolean requiresAnswer) {
			this.requiresAnswer = requiresAnswer;
			return this;
		}

		/**
		 * Set whether the command may run twice without harm (see
		 * {@link AmpCommandSchema#idempotent()}); not by default.
		 * @param idempotent whether the command is idempotent
		 * @return this builder
		 */
		public Builder<C, R> idempotent(boolean idempotent) {
			this.idempotent = idempotent;
			return this;
		}

		/**
		 * Declare an error.
		 * @param code the error code
		 * @param exception the exception type
		 * @param fatal whether the connection closes after it is sent
		 * @return this builder
		 */
		public Builder<C, R> error(String code, Class<? extends Throwable> exception, boolean fatal) {
			this.errors.add(new AmpErrorMapping(code, exception, fatal));
			return this;
		}

		/**
		 * Build the schema.
		 * @return the schema
		 */
		public AmpCommandSchema<C, R> build() {
			return new AmpCommandSchema<>(this.name, this.commandType, this.arguments, this.responseType,
					this.response, this.requiresAnswer, this.idempotent, this.errors);
		}

	}

}
