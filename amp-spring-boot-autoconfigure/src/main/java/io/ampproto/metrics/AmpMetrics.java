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
package io.ampproto.metrics;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

import io.ampproto.box.AmpBox;
import io.ampproto.box.AmpLimitExceededException;
import io.ampproto.box.AmpLimitViolationListener;
import io.ampproto.box.AmpTooLongException;
import io.ampproto.session.AmpSession;
import io.ampproto.session.AmpSessionObserver;
import io.ampproto.unix.AmpDescriptorViolation;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of AMP traffic, per side ({@code side=server} for connections a
 * server accepted, {@code side=client} for those a client opened):
 * <ul>
 * <li>{@value #BOXES_RECEIVED}, {@value #BOXES_SENT}: counters of boxes;
 * {@value #DATA_RECEIVED}, {@value #DATA_SENT}: counters of their encoded bytes;</li>
 * <li>{@value #CONNECTIONS_OPEN} (gauge), {@value #CONNECTIONS_OPENED},
 * {@value #CONNECTIONS_CLOSED} (counters);</li>
 * <li>{@value #CALLS_IN_FLIGHT}: a gauge of the calls waiting for an answer
 * ({@code direction=outbound}) and of the commands being answered
 * ({@code direction=inbound});</li>
 * <li>{@value #LIMIT_VIOLATIONS}: a counter of broken length limits, tagged with the
 * {@code part} that was too long ({@code key}, {@code value}, {@code box}) and the
 * {@code direction} ({@code received} from the peer, which closes the connection, or
 * {@code refused} locally, which sends nothing); and of boxes received and refused by
 * another limit, with {@code part} {@code memory} (the memory budget of unfinished
 * boxes) or {@code timeout} (the box timeout), {@code direction=received};</li>
 * <li>{@value #DESCRIPTOR_VIOLATIONS}: a counter of connections closed because the peer
 * broke a limit of file descriptor passing on a UNIX domain socket, tagged with the
 * {@code reason} ({@code overflow}: too many in one message; {@code unclaimed}: too many
 * left unclaimed).</li>
 * </ul>
 * Every tag has a fixed set of values. The per-box work is two additions to a
 * {@link LongAdder}, done in a Netty handler on the event loop; gauges are computed when
 * the registry reads them.
 * <p>
 * It observes the sessions it is set on as an {@link AmpSessionObserver}; the violation
 * listeners of {@link #violationListener(Side)} go on the server and client transports.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpMetrics implements AmpSessionObserver {

	/** Boxes received. */
	public static final String BOXES_RECEIVED = "amp.boxes.received";

	/** Boxes sent. */
	public static final String BOXES_SENT = "amp.boxes.sent";

	/** Encoded bytes of the boxes received. */
	public static final String DATA_RECEIVED = "amp.data.received";

	/** Encoded bytes of the boxes sent. */
	public static final String DATA_SENT = "amp.data.sent";

	/** Connections open now. */
	public static final String CONNECTIONS_OPEN = "amp.connections.open";

	/** Connections opened or accepted. */
	public static final String CONNECTIONS_OPENED = "amp.connections.opened";

	/** Connections closed. */
	public static final String CONNECTIONS_CLOSED = "amp.connections.closed";

	/** Calls and commands in flight. */
	public static final String CALLS_IN_FLIGHT = "amp.calls.in.flight";

	/** Broken length limits. */
	public static final String LIMIT_VIOLATIONS = "amp.limit.violations";

	/** Connections closed for a broken limit of descriptor passing. */
	public static final String DESCRIPTOR_VIOLATIONS = "amp.descriptor.violations";

	/** Name of the counting handler in a connection's pipeline. */
	public static final String HANDLER_NAME = "amp.metrics";

	private final SideMeters server;

	private final SideMeters client;

	/**
	 * Create the meters and register them.
	 * @param registry the registry
	 * @param tags tags added to every meter
	 */
	public AmpMetrics(MeterRegistry registry, Iterable<Tag> tags) {
		Objects.requireNonNull(registry, "registry");
		this.server = new SideMeters(registry, Tags.of(tags).and("side", "server"));
		this.client = new SideMeters(registry, Tags.of(tags).and("side", "client"));
	}

	/**
	 * Create the meters and register them, with no extra tags.
	 * @param registry the registry
	 */
	public AmpMetrics(MeterRegistry registry) {
		this(registry, Tags.empty());
	}

	/**
	 * Return the listener that counts the length violations of one side; set it on the
	 * server's or the clients' transport.
	 * @param side the side
	 * @return the listener
	 */
	public AmpLimitViolationListener violationListener(Side side) {
		return meters(side).violations;
	}

	@Override
	public void sessionStarted(AmpSession session) {
		SideMeters meters = meters(session.connection().isAccepted() ? Side.SERVER : Side.CLIENT);
		meters.opened.increment();
		meters.sessions.add(session);
		session.onClose().subscribe(null, (error) -> meters.closed(session), () -> meters.closed(session));
		// Before the first box is read: the session reads nothing until it has started.
		session.connection().nettyConnection().addHandlerLast(HANDLER_NAME, meters.counter);
	}

	private SideMeters meters(Side side) {
		return (side == Side.SERVER) ? this.server : this.client;
	}

	@Override
	public String toString() {
		return "AmpMetrics";
	}

	/**
	 * Which end of a connection this side is.
	 */
	public enum Side {

		/** Connections accepted by a server. */
		SERVER,

		/** Connections opened by a client. */
		CLIENT

	}

	/**
	 * The meters of one side.
	 */
	private static final class SideMeters {

		final LongAdder boxesReceived = new LongAdder();

		final LongAdder boxesSent = new LongAdder();

		final LongAdder bytesReceived = new LongAdder();

		final LongAdder bytesSent = new LongAdder();

		final LongAdder opened = new LongAdder();

		final LongAdder closedCount = new LongAdder();

		final Set<AmpSession> sessions = ConcurrentHashMap.newKeySet();

		final CountingHandler counter = new CountingHandler(this);

		final ViolationCounter violations = new ViolationCounter();

		final LongAdder[] descriptorViolations = new LongAdder[AmpDescriptorViolation.Reason.values().length];

		SideMeters(MeterRegistry registry, Tags tags) {
			counter(registry, BOXES_RECEIVED, "Boxes received", null, tags, this.boxesReceived);
			counter(registry, BOXES_SENT, "Boxes sent", null, tags, this.boxesSent);
			counter(registry, DATA_RECEIVED, "Encoded bytes of the boxes received", "bytes", tags,
					this.bytesReceived);
			counter(registry, DATA_SENT, "Encoded bytes of the boxes sent", "bytes", tags, this.bytesSent);
			counter(registry, CONNECTIONS_OPENED, "Connections opened or accepted", null, tags, this.opened);
			counter(registry, CONNECTIONS_CLOSED, "Connections closed", null, tags, this.closedCount);
			Gauge.builder(CONNECTIONS_OPEN, this.sessions, Set::size)
				.description("Connections open now")
				.tags(tags)
				.strongReference(true)
				.register(registry);
			inFlightGauge(registry, tags.and("direction", "inbound"), "Commands from the peer being answered",
					AmpSession::inboundCallsInFlight);
			inFlightGauge(registry, tags.and("direction", "outbound"), "Calls to the peer waiting for their answer",
					AmpSession::outboundCallsInFlight);
			for (AmpTooLongException.Part part : AmpTooLongException.Part.values()) {
				for (int local = 0; local < 2; local++) {
					FunctionCounter
						.builder(LIMIT_VIOLATIONS, this.violations.counts[part.ordinal()][local], LongAdder::sum)
						.description("Broken AMP length limits: received from the peer (the connection is closed) "
								+ "or refused locally (nothing is sent)")
						.tags(tags)
						.tag("part", part.name().toLowerCase(Locale.ROOT))
						.tag("direction", (local == 1) ? "refused" : "received")
						.register(registry);
				}
			}
			for (AmpLimitExceededException.Limit limit : AmpLimitExceededException.Limit.values()) {
				FunctionCounter.builder(LIMIT_VIOLATIONS, this.violations.exceeded[limit.ordinal()], LongAdder::sum)
					.description("Broken AMP length limits: received from the peer (the connection is closed) "
							+ "or refused locally (nothing is sent)")
					.tags(tags)
					.tag("part", limit.name().toLowerCase(Locale.ROOT))
					.tag("direction", "received")
					.register(registry);
			}
			for (AmpDescriptorViolation.Reason reason : AmpDescriptorViolation.Reason.values()) {
				LongAdder count = new LongAdder();
				this.descriptorViolations[reason.ordinal()] = count;
				FunctionCounter.builder(DESCRIPTOR_VIOLATIONS, count, LongAdder::sum)
					.description("AMP connections on UNIX domain sockets closed because the peer broke a limit of "
							+ "file descriptor passing")
					.tags(tags)
					.tag("reason", reason.name().toLowerCase(Locale.ROOT))
					.register(registry);
			}
		}

		private void inFlightGauge(MeterRegistry registry, Tags tags, String description,
				ToIntFunction<AmpSession> count) {
			Gauge.builder(CALLS_IN_FLIGHT, this.sessions, (sessions) -> {
				long total = 0;
				for (AmpSession session : sessions) {
					total += count.applyAsInt(session);
				}
				return total;
			}).description(description).tags(tags).strongReference(true).register(registry);
		}

		private static void counter(MeterRegistry registry, String name, String description,
				@Nullable String baseUnit, Tags tags, LongAdder adder) {
			FunctionCounter.builder(name, adder, LongAdder::sum)
				.description(description)
				.baseUnit(baseUnit)
				.tags(tags)
				.register(registry);
		}

		void closed(AmpSession session) {
			if (this.sessions.remove(session)) {
				this.closedCount.increment();
			}
		}

	}

	/**
	 * Counts the boxes that pass it: placed after the AMP codec, it sees boxes both
	 * ways, and the descriptor violations fired before a connection closes.
	 */
	@ChannelHandler.Sharable
	private static final class CountingHandler extends ChannelDuplexHandler {

		private final SideMeters meters;

		CountingHandler(SideMeters meters) {
			this.meters = meters;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof AmpBox box) {
				this.meters.boxesReceived.increment();
				this.meters.bytesReceived.add(box.encodedLength());
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof AmpDescriptorViolation violation) {
				this.meters.descriptorViolations[violation.reason().ordinal()].increment();
			}
			ctx.fireUserEventTriggered(event);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof AmpBox box) {
				this.meters.boxesSent.increment();
				this.meters.bytesSent.add(box.encodedLength());
			}
			ctx.write(msg, promise);
		}

	}

	/**
	 * Counts violations by part and direction.
	 */
	private static final class ViolationCounter implements AmpLimitViolationListener {

		final LongAdder[][] counts = new LongAdder[AmpTooLongException.Part.values().length][2];

		final LongAdder[] exceeded = new LongAdder[AmpLimitExceededException.Limit.values().length];

		ViolationCounter() {
			for (LongAdder[] byDirection : this.counts) {
				byDirection[0] = new LongAdder();
				byDirection[1] = new LongAdder();
			}
			for (int i = 0; i < this.exceeded.length; i++) {
				this.exceeded[i] = new LongAdder();
			}
		}

		@Override
		public void onLimitExceeded(AmpLimitExceededException exceeded) {
			this.exceeded[exceeded.getLimit().ordinal()].increment();
		}

		@Override
		public void onViolation(AmpTooLongException violation) {
			this.counts[violation.getPart().ordinal()][violation.isLocal() ? 1 : 0].increment();
		}

	}

}
