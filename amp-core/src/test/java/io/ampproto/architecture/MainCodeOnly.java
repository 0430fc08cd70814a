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
package io.ampproto.architecture;

import java.util.regex.Pattern;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Imports main classes only: neither test classes nor amp-core's test-jar, which is a
 * directory of the reactor or a {@code -tests.jar} depending on the phase Maven runs.
 *
 * @author AMP for Spring Boot contributors
 */
public final class MainCodeOnly implements ImportOption {

	private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

	@Override
	public boolean includes(Location location) {
		return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
	}

}
