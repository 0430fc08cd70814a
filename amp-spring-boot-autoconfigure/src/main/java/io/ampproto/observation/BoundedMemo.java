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

import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Values made once per key and kept, up to a bound: past it, made on every use, so that
 * keys from an unexpected source cost time rather than memory.
 *
 * @author AMP for Spring Boot contributors
 */
final class BoundedMemo {

	private BoundedMemo() {
	}

	static <K, V> V get(ConcurrentMap<K, V> kept, K key, int maxKept, Function<? super K, ? extends V> make) {
		V value = kept.get(key);
		if (value != null) {
			return value;
		}
		if (kept.size() >= maxKept) {
			return make.apply(key);
		}
		return kept.computeIfAbsent(key, make);
	}

}
