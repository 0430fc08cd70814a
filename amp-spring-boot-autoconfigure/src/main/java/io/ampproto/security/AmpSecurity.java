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
package io.ampproto.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.ampproto.session.AmpCallContext;
import io.ampproto.session.AmpSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;

/**
 * Who may call which command on an AMP server, as a bean:
 *
 * <pre class="code">
 * &#64;Bean
 * AmpSecurity ampSecurity() {
 *     return AmpSecurity.commands((c) -&gt; c.command("Divide").hasRole("ADMIN")
 *         .anyCommand().authenticated());
 * }
 * </pre>
 *
 * The first rule that names a command decides; a command no rule names is denied. The
 * login commands ({@code PasswordLogin}, {@code PasswordChallengeResponse},
 * {@code OTPLogin}) and {@code StartTLS} are always allowed. Without an {@code AmpSecurity}
 * bean every other command needs a login.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpSecurity {

	/** The commands every peer may call, to start TLS and to log in. */
	public static final Set<String> ALWAYS_ALLOWED = Set.of(AmpSession.START_TLS, "PasswordLogin",
			"PasswordChallengeResponse", "OTPLogin");

	private final List<Rule> rules;

	private AmpSecurity(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * Build the rules for commands.
	 * @param rules adds rules, in order
	 * @return the security rules
	 */
	public static AmpSecurity commands(Consumer<CommandRules> rules) {
		CommandRules builder = new CommandRules();
		rules.accept(builder);
		return new AmpSecurity(builder.rules);
	}

	/**
	 * Return the rules that let every peer that logged in call every command.
	 * @return the default rules
	 */
	public static AmpSecurity authenticated() {
		return commands((c) -> c.anyCommand().authenticated());
	}

	/**
	 * Decide whether a command may run.
	 * @param authentication who is calling (empty before a login)
	 * @param command the command
	 * @return the decision
	 */
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AmpCallContext command) {
		if (ALWAYS_ALLOWED.contains(command.commandName())) {
			return Mono.just(new AuthorizationDecision(true));
		}
		for (Rule rule : this.rules) {
			if (rule.commands == null || rule.commands.contains(command.commandName())) {
				return rule.manager.authorize(authentication, command)
					.defaultIfEmpty(new AuthorizationDecision(false));
			}
		}
		return Mono.just(new AuthorizationDecision(false));
	}

	private record Rule(@Nullable Set<String> commands,
			ReactiveAuthorizationManager<AmpCallContext> manager) {
	}

	/**
	 * The rules, in order: pick commands, then say who may call them.
	 */
	public static final class CommandRules {

		private final List<Rule> rules = new ArrayList<>();

		private CommandRules() {
		}

		/**
		 * Pick commands by exact (wire) name.
		 * @param names the command names
		 * @return what to say about them
		 */
		public Access command(String... names) {
			return new Access(this, Set.of(names));
		}

		/**
		 * Pick every command not picked before.
		 * @return what to say about them
		 */
		public Access anyCommand() {
			return new Access(this, null);
		}

	}

	/**
	 * Who may call the commands picked.
	 */
	public static final class Access {

		private final CommandRules rules;

		private final @Nullable Set<String> commands;

		private Access(CommandRules rules, @Nullable Set<String> commands) {
			this.rules = rules;
			this.commands = commands;
		}

		/**
		 * Peers with a role ({@code ROLE_} is added).
		 * @param role the role
		 * @return the rules, to add more
		 */
		public CommandRules hasRole(String role) {
			return access(AuthorityReactiveAuthorizationManager.hasRole(role));
		}

		/**
		 * Peers with any of the roles.
		 * @param roles the roles
		 * @return the rules, to add more
		 */
		public CommandRules hasAnyRole(String... roles) {
			return access(AuthorityReactiveAuthorizationManager.hasAnyRole(roles));
		}

		/**
		 * Peers with an authority.
		 * @param authority the authority
		 * @return the rules, to add more
		 */
		public CommandRules hasAuthority(String authority) {
			return access(AuthorityReactiveAuthorizationManager.hasAuthority(authority));
		}

		/**
		 * Peers with any of the authorities.
		 * @param authorities the authorities
		 * @return the rules, to add more
		 */
		public CommandRules hasAnyAuthority(String... authorities) {
			return access(AuthorityReactiveAuthorizationManager.hasAnyAuthority(authorities));
		}

		/**
		 * Peers that logged in (or presented a known client certificate).
		 * @return the rules, to add more
		 */
		public CommandRules authenticated() {
			return access(AuthenticatedReactiveAuthorizationManager.authenticated());
		}

		/**
		 * Every peer, logged in or not.
		 * @return the rules, to add more
		 */
		public CommandRules permitAll() {
			return access((authentication, command) -> Mono.just(new AuthorizationDecision(true)));
		}

		/**
		 * Nobody.
		 * @return the rules, to add more
		 */
		public CommandRules denyAll() {
			return access((authentication, command) -> Mono.just(new AuthorizationDecision(false)));
		}

		/**
		 * Whoever an authorization manager lets through.
		 * @param manager the manager
		 * @return the rules, to add more
		 */
		public CommandRules access(ReactiveAuthorizationManager<AmpCallContext> manager) {
			this.rules.rules.add(new Rule(this.commands, Objects.requireNonNull(manager, "manager")));
			return this.rules;
		}

	}

}
