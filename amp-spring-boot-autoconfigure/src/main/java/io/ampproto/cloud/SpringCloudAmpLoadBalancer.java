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
package io.ampproto.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.ampproto.client.AmpLoadBalancer;
import io.ampproto.client.AmpServiceInstance;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.ContextView;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultRequestContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * An {@link AmpLoadBalancer} on Spring Cloud LoadBalancer: each attempt asks the
 * service's {@link ReactiveLoadBalancer} (round robin, random, or the application's own,
 * over the configured {@link ServiceInstanceListSupplier} chain: caching, health checks,
 * zones, hints) and tells the service's {@link LoadBalancerLifecycle} beans, which make
 * the {@code loadbalancer.requests.*} meters. The AMP port of an instance is its
 * {@value AmpServiceInstance#AMP_PORT_METADATA} metadata when present, else its port.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class SpringCloudAmpLoadBalancer implements AmpLoadBalancer {

	private static final Logger logger = Loggers.getLogger(SpringCloudAmpLoadBalancer.class);

	private static final Mono<Choice> NO_INSTANCE = Mono.just(new UntrackedChoice(null));

	private final String serviceId;

	private final ReactiveLoadBalancer.Factory<ServiceInstance> factory;

	/** Looked up on first use: the service's child context is made then. */
	private volatile @Nullable Resolved resolved;

	/** The last conversions, by identity: a cached instance list hands out the same objects. */
	private volatile Converted[] converted = new Converted[0];

	/**
	 * Create a load balancer.
	 * @param serviceId the service id
	 * @param factory Spring Cloud's load balancer factory
	 */
	public SpringCloudAmpLoadBalancer(String serviceId, ReactiveLoadBalancer.Factory<ServiceInstance> factory) {
		this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
		this.factory = Objects.requireNonNull(factory, "factory");
	}

	@Override
	public String serviceId() {
		return this.serviceId;
	}

	@Override
	public Mono<Choice> choose(String command, ContextView context) {
		Resolved current = resolved();
		if (current.lifecycles.isEmpty()) {
			// Nothing tracks the call: one shared request, and the choice of each instance made once.
			ChosenResponse answer = ChosenResponse.subscribe(current.loadBalancer.choose(current.request), context);
			return answer.answered() ? untracked(answer.now()) : answer.later().flatMap(this::untracked);
		}
		DefaultRequest<DefaultRequestContext> request = new DefaultRequest<>(
				new DefaultRequestContext(command, current.hint));
		for (LoadBalancerLifecycle lifecycle : current.lifecycles) {
			lifecycle.onStart(request);
		}
		ChosenResponse answer = ChosenResponse.subscribe(current.loadBalancer.choose(request), context);
		if (answer.answered()) {
			Response<ServiceInstance> response = answer.now();
			return (response != null) ? Mono.just(tracked(request, response, current.lifecycles)) : Mono.empty();
		}
		return answer.later().map((response) -> tracked(request, response, current.lifecycles));
	}

	private Mono<Choice> untracked(@Nullable Response<ServiceInstance> response) {
		if (response == null) {
			return Mono.empty();
		}
		ServiceInstance server = response.getServer();
		if (server == null) {
			return NO_INSTANCE;
		}
		Converted converted = convertOrNull(server);
		return (converted != null) ? converted.untracked : NO_INSTANCE;
	}

	private Choice tracked(Request<DefaultRequestContext> request, Response<ServiceInstance> response,
			List<LoadBalancerLifecycle> lifecycles) {
		ServiceInstance server = response.getServer();
		Converted converted = (server != null) ? convertOrNull(server) : null;
		return new TrackedChoice((converted != null) ? converted.instance : null, request, response, lifecycles);
	}

	@Override
	public Mono<List<AmpServiceInstance>> instances() {
		ServiceInstanceListSupplier supplier = this.factory.getInstance(this.serviceId,
				ServiceInstanceListSupplier.class);
		if (supplier == null) {
			return Mono.empty();
		}
		return supplier.get().next().map((instances) -> {
			List<AmpServiceInstance> converted = new ArrayList<>(instances.size());
			for (ServiceInstance instance : instances) {
				Converted amp = convertOrNull(instance);
				if (amp != null) {
					converted.add(amp.instance);
				}
			}
			return converted;
		});
	}

	private @Nullable Converted convertOrNull(ServiceInstance instance) {
		Converted[] known = this.converted;
		for (Converted entry : known) {
			if (entry.source == instance) {
				return entry;
			}
		}
		AmpServiceInstance amp;
		try {
			amp = toAmp(this.serviceId, instance);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignoring instance {} of {}: {}", instance.getInstanceId(), this.serviceId, ex.getMessage());
			return null;
		}
		// Copy on write, bounded: a list that changes all the time starts over.
		Converted[] grown = new Converted[(known.length < 64) ? known.length + 1 : 1];
		if (known.length < 64) {
			System.arraycopy(known, 0, grown, 0, known.length);
		}
		Converted entry = new Converted(instance, amp, Mono.just(new UntrackedChoice(amp)));
		grown[grown.length - 1] = entry;
		this.converted = grown;
		return entry;
	}

	/**
	 * Return the AMP view of a Spring Cloud service instance.
	 * @param serviceId the service id asked for
	 * @param instance the instance
	 * @return the instance, with its AMP port
	 * @throws IllegalArgumentException when the {@code amp-port} metadata is not a port
	 */
	public static AmpServiceInstance toAmp(String serviceId, ServiceInstance instance) {
		Map<String, String> metadata = instance.getMetadata();
		String ampPort = (metadata != null) ? metadata.get(AmpServiceInstance.AMP_PORT_METADATA) : null;
		int port;
		if (ampPort != null) {
			try {
				port = Integer.parseInt(ampPort.trim());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("metadata " + AmpServiceInstance.AMP_PORT_METADATA + " is not a port: '"
						+ ampPort + "'");
			}
		}
		else {
			port = instance.getPort();
		}
		String host = instance.getHost();
		String instanceId = (instance.getInstanceId() != null) ? instance.getInstanceId() : host + ":" + port;
		String service = (instance.getServiceId() != null) ? instance.getServiceId() : serviceId;
		return new AmpServiceInstance(service, instanceId, host, port);
	}

	private Resolved resolved() {
		Resolved current = this.resolved;
		if (current == null) {
			ReactiveLoadBalancer<ServiceInstance> loadBalancer = this.factory.getInstance(this.serviceId);
			if (loadBalancer == null) {
				throw new IllegalStateException("Spring Cloud LoadBalancer has no load balancer for service '"
						+ this.serviceId + "'");
			}
			@SuppressWarnings({ "unchecked", "rawtypes" })
			Set<LoadBalancerLifecycle> lifecycles = LoadBalancerLifecycleValidator.getSupportedLifecycleProcessors(
					(Map) this.factory.getInstances(this.serviceId, LoadBalancerLifecycle.class),
					DefaultRequestContext.class, Object.class, ServiceInstance.class);
			LoadBalancerProperties properties = this.factory.getProperties(this.serviceId);
			String hint = hint(this.serviceId, (properties != null) ? properties.getHint() : Map.of());
			current = new Resolved(loadBalancer, List.copyOf(lifecycles), hint,
					new DefaultRequest<>(new DefaultRequestContext(null, hint)));
			this.resolved = current;
		}
		return current;
	}

	private static String hint(String serviceId, Map<String, String> hints) {
		String hint = hints.get(serviceId);
		return (hint != null) ? hint : hints.getOrDefault("default", "default");
	}

	@Override
	public String toString() {
		return "SpringCloudAmpLoadBalancer{serviceId=" + this.serviceId + "}";
	}

	private record Resolved(ReactiveLoadBalancer<ServiceInstance> loadBalancer, List<LoadBalancerLifecycle> lifecycles,
			String hint, Request<DefaultRequestContext> request) {
	}

	/**
	 * One instance of Spring Cloud's, in AMP's terms: its choice when nothing tracks calls
	 * is the same every time.
	 */
	private record Converted(ServiceInstance source, AmpServiceInstance instance, Mono<Choice> untracked) {
	}

	private record UntrackedChoice(@Nullable AmpServiceInstance instance) implements Choice {

		@Override
		public boolean tracked() {
			return false;
		}

		@Override
		public void started() {
		}

		@Override
		public void completed(@Nullable Throwable error) {
		}

		@Override
		public void discarded() {
		}

	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private record TrackedChoice(@Nullable AmpServiceInstance instance, Request<DefaultRequestContext> request,
			Response<ServiceInstance> response, List<LoadBalancerLifecycle> lifecycles) implements Choice {

		@Override
		public void started() {
			for (LoadBalancerLifecycle lifecycle : this.lifecycles) {
				lifecycle.onStartRequest(this.request, this.response);
			}
		}

		@Override
		public void completed(@Nullable Throwable error) {
			CompletionContext context = (error != null)
					? new CompletionContext(CompletionContext.Status.FAILED, error, this.request, this.response)
					: new CompletionContext(CompletionContext.Status.SUCCESS, this.request, this.response);
			for (LoadBalancerLifecycle lifecycle : this.lifecycles) {
				lifecycle.onComplete(context);
			}
		}

		@Override
		public void discarded() {
			CompletionContext context = new CompletionContext(CompletionContext.Status.DISCARD, this.request,
					this.response);
			for (LoadBalancerLifecycle lifecycle : this.lifecycles) {
				lifecycle.onComplete(context);
			}
		}

	}

}
