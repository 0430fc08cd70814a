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
package io.ampproto.benchmarks.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;
import io.ampproto.command.AmpCommand;
import io.ampproto.session.AmpResponders;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionOptions;
import io.ampproto.transport.AmpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.netty.DisposableServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultRequestContext;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The load balancer's own cost per call: the named client {@code balanced} (service id,
 * Spring Cloud LoadBalancer's round robin over the simple discovery client's one instance,
 * its default caching) against the named client {@code direct} (host and port of the same
 * server), both auto-configured in one context.
 * <p>
 * {@code session*} take the path of a call up to the session it is sent on, without
 * sending: their difference is the balancer's cost per call (choosing through Spring Cloud,
 * the connection of the instance, the lifecycle callbacks). {@code call*} add a real round
 * trip over loopback, for scale.
 *
 * <pre>
 * amp-benchmarks/bench codec LoadBalancerBenchmark
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class LoadBalancerBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** A service whose Spring Cloud instance list is a fixed one, at hand (no cache). */
	private static final String AT_HAND = "bench-at-hand";

	private DisposableServer server;

	private ConfigurableApplicationContext context;

	private AmpRequester direct;

	private AmpRequester balanced;

	private AmpRequester atHand;

	private ReactiveLoadBalancer<ServiceInstance> springCloud;

	private ReactiveLoadBalancer<ServiceInstance> springCloudAtHand;

	private final Request<DefaultRequestContext> request = new DefaultRequest<>(new DefaultRequestContext());

	private final Who who = new Who();

	@Setup(Level.Trial)
	public void start() {
		AmpResponders responders = AmpResponders.builder().respondSync(Who.class, (command) -> new Who.Result(1)).build();
		this.server = AmpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((connection) -> AmpSession.start(connection, responders, AmpSessionOptions.DEFAULTS).onClose())
			.bindNow();
		int port = this.server.port();
		this.context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off", "--spring.jmx.enabled=false", "--amp.client.direct.host=127.0.0.1",
					"--amp.client.direct.port=" + port, "--amp.client.balanced.service-id=bench",
					"--amp.client.at-hand.service-id=" + AT_HAND, "--bench.port=" + port,
					"--spring.cloud.discovery.client.simple.instances.bench[0].uri=amp://127.0.0.1:" + port);
		AmpRequesters requesters = this.context.getBean(AmpRequesters.class);
		this.direct = requesters.get("direct");
		this.balanced = requesters.get("balanced");
		this.atHand = requesters.get("at-hand");
		LoadBalancerClientFactory springCloud = this.context.getBean(LoadBalancerClientFactory.class);
		this.springCloud = springCloud.getInstance("bench");
		this.springCloudAtHand = springCloud.getInstance(AT_HAND);
		this.direct.call(this.who).block(TIMEOUT);
		this.balanced.call(this.who).block(TIMEOUT);
		this.atHand.call(this.who).block(TIMEOUT);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.server.disposeNow();
	}

	/**
	 * A requester of one host and port, up to the session a call goes on.
	 * @return the session
	 */
	@Benchmark
	public @Nullable AmpSession sessionDirect() {
		return this.direct.session().block(TIMEOUT);
	}

	/**
	 * A requester of a service id, up to the session a call goes on: one choice by the load
	 * balancer, its lifecycle callbacks, the instance's connection.
	 * @return the session
	 */
	@Benchmark
	public @Nullable AmpSession sessionBalanced() {
		return this.balanced.session().block(TIMEOUT);
	}

	/**
	 * As {@code sessionBalanced}, for a service whose Spring Cloud configuration lists its
	 * instance with Spring Cloud's fixed list supplier instead of its caching one: the same
	 * round robin, without the cost of the cache.
	 * @return the session
	 */
	@Benchmark
	public @Nullable AmpSession sessionBalancedListAtHand() {
		return this.atHand.session().block(TIMEOUT);
	}

	/**
	 * Spring Cloud's choice alone: its {@code ReactiveLoadBalancer.choose()} for the service,
	 * subscribed to without blocking (it answers at once from its cached instance list). The
	 * floor of {@code sessionBalanced}.
	 * @return the chosen instance
	 */
	@Benchmark
	public @Nullable ServiceInstance chooseSpringCloud() {
		return choose(this.springCloud);
	}

	/**
	 * Spring Cloud's choice alone over the fixed list: the floor of
	 * {@code sessionBalancedListAtHand}.
	 * @return the chosen instance
	 */
	@Benchmark
	public @Nullable ServiceInstance chooseSpringCloudListAtHand() {
		return choose(this.springCloudAtHand);
	}

	private @Nullable ServiceInstance choose(ReactiveLoadBalancer<ServiceInstance> loadBalancer) {
		Chosen chosen = new Chosen();
		loadBalancer.choose(this.request).subscribe(chosen);
		Response<ServiceInstance> response = chosen.response;
		if (response == null) {
			throw new IllegalStateException("Spring Cloud did not choose at once");
		}
		return response.getServer();
	}

	/**
	 * A call over loopback by host and port.
	 * @return the answer
	 */
	@Benchmark
	public Who.@Nullable Result callDirect() {
		return this.direct.call(this.who).block(TIMEOUT);
	}

	/**
	 * A call over loopback by service id.
	 * @return the answer
	 */
	@Benchmark
	public Who.@Nullable Result callBalanced() {
		return this.balanced.call(this.who).block(TIMEOUT);
	}

	/**
	 * Takes the answer of a publisher that answers at once.
	 */
	private static final class Chosen implements CoreSubscriber<Response<ServiceInstance>> {

		private @Nullable Response<ServiceInstance> response;

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Response<ServiceInstance> response) {
			this.response = response;
		}

		@Override
		public void onError(Throwable error) {
			throw new IllegalStateException(error);
		}

		@Override
		public void onComplete() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@LoadBalancerClient(name = AT_HAND, configuration = ListAtHand.class)
	static class Application {

	}

	/**
	 * The Spring Cloud configuration of {@link #AT_HAND}: its one instance, listed by Spring
	 * Cloud's fixed list supplier.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ListAtHand {

		@Bean
		ServiceInstanceListSupplier listAtHand(Environment environment) {
			int port = environment.getRequiredProperty("bench.port", Integer.class);
			return ServiceInstanceListSuppliers.from(AT_HAND,
					new DefaultServiceInstance(AT_HAND + "-1", AT_HAND, "127.0.0.1", port, false));
		}

	}

	/**
	 * The command called.
	 */
	public record Who() implements AmpCommand<Who.Result> {

		/**
		 * The answer.
		 * @param n a number
		 */
		public record Result(int n) {
		}

	}

}
