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

/**
 * An AMP command, usually a record whose components are the command's arguments.
 * <p>
 * The type parameter is the response: a record whose components are the response fields,
 * or {@link Void} for a command whose answer carries no fields. The wire name is the
 * simple class name, as Twisted uses the class name; {@link AmpCommandSpec} changes it and
 * declares errors and whether an answer is required.
 *
 * <pre class="code">
 * public record Sum(int a, int b) implements AmpCommand&lt;Sum.Result&gt; {
 *     public record Result(int total) {
 *     }
 * }
 * </pre>
 *
 * @param <R> the response type
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public interface AmpCommand<R> {

}
