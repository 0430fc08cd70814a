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
package io.ampproto.autoconfigure.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.ampproto.client.AmpRequester;
import io.ampproto.command.AmpCommand;
import io.ampproto.command.AmpCommandSpec;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.server.AmpSessionServer;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real registry: ZooKeeper in this JVM (Curator's {@link TestingServer}), AMP servers
 * that register themselves with their AMP port, and a client of their service id.
 */
class AmpZookeeperDiscoveryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private TestingServer zookeeper;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@BeforeEach
	void startZookeeper() throws Exception {
		this.zookeeper = new TestingServer(true);
	}

	@AfterEach
	void stop() throws Exception {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
		this.zookeeper.close();
	}

	@Test
	void serversRegisterTheirAmpPortAndAClientOfTheServiceIdFindsThemAndDrainsOneDeregistered() {
		ConfigurableApplicationContext one = server("one");
		ConfigurableApplicationContext two = server("two");
		ConfigurableApplicationContext client = start(ClientApplication.class, "--spring.application.name=amp-caller",
				"--amp.client.backends.service-id=amp-backends",
				"--amp.client.backends.load-balancer.refresh-interval=200ms",
				"--spring.cloud.zookeeper.discovery.register=false", "--spring.cloud.loadbalancer.cache.ttl=500ms");
		// Registered by the servers themselves: the AMP port in the metadata, and as the port (no web server).
		DiscoveryClient discovery = client.getBean(DiscoveryClient.class);
		await().atMost(TIMEOUT).until(() -> discovery.getInstances("amp-backends").size() == 2);
		assertThat(discovery.getInstances("amp-backends")).extracting((instance) -> instance.getMetadata().get("amp-port"))
			.containsExactlyInAnyOrder(String.valueOf(ampPort(one)), String.valueOf(ampPort(two)));
		AmpRequester requester = client.getBean("backends", AmpRequester.class);
		Map<String, Long> answered = Flux.range(0, 40)
			.flatMap((i) -> requester.call(new Who()), 8)
			.collect(Collectors.groupingBy(Who.Result::name, Collectors.counting()))
			.block(TIMEOUT);
		assertThat(answered).containsOnlyKeys("one", "two");
		assertThat(requester.connectedInstances()).isEqualTo(2);

		// "two" leaves the registry (still running): drained, its connection closed; "one" answers all.
		two.getBean(ServiceRegistry.class).deregister(two.getBean(Registration.class));
		await().atMost(TIMEOUT).until(() -> discovery.getInstances("amp-backends").size() == 1);
		AmpSessionServer twoServer = two.getBean(AmpSessionServer.class);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			Flux.range(0, 4).concatMap((i) -> requester.call(new Who())).blockLast(TIMEOUT);
			assertThat(requester.knownInstances()).hasSize(1);
			assertThat(twoServer.openConnections()).isZero();
		});
		assertThat(Flux.range(0, 20).concatMap((i) -> requester.call(new Who())).map(Who.Result::name).collectList()
			.block(TIMEOUT)).containsOnly("one");
		assertThat(requester.connectedInstances()).isEqualTo(1);
	}

	private ConfigurableApplicationContext server(String name) {
		return start(ServerApplication.class, "--spring.application.name=amp-backends", "--test.name=" + name,
				"--amp.server.port=0", "--amp.server.address=127.0.0.1",
				"--spring.cloud.zookeeper.discovery.instance-id=" + name);
	}

	private ConfigurableApplicationContext start(Class<?> application, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--spring.cloud.zookeeper.connect-string=" + this.zookeeper.getConnectString(),
				"--spring.cloud.zookeeper.discovery.instance-host=127.0.0.1", "--spring.main.banner-mode=off",
				"--spring.jmx.enabled=false", "--management.health.defaults.enabled=false"));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application).web(
				org.springframework.boot.WebApplicationType.NONE).run(all.toArray(String[]::new));
		this.contexts.add(context);
		return context;
	}

	private static int ampPort(ConfigurableApplicationContext context) {
		return context.getBean(AmpSessionServer.class).port();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(WhoResponder.class)
	static class ServerApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ClientApplication {

	}

	@AmpResponder
	static class WhoResponder {

		private final String name;

		WhoResponder(@Value("${test.name}") String name) {
			this.name = name;
		}

		@AmpCommandMapping
		Who.Result who(Who who) {
			return new Who.Result(this.name);
		}

	}

	@AmpCommandSpec(idempotent = true)
	record Who() implements AmpCommand<Who.Result> {
		record Result(String name) {
		}
	}

}
