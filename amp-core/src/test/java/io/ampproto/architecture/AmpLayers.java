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

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.jspecify.annotations.NullMarked;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of the project, lowest first, and which layers each may use. The runtime
 * of amp-core is {@link #CORE}; the Spring side in amp-spring-boot-autoconfigure adds
 * {@link #SPRING}. docs/architecture.md shows the same table.
 *
 * @author AMP for Spring Boot contributors
 */
public final class AmpLayers {

	/**
	 * The layers of amp-core, free of Spring.
	 */
	public static final List<Layer> CORE = List.of(
			layer("Box", "io.ampproto.box"),
			layer("Command", "io.ampproto.command..", "Box"),
			// UNIX domain sockets and descriptor passing: a kind of socket the transport opens.
			layer("Unix", "io.ampproto.unix", "Box", "Command"),
			layer("Transport", "io.ampproto.transport", "Box", "Command", "Unix"),
			// StartTLS and first-byte TLS: installed on a transport's connection.
			layer("Tls", "io.ampproto.tls", "Box", "Transport"),
			// Inner protocols a connection hands over to after a switch command.
			layer("Switching", "io.ampproto.switching", "Box", "Command", "Transport"),
			layer("Session", "io.ampproto.session", "Box", "Command", "Unix", "Transport", "Tls", "Switching"),
			layer("Server", "io.ampproto.server", "Box", "Command", "Unix", "Transport", "Tls", "Switching",
					"Session"),
			// Logins over AMP (ampauth's commands): sent by a client on connecting, answered by the Spring side.
			layer("Auth", "io.ampproto.auth", "Box", "Command", "Session"),
			layer("Client", "io.ampproto.client", "Box", "Command", "Unix", "Transport", "Tls", "Switching",
					"Session", "Auth"),
			// Descriptions of commands (JSON, generated code): read command classes, never run them.
			layer("Schema", "io.ampproto.schema..", "Box", "Command", "Switching"));

	private static final String[] RUNTIME = { "Box", "Command", "Unix", "Transport", "Tls", "Switching", "Session",
			"Auth", "Server", "Client", "Schema" };

	/**
	 * The layers of amp-spring-boot-autoconfigure, above {@link #CORE}.
	 */
	public static final List<Layer> SPRING = List.of(
			// Native-image hints of command types: used by the responder's reflective processor.
			layer("Aot", "io.ampproto.aot", "Box", "Command", "Unix"),
			layer("Responder", "io.ampproto.responder", with(RUNTIME, "Aot")),
			layer("Declarative", "io.ampproto.declarative", with(RUNTIME, "Aot", "Responder")),
			layer("Context", "io.ampproto.context", RUNTIME),
			layer("Cloud", "io.ampproto.cloud", with(RUNTIME, "Context")),
			layer("Health", "io.ampproto.health", RUNTIME),
			layer("Actuate", "io.ampproto.actuate", RUNTIME),
			layer("Metrics", "io.ampproto.metrics", RUNTIME),
			layer("Observation", "io.ampproto.observation", RUNTIME),
			// Spring Security: who is calling (logins, client certificates) and what they may call.
			layer("Security", "io.ampproto.security", with(RUNTIME, "Responder")),
			layer("Autoconfigure", "io.ampproto.autoconfigure..", with(RUNTIME, "Aot", "Responder", "Declarative",
					"Context", "Cloud", "Health", "Actuate", "Metrics", "Observation", "Security")));

	private AmpLayers() {
	}

	/**
	 * The layered architecture of the given layers: each may use only the layers it names
	 * (and itself), and every class imported belongs to one of them.
	 * @param layers the layers, lowest first
	 * @return the rule
	 */
	public static LayeredArchitecture of(List<Layer> layers) {
		LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
		for (Layer layer : layers) {
			architecture = architecture.layer(layer.name()).definedBy(layer.packages());
		}
		for (Layer layer : layers) {
			architecture = (layer.mayUse().length == 0) ? architecture.whereLayer(layer.name()).mayNotAccessAnyLayer()
					: architecture.whereLayer(layer.name()).mayOnlyAccessLayers(layer.mayUse());
		}
		return architecture.ensureAllClassesAreContainedInArchitecture();
	}

	/**
	 * No package cycle: every package, sub-packages apart, is a slice.
	 * @return the rule
	 */
	public static ArchRule noPackageCycles() {
		return slices().matching("io.ampproto.(**)")
			.should()
			.beFreeOfCycles();
	}

	/**
	 * Every class is in a {@code @NullMarked} package: NullAway checks only those.
	 * @return the rule
	 */
	public static ArchRule nullMarked() {
		return classes().should(new ArchCondition<JavaClass>("be in a @NullMarked package") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				if (!type.getPackage().isAnnotatedWith(NullMarked.class)) {
					events.add(SimpleConditionEvent.violated(type,
							type.getPackageName() + " has no package-info.java with @NullMarked"));
				}
			}

		});
	}

	/**
	 * The layers of {@link #CORE} followed by those of {@link #SPRING}.
	 * @return all layers, lowest first
	 */
	public static List<Layer> all() {
		List<Layer> all = new ArrayList<>(CORE);
		all.addAll(SPRING);
		return all;
	}

	private static Layer layer(String name, String packagePattern, String... mayUse) {
		return new Layer(name, packagePattern, mayUse);
	}

	private static String[] with(String[] layers, String... more) {
		String[] all = new String[layers.length + more.length];
		System.arraycopy(layers, 0, all, 0, layers.length);
		System.arraycopy(more, 0, all, layers.length, more.length);
		return all;
	}

	/**
	 * One layer: its name, the package pattern of its classes, the layers it may use.
	 * @param name the layer's name in messages
	 * @param packages an ArchUnit package pattern
	 * @param mayUse the names of the layers its classes may use
	 */
	public record Layer(String name, String packages, String... mayUse) {
	}

}
