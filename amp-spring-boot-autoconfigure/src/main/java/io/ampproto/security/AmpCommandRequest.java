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
package io.ampproto.security;

import io.ampproto.session.AmpSession;

/**
 * A command to authorize: what an {@link AmpSecurity} rule's authorization manager is
 * given.
 *
 * @param name the command's wire name
 * @param command the decoded command
 * @param session the session it arrived on
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public record AmpCommandRequest(String name, Object command, AmpSession session) {
}
