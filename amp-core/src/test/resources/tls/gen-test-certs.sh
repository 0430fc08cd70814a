#!/bin/sh
# Regenerates the TLS test material of this directory (OpenSSL 3). Run from this directory.
# EC P-256 keys (PKCS#8), certificates valid for 100 years.
set -e
days=36500
# Test CA, and a second CA that signed nothing we use (a peer that trusts only it must fail).
for ca in ca other-ca; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days \
		-subj "/CN=AMP Test ${ca}" -addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		-keyout ${ca}-key.pem -out ${ca}-cert.pem
done
# Two server certificates for localhost and 127.0.0.1 (serials 2 and 4), signed by the test CA.
for server in server:2 server2:4; do
	name=${server%:*}
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
		-keyout ${name}-key.pem -out ${name}.csr
	openssl x509 -req -in ${name}.csr -CA ca-cert.pem -CAkey ca-key.pem -set_serial ${server#*:} -days $days \
		-extfile /dev/stdin -out ${name}-cert.pem <<EXT
subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth
EXT
done
# Client certificate, signed by the test CA.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=amp-test-client" \
	-keyout client-key.pem -out client.csr
openssl x509 -req -in client.csr -CA ca-cert.pem -CAkey ca-key.pem -set_serial 3 -days $days \
	-extfile /dev/stdin -out client-cert.pem <<EXT
extendedKeyUsage=clientAuth
EXT
rm -f server.csr server2.csr client.csr ca-key.pem other-ca-key.pem ca-cert.srl

# Client certificates of users, for the security tests: a CA of their own (a server that trusts only it
# refuses client-cert.pem at the handshake), alice (a known user) and carol (no such user).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days \
	-subj "/CN=AMP Test users-ca" -addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign,cRLSign \
	-keyout users-ca-key.pem -out users-ca-cert.pem
serial=10
for user in alice carol; do
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/O=AMP Test/CN=${user}" \
		-keyout ${user}-key.pem -out ${user}.csr
	openssl x509 -req -in ${user}.csr -CA users-ca-cert.pem -CAkey users-ca-key.pem -set_serial $serial \
		-days $days -extfile /dev/stdin -out ${user}-cert.pem <<EXT
extendedKeyUsage=clientAuth
EXT
	serial=$((serial + 1))
done
rm -f alice.csr carol.csr users-ca-key.pem users-ca-cert.srl
