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

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layers of the whole main code, amp-core and the Spring side: box, command,
 * transport, session, server and client, responder, auto-configuration; no package
 * cycle; nothing outside the auto-configuration uses it.
 *
 * @author AMP for Spring Boot contributors
 */
@AnalyzeClasses(packages = "io.ampproto", importOptions = MainCodeOnly.class)
class AmpArchitectureTests {

	@ArchTest
	static final ArchRule layers = AmpLayers.of(AmpLayers.all());

	@ArchTest
	static final ArchRule noPackageCycles = AmpLayers.noPackageCycles();

	@ArchTest
	static final ArchRule nullMarked = AmpLayers.nullMarked();

	@ArchTest
	static final ArchRule runtimeUsesNoAutoConfiguration = noClasses().that()
		.resideOutsideOfPackage("io.ampproto.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.ampproto.autoconfigure..")
		.because("auto-configuration sits on top: the runtime works without it");

}
