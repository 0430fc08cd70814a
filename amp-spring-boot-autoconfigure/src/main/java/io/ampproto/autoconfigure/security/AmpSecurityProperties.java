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
package io.ampproto.autoconfigure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Logins and client certificates on the AMP server: the {@code amp.server.security.*}
 * properties.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("amp.server.security")
public class AmpSecurityProperties {

	/**
	 * Whether the server checks who calls which command, when Spring Security is on the
	 * class path and a ReactiveUserDetailsService or AmpSecurity bean is defined.
	 */
	private boolean enabled = true;

	/**
	 * Refused logins after which the server closes the connection.
	 */
	private int maxFailedLogins = 5;

	/**
	 * Whether a password login needs a TLS connection (from the first byte or after
	 * StartTLS): the challenge and its response can be attacked offline.
	 */
	private boolean passwordLoginRequiresTls = true;

	/**
	 * Regular expression whose first group finds the user name in the subject (RFC 2253)
	 * of a client certificate; the common name by default.
	 */
	private String certificatePrincipalRegex = "CN=(.*?)(?:,|$)";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxFailedLogins() {
		return this.maxFailedLogins;
	}

	public void setMaxFailedLogins(int maxFailedLogins) {
		this.maxFailedLogins = maxFailedLogins;
	}

	public boolean isPasswordLoginRequiresTls() {
		return this.passwordLoginRequiresTls;
	}

	public void setPasswordLoginRequiresTls(boolean passwordLoginRequiresTls) {
		this.passwordLoginRequiresTls = passwordLoginRequiresTls;
	}

	public String getCertificatePrincipalRegex() {
		return this.certificatePrincipalRegex;
	}

	public void setCertificatePrincipalRegex(String certificatePrincipalRegex) {
		this.certificatePrincipalRegex = certificatePrincipalRegex;
	}

}
