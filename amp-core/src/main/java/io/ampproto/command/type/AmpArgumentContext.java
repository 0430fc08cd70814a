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
package io.ampproto.command.type;

/**
 * What an argument type may need from the connection a box travels on: Twisted's
 * {@code proto} argument of {@code toStringProto} / {@code fromStringProto}. Today that
 * is the exchange of file descriptors on UNIX domain sockets
 * ({@link AmpTypes#DESCRIPTOR}).
 * <p>
 * A connection's context numbers the descriptors it sends and receives as Twisted does:
 * two counters from 0 per connection, one for each direction, across every box.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpArgumentContext {

	/**
	 * A context without a connection: descriptors cannot be sent or received.
	 */
	AmpArgumentContext NONE = unsupported("there is no connection to pass it on");

	/**
	 * Hand a descriptor over for sending with the box being encoded, and number it.
	 * From then on it belongs to the connection, which closes it once written (or
	 * when the box is not sent after all).
	 * @param descriptor the descriptor
	 * @return its ordinal on this connection, the box value that names it
	 * @throws AmpArgumentException when the connection cannot pass descriptors
	 */
	long sendDescriptor(AmpDescriptor descriptor);

	/**
	 * Claim a received descriptor by its ordinal; it then belongs to the caller.
	 * @param ordinal the ordinal named by the box
	 * @return the descriptor
	 * @throws AmpArgumentException when no descriptor of that ordinal is waiting
	 */
	AmpDescriptor receiveDescriptor(long ordinal);

	/**
	 * Return a context that refuses descriptors.
	 * @param reason why, completing "a Descriptor argument cannot be sent or received:
	 * ..."
	 * @return the context
	 */
	static AmpArgumentContext unsupported(String reason) {
		return new AmpArgumentContext() {

			@Override
			public long sendDescriptor(AmpDescriptor descriptor) {
				throw new AmpArgumentException("A Descriptor argument cannot be sent: " + reason);
			}

			@Override
			public AmpDescriptor receiveDescriptor(long ordinal) {
				throw new AmpArgumentException("A Descriptor argument cannot be received: " + reason);
			}

			@Override
			public String toString() {
				return "AmpArgumentContext{no descriptors: " + reason + "}";
			}

		};
	}

}
