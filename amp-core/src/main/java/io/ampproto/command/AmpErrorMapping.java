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
package io.ampproto.command;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * A declared error of a command: an exception type, its code, and whether it is fatal.
 *
 * @param code the error code on the wire
 * @param exception the exception type
 * @param fatal whether the connection closes after the error is sent
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpErrorMapping(String code, Class<? extends Throwable> exception, boolean fatal) {

	/**
	 * Build the exception a caller sees for this error, from the description alone, as
	 * Twisted does.
	 * @param description the description sent by the peer
	 * @return the exception
	 */
	public Throwable newException(String description) {
		try {
			try {
				Constructor<? extends Throwable> constructor = this.exception.getConstructor(String.class);
				return constructor.newInstance(description);
			}
			catch (NoSuchMethodException ex) {
				return this.exception.getConstructor().newInstance();
			}
		}
		catch (NoSuchMethodException | InstantiationException | IllegalAccessException
				| InvocationTargetException ex) {
			return new AmpRemoteException(this.code, description);
		}
	}

}
