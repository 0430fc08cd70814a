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
package io.ampproto.client;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Chooses the instance of a service that each call of a load-balanced
 * {@link AmpRequester} goes to, and lists the instances the service has now. Spring
 * Cloud LoadBalancer implements it ({@code io.ampproto.cloud}); the requester keeps one
 * connection per instance and does the rest (connecting, skipping unreachable instances,
 * failover, draining instances that left).
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpLoadBalancer {

	/**
	 * Return the service whose instances this balancer chooses.
	 * @return the service id
	 */
	String serviceId();

	/**
	 * Choose an instance for one attempt of a call, now: a balancer that has the answer at
	 * once returns it as {@code Mono.just(choice)}, which the requester takes without
	 * subscribing (no Reactor pipeline per call); one that must wait returns the choice to
	 * come.
	 * @param command the name of the command to send
	 * @param context the context of the call's subscriber, for a balancer that reads it
	 * @return the choice, whose instance is {@code null} when the service has none
	 */
	Mono<Choice> choose(String command, ContextView context);

	/**
	 * Return the instances of the service now. A requester reads them every refresh
	 * interval and drains the connections of instances that left.
	 * @return the instances
	 */
	Mono<List<AmpServiceInstance>> instances();

	/**
	 * One choice, told how the attempt made with it ends (the load balancer's lifecycle:
	 * statistics, metrics). Exactly one of {@link #discarded()} and
	 * {@link #completed(Throwable)} is called, the second after {@link #started()}.
	 */
	interface Choice {

		/**
		 * Return the chosen instance.
		 * @return the instance, or {@code null} when none is available
		 */
		@Nullable AmpServiceInstance instance();

		/**
		 * Return whether anything listens to how the attempt ends: when not, the requester
		 * may skip calling {@link #started()} and {@link #completed(Throwable)}.
		 * @return {@code true} unless the three callbacks do nothing
		 */
		default boolean tracked() {
			return true;
		}

		/**
		 * The attempt goes to the instance.
		 */
		void started();

		/**
		 * The attempt ended.
		 * @param error why it failed, or {@code null} when it succeeded
		 */
		void completed(@Nullable Throwable error);

		/**
		 * The choice is not used: no instance, or one that cannot be reached now.
		 */
		void discarded();

	}

	/**
	 * Creates the load balancer of a service id.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Create the load balancer of a service.
		 * @param serviceId the service id
		 * @return the load balancer
		 */
		AmpLoadBalancer create(String serviceId);

	}

}
