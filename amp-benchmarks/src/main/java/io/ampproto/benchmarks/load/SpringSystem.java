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
package io.ampproto.benchmarks.load;

import java.time.Duration;
import java.util.Map;

import io.ampproto.client.AmpRequester;
import io.ampproto.client.AmpRequesters;
import io.ampproto.responder.AmpCommandMapping;
import io.ampproto.responder.AmpResponder;
import io.ampproto.server.AmpSessionServer;
import io.ampproto.session.AmpSession;
import io.netty.util.concurrent.EventExecutor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Our server and client through the Spring layer: an {@link AmpResponder} bean in a
 * started Spring Boot context, and the auto-configured {@link AmpRequester} of
 * {@code amp.client.bench}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class SpringSystem {

	private SpringSystem() {
	}

	static BenchServer.Running start(String host) {
		ConfigurableApplicationContext context = application(ServerApplication.class,
				Map.of("amp.server.port", "0", "amp.server.address", host, "logging.level.root", "warn"));
		int port = context.getBean(AmpSessionServer.class).port();
		return new BenchServer.Running(port, context::close);
	}

	static Caller connect(String host, int port) {
		ConfigurableApplicationContext context = application(ClientApplication.class,
				Map.of("amp.client.bench.host", host, "amp.client.bench.port", String.valueOf(port),
						"logging.level.root", "warn"));
		AmpRequester requester = context.getBean(AmpRequesters.class).get("bench");
		AmpSession session = requester.session().block(Duration.ofSeconds(30));
		if (session == null) {
			throw new IllegalStateException("Not connected");
		}
		EventExecutor loop = session.connection().nettyConnection().channel().eventLoop();
		return new Caller() {

			@Override
			public void call(int a, int b, Completion completion) {
				requester.call(new Sum(a, b))
					.subscribe((result) -> completion.completed(result.total()), completion::failed);
			}

			@Override
			public EventExecutor executor() {
				return loop;
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

	private static ConfigurableApplicationContext application(Class<?> source, Map<String, String> properties) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setDefaultProperties(new java.util.HashMap<>(properties));
		return application.run();
	}

	/**
	 * The server application: one responder bean.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ServerApplication {

		@Bean
		SumResponder sumResponder() {
			return new SumResponder();
		}

	}

	/**
	 * The client application: nothing but auto-configuration.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApplication {

	}

	/**
	 * Answers {@link Sum} on the event loop: it never blocks.
	 */
	@AmpResponder
	static class SumResponder {

		@AmpCommandMapping(dispatch = AmpCommandMapping.Dispatch.EVENT_LOOP)
		Sum.Result sum(Sum sum) {
			return new Sum.Result(sum.a() + sum.b());
		}

	}

}
