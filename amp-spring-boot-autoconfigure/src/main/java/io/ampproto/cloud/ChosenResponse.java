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
package io.ampproto.cloud;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Spring Cloud's answer to one {@code ReactiveLoadBalancer.choose()}, subscribed to at
 * once: over a cached instance list the answer comes during the subscription and is
 * taken as it is, without a Reactor pipeline; otherwise it is waited for.
 *
 * @author AMP for Spring Boot contributors
 */
final class ChosenResponse extends CompletableFuture<@Nullable Response<ServiceInstance>>
		implements CoreSubscriber<Response<ServiceInstance>> {

	private final Context context;

	private volatile @Nullable Subscription subscription;

	private ChosenResponse(ContextView context) {
		this.context = context.isEmpty() ? Context.empty() : Context.of(context);
	}

	/**
	 * Subscribe to a choice.
	 * @param choice what {@code ReactiveLoadBalancer.choose()} returned
	 * @param context the context of the call's subscriber
	 * @return the answer, done when it came during the subscription
	 */
	static ChosenResponse subscribe(Publisher<Response<ServiceInstance>> choice, ContextView context) {
		ChosenResponse answer = new ChosenResponse(context);
		choice.subscribe(answer);
		return answer;
	}

	/**
	 * Return whether the balancer answered during the subscription, without an error.
	 * @return {@code true} when {@link #now()} has the answer
	 */
	boolean answered() {
		return isDone() && !isCompletedExceptionally();
	}

	/**
	 * Return the response that came during the subscription, when {@link #answered()}.
	 * @return the response, {@code null} when the balancer completed without one
	 */
	@Nullable Response<ServiceInstance> now() {
		return getNow(null);
	}

	/**
	 * Return the response to come, or the balancer's error.
	 * @return the response, empty when the balancer completed without one
	 */
	Mono<Response<ServiceInstance>> later() {
		return Mono.fromFuture(this);
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(Response<ServiceInstance> response) {
		complete(response);
	}

	@Override
	public void onError(Throwable error) {
		completeExceptionally(error);
	}

	@Override
	public void onComplete() {
		complete(null);
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
		return super.cancel(mayInterruptIfRunning);
	}

}
