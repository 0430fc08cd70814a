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
package io.ampproto.transport;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * The X.509 chain a TLS peer presented.
 *
 * @author AMP for Spring Boot contributors
 */
final class PeerCertificates {

	private PeerCertificates() {
	}

	static List<X509Certificate> of(@Nullable SSLSession session) {
		if (session == null) {
			return List.of();
		}
		try {
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : session.getPeerCertificates()) {
				if (certificate instanceof X509Certificate x509) {
					certificates.add(x509);
				}
			}
			return List.copyOf(certificates);
		}
		catch (SSLPeerUnverifiedException ex) {
			return List.of();
		}
	}

}
