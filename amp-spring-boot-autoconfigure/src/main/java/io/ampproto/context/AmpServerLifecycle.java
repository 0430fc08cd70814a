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
package io.ampproto.context;

import java.time.Duration;

import io.ampproto.server.AmpSessionServer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the AMP server with the application context and shuts it down gracefully when
 * the context closes: no new connections or commands, accepted commands answered within
 * the grace period, then every connection closed.
 * <p>
 * Runs in the phase Boot uses for the graceful shutdown of web servers, so that the AMP
 * server stops before the beans its responders use.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpServerLifecycle implements SmartLifecycle, ApplicationEventPublisherAware {

	/** The phase of this lifecycle, as Boot's web server graceful shutdown. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private final AmpSessionServer server;

	private final Duration gracePeriod;

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private volatile boolean running;

	/**
	 * Create a lifecycle.
	 * @param server the server
	 * @param gracePeriod how long accepted commands may take to be answered on shutdown
	 */
	public AmpServerLifecycle(AmpSessionServer server, Duration gracePeriod) {
		this.server = server;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void start() {
		this.server.start();
		this.running = true;
		this.eventPublisher.publishEvent(new AmpServerInitializedEvent(this.server));
	}

	@Override
	public void stop() {
		this.running = false;
		this.server.shutDownGracefully(this.gracePeriod);
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		Thread shutdown = new Thread(() -> {
			try {
				this.server.shutDownGracefully(this.gracePeriod);
			}
			finally {
				callback.run();
			}
		}, "amp-shutdown");
		shutdown.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return the server.
	 * @return the server
	 */
	public AmpSessionServer getServer() {
		return this.server;
	}

}
