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
package io.ampproto.autoconfigure;

import io.ampproto.auth.AmpLogin;
import org.jspecify.annotations.Nullable;

/**
 * How a client logs in on every connection (after StartTLS, when set), with Divmod
 * epsilon's {@code ampauth} commands: the {@code amp.client.<name>.auth.*} properties.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public class AmpClientAuthProperties {

	/**
	 * User name of a password login.
	 */
	private @Nullable String username;

	/**
	 * Password of a password login (sent as a challenge response, never in clear).
	 */
	private @Nullable String password;

	/**
	 * One-time pad to log in with instead of a password; the server accepts it once.
	 */
	private @Nullable String pad;

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getPad() {
		return this.pad;
	}

	public void setPad(@Nullable String pad) {
		this.pad = pad;
	}

	/**
	 * Return the login these properties describe.
	 * @param prefix the properties' prefix, for error messages
	 * @return the login, or {@code null} when none is set
	 */
	@Nullable AmpLogin login(String prefix) {
		if (this.pad != null) {
			if (this.username != null || this.password != null) {
				throw new IllegalStateException(prefix + ".pad cannot be set with " + prefix + ".username or " + prefix
						+ ".password: log in with one or the other");
			}
			return AmpLogin.oneTimePad(this.pad);
		}
		if (this.username == null && this.password == null) {
			return null;
		}
		if (this.username == null || this.password == null) {
			throw new IllegalStateException(prefix + ".username and " + prefix + ".password must both be set");
		}
		return AmpLogin.password(this.username, this.password);
	}

}
