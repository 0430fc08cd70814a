/*
 * Copyright 2026 the AMP for Spring Boot authors
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

import io.ampproto.command.type.AmpArgumentType;

/**
 * One argument of a command, a response or an {@code AmpList} row, as declared: its wire
 * key, the Java name it came from, its AMP type and whether it may be absent. For tools
 * that describe commands, such as the {@code amp} actuator endpoint.
 *
 * @param key the wire key
 * @param javaName the record component or parameter name
 * @param type the AMP type
 * @param optional whether the argument may be absent
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpFieldSpec(String key, String javaName, AmpArgumentType<?> type, boolean optional) {

}
