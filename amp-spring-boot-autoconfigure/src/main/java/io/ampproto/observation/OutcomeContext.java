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
package io.ampproto.observation;

import io.ampproto.session.AmpCallOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The context of an observed call or command, told how it ended.
 *
 * @author AMP for Spring Boot contributors
 */
interface OutcomeContext {

	/**
	 * Set how the call or command ended.
	 * @param outcome the outcome
	 */
	void setOutcome(@Nullable AmpCallOutcome outcome);

	/**
	 * Set the error code received or answered.
	 * @param errorCode the code
	 */
	void setErrorCode(@Nullable String errorCode);

}
