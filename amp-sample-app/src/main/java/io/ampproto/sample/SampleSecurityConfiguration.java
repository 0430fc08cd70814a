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
package io.ampproto.sample;

import io.ampproto.security.AmpSecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;

/**
 * The {@code security} profile: two users, who must log in (with {@code ampauth}'s
 * password login, after StartTLS) before any command but the login commands, and only
 * an admin may divide.
 * <p>
 * The passwords are stored in clear ({@code {noop}}) because the {@code ampauth}
 * challenge needs them so; keep such a store as safe as a key.
 *
 * @author AMP for Spring Boot contributors
 */
@Configuration(proxyBeanMethods = false)
@Profile("security")
public class SampleSecurityConfiguration {

	// tag::security[]
	@Bean
	MapReactiveUserDetailsService users() {
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password("{noop}alice-secret").roles("USER", "ADMIN").build(),
				User.withUsername("bob").password("{noop}bob-secret").roles("USER").build());
	}

	@Bean
	AmpSecurity ampSecurity() {
		return AmpSecurity.commands((c) -> c.command("Divide").hasRole("ADMIN").anyCommand().authenticated());
	}
	// end::security[]

}
