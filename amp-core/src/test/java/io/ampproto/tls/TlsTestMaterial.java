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
package io.ampproto.tls;

import java.io.File;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import io.ampproto.testsupport.TwistedPython;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * The TLS test material of {@code src/test/resources/tls} (made by
 * {@code gen-test-certs.sh} there): a test CA, a server certificate for localhost and
 * 127.0.0.1 and a client certificate signed by it, and another CA that signed neither.
 */
public final class TlsTestMaterial {

	private TlsTestMaterial() {
	}

	/** The file of a test resource of {@code tls/}, copied out of the test-jar when needed. */
	public static File file(String name) {
		return TwistedPython.resource("tls/" + name).toFile();
	}

	/**
	 * The server's context; with {@code requireClientCertificate}, it trusts the test CA
	 * and requires a client certificate.
	 */
	public static SslContext serverContext(boolean requireClientCertificate) {
		try {
			SslContextBuilder builder = SslContextBuilder.forServer(file("server-cert.pem"), file("server-key.pem"));
			if (requireClientCertificate) {
				builder.trustManager(file("ca-cert.pem")).clientAuth(ClientAuth.REQUIRE);
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A client's context, trusting the given CA file, with the client certificate or
	 * without.
	 */
	public static SslContext clientContext(String trustedCa, boolean withCertificate) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient().trustManager(file(trustedCa));
			if (withCertificate) {
				builder.keyManager(file("client-cert.pem"), file("client-key.pem"));
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Both roles: the server certificate, a client that trusts the test CA. */
	public static AmpSslContextProvider provider() {
		return AmpSslContextProvider.of(serverContext(false), clientContext("ca-cert.pem", true));
	}

	/** A JDK context with the server's key, for raw peers. */
	public static SSLContext jdkServerContext() {
		return SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate("classpath:tls/server-cert.pem").withPrivateKey("classpath:tls/server-key.pem"),
				null)).createSslContext();
	}

	/** A JDK context that trusts the test CA, for raw peers. */
	public static SSLContext jdkClientContext() {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("classpath:tls/ca-cert.pem")))
			.createSslContext();
	}

}
