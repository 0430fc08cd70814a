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

import io.ampproto.autoconfigure.AmpAutoConfiguration;
import io.ampproto.autoconfigure.AmpClientAutoConfiguration;
import io.ampproto.autoconfigure.health.AmpClientsHealthContributorAutoConfiguration;
import io.ampproto.client.AmpLoadBalancer;
import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;
import io.ampproto.client.AmpServiceInstance;
import io.ampproto.command.AmpCommand;
import io.ampproto.health.AmpClientsHealthIndicator;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerCacheAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerStatsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code amp.client.<name>.service-id} on Spring Cloud LoadBalancer, with
 * instances listed by Spring Cloud's simple discovery client.
 */
class AmpLoadBalancerAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<DisposableServer> servers = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpClientAutoConfiguration.class,
				AmpLoadBalancerAutoConfiguration.class, UtilAutoConfiguration.class,
				SimpleDiscoveryClientAutoConfiguration.class, LoadBalancerAutoConfiguration.class,
				LoadBalancerCacheAutoConfiguration.class, LoadBalancerStatsAutoConfiguration.class));

	@AfterEach
	void stopServers() {
		this.servers.forEach(DisposableServer::disposeNow);
	}

	@Test
	void clientOfAServiceIdSpreadsCallsOverItsInstancesRoundRobin() {
		int a = server("a");
		int b = server("b");
		int c = server("c");
		this.runner
			.withPropertyValues("amp.client.backends.service-id=amp-backends",
					"spring.cloud.discovery.client.simple.instances.amp-backends[0].uri=amp://127.0.0.1:" + a,
					"spring.cloud.discovery.client.simple.instances.amp-backends[1].uri=amp://127.0.0.1:" + b,
					// Registered with another port (HTTP, say): the AMP port is in the metadata.
					"spring.cloud.discovery.client.simple.instances.amp-backends[2].uri=http://127.0.0.1:1",
					"spring.cloud.discovery.client.simple.instances.amp-backends[2].metadata.amp-port=" + c)
			.run((context) -> {
				AmpRequester requester = context.getBean(AmpRequesters.class).get("backends");
				assertThat(requester.serviceId()).isEqualTo("amp-backends");
				Map<String, Long> answered = Flux.range(0, 90)
					.flatMap((i) -> requester.call(new Who()), 10)
					.collect(Collectors.groupingBy(Who.Result::name, Collectors.counting()))
					.block(TIMEOUT);
				assertThat(answered).containsOnlyKeys("a", "b", "c")
					.allSatisfy((name, count) -> assertThat(count).isEqualTo(30));
				assertThat(requester.connectedInstances()).isEqualTo(3);
				assertThat(requester.knownInstances()).extracting(AmpServiceInstance::port)
					.containsExactlyInAnyOrder(a, b, c);
			});
	}

	@Test
	void ampClientsHealthShowsHowManyInstancesAreConnected() {
		int a = server("a");
		int b = server("b");
		this.runner
			.withConfiguration(AutoConfigurations.of(AmpClientsHealthContributorAutoConfiguration.class))
			.withPropertyValues("amp.client.backends.service-id=amp-backends",
					"spring.cloud.discovery.client.simple.instances.amp-backends[0].uri=amp://127.0.0.1:" + a,
					"spring.cloud.discovery.client.simple.instances.amp-backends[1].uri=amp://127.0.0.1:" + b)
			.run((context) -> {
				AmpClientsHealthIndicator indicator = context.getBean(AmpClientsHealthIndicator.class);
				assertThat(indicator.health(true).getDetails()).containsEntry("backends",
						Map.of("serviceId", "amp-backends", "instances", 0, "connected", 0));
				AmpRequester requester = context.getBean("backends", AmpRequester.class);
				Flux.range(0, 4).concatMap((i) -> requester.call(new Who())).blockLast(TIMEOUT);
				Health health = indicator.health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("backends",
						Map.of("serviceId", "amp-backends", "instances", 2, "connected", 2));
			});
	}

	@Test
	void loadBalancerLifecycleMakesTheLoadBalancerRequestMeters() {
		int a = server("a");
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("amp.client.backends.service-id=amp-backends",
					"spring.cloud.loadbalancer.stats.micrometer.enabled=true",
					"spring.cloud.discovery.client.simple.instances.amp-backends[0].uri=amp://127.0.0.1:" + a)
			.run((context) -> {
				AmpRequester requester = context.getBean(AmpRequesters.class).get("backends");
				Flux.range(0, 5).concatMap((i) -> requester.call(new Who())).blockLast(TIMEOUT);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("loadbalancer.requests.success").tag("serviceId", "amp-backends").timer().count())
					.isEqualTo(5);
				assertThat(registry.get("loadbalancer.requests.active").gauge().value()).isZero();
			});
	}

	@Test
	void serviceWithoutInstancesCountsADiscardedRequest() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("amp.client.backends.service-id=nobody",
					"spring.cloud.loadbalancer.stats.micrometer.enabled=true")
			.run((context) -> {
				AmpRequester requester = context.getBean(AmpRequesters.class).get("backends");
				assertThat(requester.call(new Who()).onErrorResume((ex) -> reactor.core.publisher.Mono.empty())
					.block(TIMEOUT)).isNull();
				assertThat(context.getBean(MeterRegistry.class).get("loadbalancer.requests.discard").counter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void serviceIdWithoutSpringCloudLoadBalancerFailsWithAClearMessage() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpClientAutoConfiguration.class,
					AmpLoadBalancerAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ReactiveLoadBalancer.class))
			.withPropertyValues("amp.client.backends.service-id=amp-backends")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("amp.client.backends.service-id needs Spring Cloud LoadBalancer"));
	}

	@Test
	void serviceIdWithAPortFails() {
		this.runner.withPropertyValues("amp.client.backends.service-id=amp-backends", "amp.client.backends.port=7000")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("amp.client.backends.service-id cannot be set with amp.client.backends.port"));
	}

	@Test
	void withoutSpringCloudNoLoadBalancerFactoryIsDefined() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AmpAutoConfiguration.class, AmpLoadBalancerAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ReactiveLoadBalancer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AmpLoadBalancer.Factory.class));
	}

	private int server(String name) {
		AmpResponders responders = AmpResponders.builder().respondSync(Who.class, (who) -> new Who.Result(name)).build();
		DisposableServer server = AmpServer.create()
			.host("127.0.0.1")
			.handle((connection) -> AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS).onClose())
			.bindNow();
		this.servers.add(server);
		return server.port();
	}

	record Who() implements AmpCommand<Who.Result> {
		record Result(String name) {
		}
	}

}
