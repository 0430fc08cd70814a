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
package io.ampproto.switching;

import org.reactivestreams.Publisher;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;

/**
 * The protocol a connection carries after a protocol switch. It sees the connection as a
 * plain byte stream, as a Reactor Netty handler does: every byte after the AMP answer,
 * including the rest of the read that carried it, arrives on the inbound in order, and
 * what it sends goes out as is.
 * <p>
 * The inbound's buffers are released after {@code onNext}: retain what is kept longer.
 * Reading follows the inbound's demand. The connection closes when the returned
 * publisher terminates.
 *
 * <pre class="code">
 * AmpInnerProtocol echo = (inbound, outbound) -&gt; outbound.send(inbound.receive().retain());
 * </pre>
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface AmpInnerProtocol {

	/**
	 * Run the protocol on the switched connection.
	 * @param inbound the bytes received
	 * @param outbound where to send bytes
	 * @return completes when the protocol is done; the connection then closes
	 */
	Publisher<Void> handle(NettyInbound inbound, NettyOutbound outbound);

}
