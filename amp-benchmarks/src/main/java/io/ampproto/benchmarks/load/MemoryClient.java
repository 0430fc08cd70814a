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
package io.ampproto.benchmarks.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Opens many connections to a server, makes one call on each so that every connection
 * is fully set up, and keeps them open, idle: prints {@code CONNECTED <n>} after a tenth
 * of them, waits for a line on its standard input, opens the rest, prints
 * {@code CONNECTED <n>} again and waits until its standard input is closed.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class MemoryClient {

	private static final int PARALLEL_CONNECTS = 16;

	private MemoryClient() {
	}

	/**
	 * Run the client.
	 * @param args the client's system, host, port, number of connections
	 * @throws Exception when a connection fails
	 */
	public static void main(String[] args) throws Exception {
		BenchSystem system = BenchSystem.of(args[0]);
		String host = args[1];
		int port = Integer.parseInt(args[2]);
		int count = Integer.parseInt(args[3]);
		List<Caller> callers = Collections.synchronizedList(new ArrayList<>(count));
		ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CONNECTS);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		// A tenth first, so that the server's one-time costs (classes, compiled code, pools)
		// are paid before the memory per connection is measured from there.
		int first = Math.max(1, count / 10);
		connect(pool, system, host, port, 0, first, callers);
		System.out.println("CONNECTED " + callers.size());
		System.out.flush();
		if (in.readLine() == null) {
			System.exit(0);
		}
		connect(pool, system, host, port, first, count, callers);
		pool.shutdown();
		System.out.println("CONNECTED " + callers.size());
		System.out.flush();
		while (in.readLine() != null) {
			// Idle until the load run closes our input.
		}
		System.exit(0);
	}

	private static void connect(ExecutorService pool, BenchSystem system, String host, int port, int from, int to,
			List<Caller> callers) throws Exception {
		List<Future<?>> tasks = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			int n = i;
			tasks.add(pool.submit(() -> {
				Caller caller = BenchServer.connect(system, host, port);
				callers.add(caller);
				CompletableFuture<Integer> answer = new CompletableFuture<>();
				caller.executor().execute(() -> caller.call(n, 1, new Caller.Completion() {

					@Override
					public void completed(int total) {
						answer.complete(total);
					}

					@Override
					public void failed(Throwable error) {
						answer.completeExceptionally(error);
					}

				}));
				int total = answer.get(60, TimeUnit.SECONDS);
				if (total != n + 1) {
					throw new IllegalStateException("Expected " + (n + 1) + " but got " + total);
				}
				return null;
			}));
		}
		for (Future<?> task : tasks) {
			task.get(10, TimeUnit.MINUTES);
		}
	}

}
