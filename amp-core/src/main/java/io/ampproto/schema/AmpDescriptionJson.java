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
package io.ampproto.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes command descriptions as JSON, in the shape the {@code amp} actuator
 * endpoint shows under {@code schemas}: an object of descriptions by command name. The
 * same shape comes out of the Python introspection of {@code amp codegen}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpDescriptionJson {

	/** The key of the descriptions in the endpoint's answer. */
	public static final String SCHEMAS = "schemas";

	private AmpDescriptionJson() {
	}

	/**
	 * Read the descriptions under {@code schemas} of a JSON document, such as the
	 * {@code amp} endpoint's answer.
	 * @param json the document
	 * @return the descriptions, in document order
	 * @throws IllegalArgumentException when the document is not JSON, has no
	 * {@code schemas} or holds a malformed description
	 */
	public static List<AmpCommandDescription> read(String json) {
		Object document = JsonText.parse(json);
		if (!(document instanceof Map<?, ?> map) || !(map.get(SCHEMAS) instanceof Map<?, ?> schemas)) {
			throw new IllegalArgumentException("The JSON has no '" + SCHEMAS + "' object of command descriptions "
					+ "(is it the amp actuator endpoint of a version that describes commands?)");
		}
		List<AmpCommandDescription> commands = new ArrayList<>();
		for (Map.Entry<?, ?> entry : schemas.entrySet()) {
			try {
				commands.add(command(object(entry.getValue(), "command")));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("Bad description of command '" + entry.getKey() + "': "
						+ ex.getMessage(), ex);
			}
		}
		return commands;
	}

	/**
	 * Write descriptions as a JSON document with one key, {@code schemas}.
	 * @param commands the descriptions
	 * @return the JSON text, indented
	 */
	public static String write(List<AmpCommandDescription> commands) {
		Map<String, Object> schemas = new LinkedHashMap<>();
		for (AmpCommandDescription command : commands) {
			schemas.put(command.name(), toJson(command));
		}
		return JsonText.write(Map.of(SCHEMAS, schemas));
	}

	private static Map<String, Object> toJson(AmpCommandDescription command) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", command.name());
		json.put("typeName", command.typeName());
		json.put("arguments", fieldsToJson(command.arguments()));
		json.put("response", fieldsToJson(command.response()));
		List<Object> errors = new ArrayList<>();
		for (AmpErrorDescription error : command.errors()) {
			Map<String, Object> errorJson = new LinkedHashMap<>();
			errorJson.put("code", error.code());
			errorJson.put("exception", error.exception());
			errorJson.put("fatal", error.fatal());
			errors.add(errorJson);
		}
		json.put("errors", errors);
		json.put("requiresAnswer", command.requiresAnswer());
		json.put("protocolSwitch", command.protocolSwitch());
		return json;
	}

	private static @Nullable List<Object> fieldsToJson(@Nullable List<AmpFieldDescription> fields) {
		if (fields == null) {
			return null;
		}
		List<Object> json = new ArrayList<>();
		for (AmpFieldDescription field : fields) {
			Map<String, Object> fieldJson = new LinkedHashMap<>();
			fieldJson.put("key", field.key());
			fieldJson.put("type", typeToJson(field.type()));
			fieldJson.put("optional", field.optional());
			json.add(fieldJson);
		}
		return json;
	}

	private static Map<String, Object> typeToJson(AmpTypeDescription type) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", type.name());
		json.put("custom", type.custom());
		json.put("element", (type.element() != null) ? typeToJson(type.element()) : null);
		json.put("rows", fieldsToJson(type.rows()));
		return json;
	}

	private static AmpCommandDescription command(Map<?, ?> json) {
		String name = string(json, "name");
		List<AmpErrorDescription> errors = new ArrayList<>();
		for (Object error : list(json.get("errors"), "errors")) {
			Map<?, ?> errorJson = object(error, "error");
			errors.add(new AmpErrorDescription(string(errorJson, "code"), string(errorJson, "exception"),
					bool(errorJson, "fatal", false)));
		}
		Object typeName = json.get("typeName");
		return new AmpCommandDescription(name, (typeName instanceof String text) ? text : name,
				fields(json.get("arguments")), fields(json.get("response")), errors,
				bool(json, "requiresAnswer", true), bool(json, "protocolSwitch", false));
	}

	private static @Nullable List<AmpFieldDescription> fields(@Nullable Object json) {
		if (json == null) {
			return null;
		}
		List<AmpFieldDescription> fields = new ArrayList<>();
		for (Object field : list(json, "fields")) {
			Map<?, ?> fieldJson = object(field, "field");
			fields.add(new AmpFieldDescription(string(fieldJson, "key"), type(object(fieldJson.get("type"), "type")),
					bool(fieldJson, "optional", false)));
		}
		return fields;
	}

	private static AmpTypeDescription type(Map<?, ?> json) {
		Object element = json.get("element");
		return new AmpTypeDescription(string(json, "name"), bool(json, "custom", false),
				(element != null) ? type(object(element, "element")) : null, fields(json.get("rows")));
	}

	private static Map<?, ?> object(@Nullable Object json, String what) {
		if (json instanceof Map<?, ?> map) {
			return map;
		}
		throw new IllegalArgumentException("expected an object for " + what + ", got " + json);
	}

	private static List<?> list(@Nullable Object json, String what) {
		if (json == null) {
			return List.of();
		}
		if (json instanceof List<?> list) {
			return list;
		}
		throw new IllegalArgumentException("expected an array for " + what + ", got " + json);
	}

	private static String string(Map<?, ?> json, String key) {
		if (json.get(key) instanceof String text) {
			return text;
		}
		throw new IllegalArgumentException("expected a string for '" + key + "' in " + json);
	}

	private static boolean bool(Map<?, ?> json, String key, boolean absent) {
		Object value = json.get(key);
		if (value == null) {
			return absent;
		}
		if (value instanceof Boolean flag) {
			return flag;
		}
		throw new IllegalArgumentException("expected true or false for '" + key + "' in " + json);
	}

}
