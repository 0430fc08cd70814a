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

/**
 * Creates the protocol a responder switches to, by name. In a Spring Boot application
 * every bean of this type is registered; a responder names it with
 * {@link AmpSwitch#to(String)}.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpInnerProtocolFactory {

	/**
	 * Return the name responders use for this protocol.
	 * @return the name
	 */
	String name();

	/**
	 * Create the protocol for one switched connection.
	 * @param context the switch: the command and its session
	 * @return the protocol
	 */
	AmpInnerProtocol create(AmpSwitchContext context);

}
