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
package io.ampproto.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.jayway.jsonpath.JsonPath;
import io.ampproto.autoconfigure.observation.AmpObservationProperties;
import io.ampproto.autoconfigure.security.AmpSecurityProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata that the build generates: every {@code amp.*} key
 * of {@link AmpProperties}, named clients' keys included, is described with its default.
 */
class AmpConfigurationMetadataTests {

	/** Built by the configuration processor, merged with additional-spring-configuration-metadata.json. */
	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	@Test
	void everyKeyIsDescribedWithItsDefault() throws Exception {
		Map<String, Map<String, Object>> described = described();
		Map<String, Leaf> keys = new TreeMap<>();
		collect("amp", AmpProperties.class, new AmpProperties(), keys);
		collect("amp.server.security", AmpSecurityProperties.class, new AmpSecurityProperties(), keys);
		collect("amp.observations", AmpObservationProperties.class, new AmpObservationProperties(), keys);
		assertThat(keys).containsKeys("amp.server.port", "amp.server.max-box-size", "amp.client.*.host",
				"amp.client.*.ssl.start-tls", "amp.client.*.reconnect.min-backoff");
		for (Map.Entry<String, Leaf> entry : keys.entrySet()) {
			String key = entry.getKey();
			Leaf leaf = entry.getValue();
			assertThat(described).as("metadata of %s", key).containsKey(key);
			Map<String, Object> property = described.get(key);
			assertThat((String) property.get("description")).as("description of %s", key).isNotBlank();
			assertThat(property.get("type")).as("type of %s", key).isEqualTo(ClassNameOf.boxed(leaf.type()));
			if (leaf.value() == null) {
				assertThat(property).as("%s has no default", key).doesNotContainKey("defaultValue");
			}
			else {
				assertThat(property).as("default of %s", key).containsKey("defaultValue");
				Object parsed = ApplicationConversionService.getSharedInstance()
					.convert(String.valueOf(property.get("defaultValue")), leaf.type());
				assertThat(parsed).as("default of %s", key).isEqualTo(leaf.value());
			}
		}
		assertThat(described.keySet()).filteredOn((key) -> key.startsWith("amp."))
			.as("no key that AmpProperties does not have")
			.allSatisfy((key) -> assertThat(keys.containsKey(key) || key.equals("amp.client")).as(key).isTrue());
	}

	@Test
	void theHealthIndicatorSwitchIsDescribed() throws Exception {
		Map<String, Object> health = described().get("management.health.amp.enabled");
		assertThat(health).isNotNull();
		assertThat(health.get("type")).isEqualTo(Boolean.class.getName());
		assertThat(health.get("defaultValue")).isEqualTo(true);
		assertThat((String) health.get("description")).isNotBlank();
	}

	private static Map<String, Map<String, Object>> described() throws IOException {
		assertThat(METADATA).as("built by the configuration processor").exists();
		List<Map<String, Object>> described = JsonPath.parse(Files.readString(METADATA)).read("$.properties[*]");
		Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
		for (Map<String, Object> property : described) {
			properties.put((String) property.get("name"), property);
		}
		return properties;
	}

	/**
	 * The keys of a properties bean and their defaults, through its getters; a map of
	 * beans (the named clients) contributes {@code <key>.*.<nested key>}.
	 */
	private static void collect(String prefix, Class<?> type, Object instance, Map<String, Leaf> keys)
			throws ReflectiveOperationException {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String key = prefix + "." + descriptor.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
			Object value = descriptor.getReadMethod().invoke(instance);
			Class<?> propertyType = descriptor.getPropertyType();
			if (Map.class.isAssignableFrom(propertyType)) {
				ResolvableType valueType = ResolvableType
					.forType((ParameterizedType) descriptor.getReadMethod().getGenericReturnType())
					.getGeneric(1);
				Class<?> beanType = valueType.toClass();
				collect(key + ".*", beanType, BeanUtils.instantiateClass(beanType), keys);
			}
			else if (propertyType.getName().startsWith("io.ampproto.") && !propertyType.isEnum()) {
				collect(key, propertyType, value, keys);
			}
			else {
				keys.put(key, new Leaf(ClassNameOf.wrap(propertyType), value));
			}
		}
	}

	record Leaf(Class<?> type, Object value) {
	}

	private static final class ClassNameOf {

		static Class<?> wrap(Class<?> type) {
			return org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(type);
		}

		static String boxed(Class<?> type) {
			return wrap(type).getName();
		}

	}

}
