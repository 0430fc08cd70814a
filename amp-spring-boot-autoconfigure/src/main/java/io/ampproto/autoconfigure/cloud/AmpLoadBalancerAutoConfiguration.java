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

import io.ampproto.client.AmpLoadBalancer;
import io.ampproto.cloud.SpringCloudAmpLoadBalancer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the load balancer behind
 * {@code amp.client.<name>.service-id}: Spring Cloud LoadBalancer's
 * {@link ReactiveLoadBalancer.Factory}, so that its configuration (algorithm, instance
 * list suppliers, caching, health checks, hints, lifecycle beans) applies to AMP clients
 * as to {@code WebClient}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration",
		"org.springframework.cloud.loadbalancer.config.BlockingLoadBalancerClientAutoConfiguration" })
@ConditionalOnClass({ AmpLoadBalancer.class, ReactiveLoadBalancer.class, ServiceInstanceListSupplier.class })
public final class AmpLoadBalancerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReactiveLoadBalancer.Factory.class)
	AmpLoadBalancer.Factory ampLoadBalancerFactory(
			ObjectProvider<ReactiveLoadBalancer.Factory<ServiceInstance>> loadBalancers) {
		ReactiveLoadBalancer.Factory<ServiceInstance> factory = loadBalancers.getObject();
		return (serviceId) -> new SpringCloudAmpLoadBalancer(serviceId, factory);
	}

}
