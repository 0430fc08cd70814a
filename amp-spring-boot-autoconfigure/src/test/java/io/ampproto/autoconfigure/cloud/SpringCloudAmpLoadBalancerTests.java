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
package io.ampproto.autoconfigure.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.ampproto.client.AmpLoadBalancer;
import io.ampproto.client.AmpServiceInstance;
import io.ampproto.cloud.SpringCloudAmpLoadBalancer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of {@link SpringCloudAmpLoadBalancer} over a Spring Cloud load balancer of the
 * test's own: answers at once or later, errors, the caller's context, lifecycles.
 */
class SpringCloudAmpLoadBalancerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ServiceInstance A = new DefaultServiceInstance("a", "svc", "10.0.0.1", 8080, false,
			Map.of(AmpServiceInstance.AMP_PORT_METADATA, "7001"));

	private static final ServiceInstance B = new DefaultServiceInstance("b", "svc", "10.0.0.2", 7002, false);

	@Test
	void choiceMadeAtOnceIsTakenWithoutSubscribing() {
		SpringCloudAmpLoadBalancer balancer = balancer((request) -> Mono.just(new DefaultResponse(A)));
		Mono<AmpLoadBalancer.Choice> choice = balancer.choose("Who", Context.empty());
		assertThat(choice).isInstanceOf(Fuseable.ScalarCallable.class);
		AmpLoadBalancer.Choice chosen = choice.block(TIMEOUT);
		assertThat(chosen.instance()).isEqualTo(new AmpServiceInstance("svc", "a", "10.0.0.1", 7001));
		assertThat(chosen.tracked()).isFalse();
	}

	@Test
	void choiceThatComesLaterIsWaitedFor() {
		SpringCloudAmpLoadBalancer balancer = balancer(
				(request) -> Mono.delay(Duration.ofMillis(20)).map((tick) -> new DefaultResponse(B)));
		Mono<AmpLoadBalancer.Choice> choice = balancer.choose("Who", Context.empty());
		assertThat(choice).isNotInstanceOf(Fuseable.ScalarCallable.class);
		assertThat(choice.block(TIMEOUT).instance()).isEqualTo(new AmpServiceInstance("svc", "b", "10.0.0.2", 7002));
	}

	@Test
	void serviceWithoutInstancesIsAChoiceOfNone() {
		SpringCloudAmpLoadBalancer balancer = balancer((request) -> Mono.just(new EmptyResponse()));
		assertThat(balancer.choose("Who", Context.empty()).block(TIMEOUT).instance()).isNull();
	}

	@Test
	void errorOfTheLoadBalancerFailsTheChoice() {
		SpringCloudAmpLoadBalancer balancer = balancer((request) -> Mono.error(new IllegalStateException("broken")));
		assertThatIllegalStateException().isThrownBy(() -> balancer.choose("Who", Context.empty()).block(TIMEOUT))
			.withMessage("broken");
	}

	@Test
	void loadBalancerSeesTheContextOfTheCall() {
		SpringCloudAmpLoadBalancer balancer = balancer((request) -> Mono.deferContextual(
				(context) -> Mono.just(new DefaultResponse(context.getOrDefault("zone", "a").equals("b") ? B : A))));
		assertThat(balancer.choose("Who", Context.of("zone", "b")).block(TIMEOUT).instance().instanceId())
			.isEqualTo("b");
		assertThat(balancer.choose("Who", Context.empty()).block(TIMEOUT).instance().instanceId()).isEqualTo("a");
	}

	@Test
	void lifecyclesAreToldOfEachAttempt() {
		RecordingLifecycle lifecycle = new RecordingLifecycle();
		SpringCloudAmpLoadBalancer balancer = balancer((request) -> Mono.just(new DefaultResponse(A)), lifecycle);
		AmpLoadBalancer.Choice succeeded = balancer.choose("Who", Context.empty()).block(TIMEOUT);
		assertThat(succeeded.tracked()).isTrue();
		succeeded.started();
		succeeded.completed(null);
		AmpLoadBalancer.Choice failed = balancer.choose("Who", Context.empty()).block(TIMEOUT);
		failed.started();
		failed.completed(new IllegalStateException("dropped"));
		balancer.choose("Who", Context.empty()).block(TIMEOUT).discarded();
		assertThat(lifecycle.events).containsExactly("start", "startRequest a", "SUCCESS", "start", "startRequest a",
				"FAILED", "start", "DISCARD");
	}

	private static SpringCloudAmpLoadBalancer balancer(
			Function<Request<?>, Mono<Response<ServiceInstance>>> choose, LoadBalancerLifecycle<?, ?, ?>... lifecycles) {
		ReactiveLoadBalancer<ServiceInstance> loadBalancer = choose::apply;
		Map<String, LoadBalancerLifecycle<?, ?, ?>> beans = new java.util.LinkedHashMap<>();
		for (int i = 0; i < lifecycles.length; i++) {
			beans.put("lifecycle" + i, lifecycles[i]);
		}
		return new SpringCloudAmpLoadBalancer("svc", new ReactiveLoadBalancer.Factory<>() {

			@Override
			public ReactiveLoadBalancer<ServiceInstance> getInstance(String serviceId) {
				return loadBalancer;
			}

			@Override
			@SuppressWarnings("unchecked")
			public <X> Map<String, X> getInstances(String name, Class<X> type) {
				return (type == LoadBalancerLifecycle.class) ? (Map<String, X>) beans : Map.of();
			}

			@Override
			public <X> @Nullable X getInstance(String name, Class<?> clazz, Class<?>... generics) {
				return null;
			}

			@Override
			public LoadBalancerProperties getProperties(String serviceId) {
				return new LoadBalancerProperties();
			}

		});
	}

	/** Writes down what it is told. */
	@SuppressWarnings("rawtypes")
	static final class RecordingLifecycle implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Request<Object> request) {
			this.events.add("start");
		}

		@Override
		public void onStartRequest(Request<Object> request, Response<ServiceInstance> response) {
			this.events.add("startRequest " + response.getServer().getInstanceId());
		}

		@Override
		public void onComplete(CompletionContext<Object, ServiceInstance, Object> context) {
			this.events.add(context.status().name());
		}

	}

}
