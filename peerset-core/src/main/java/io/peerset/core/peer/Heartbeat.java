package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerException;
import io.peerset.api.Response;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The heartbeat of one connection (reference section 6.10): a ping every interval, which must be
 * answered within the interval or the connection fails with {@code HeartbeatTaskExited}. A late
 * tick delays the following ones instead of bunching them. The pings queue behind the caller's
 * request with a slot of their own, so they never make the client unready.
 *
 * <p>Confined to the connection's loop, like the connection; it talks to it only through {@link Host}.
 */
final class Heartbeat {

    /** What the heartbeat needs from its connection, all called on the loop. */
    interface Host extends ConnectionLoop {
        /** Queues a heartbeat ping (not a caller's request) and returns its answer. */
        CompletableFuture<Response.Pong> ping(long nonce);

        /** Reports the ping to the observer. */
        void pingSent();

        /** Reports the answer's round trip to the observer. */
        void responded(Duration rtt);
    }

    private final Host host;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Duration interval;
    private Cancellable timer;
    /** The ping in flight, or null: a late answer or timeout of an earlier one is ignored. */
    private CompletableFuture<Response.Pong> inFlight;

    Heartbeat(Host host, Scheduler scheduler, RandomGenerator random, Duration interval) {
        this.host = requireNonNull(host, "host");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.random = requireNonNull(random, "random");
        this.interval = requireNonNull(interval, "interval");
    }

    /** Starts the ticks: the first ping one interval from now. */
    void start() {
        timer = scheduler.schedule(interval, () -> host.onLoop(this::tick));
    }

    /** Stops the ticks; a ping in flight is failed by the connection's shutdown. */
    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void tick() {
        assert host.inLoop() : "off the connection's loop";
        timer = null;
        if (host.isShutdown()) {
            return;
        }
        long tickNanos = scheduler.nanoTime();
        host.pingSent();
        CompletableFuture<Response.Pong> ping = host.ping(random.nextLong());
        inFlight = ping;
        Cancellable timeout = scheduler.schedule(interval, () -> host.onLoop(() -> {
            if (!host.isShutdown() && inFlight == ping) {
                host.fail(new PeerException.HeartbeatTaskExited("no pong within " + interval));
            }
        }));
        ping.whenComplete((response, e) -> host.onLoop(() -> {
            timeout.cancel();
            if (inFlight != ping || host.isShutdown()) {
                return;
            }
            inFlight = null;
            if (e != null) {
                host.fail(new PeerException.HeartbeatTaskExited("ping failed: " + Futures.unwrap(e).getMessage()));
                return;
            }
            host.responded(response.rtt());
            // The next tick is due one interval after this one; a late tick delays the following
            // ones instead of bunching them.
            long elapsed = scheduler.nanoTime() - tickNanos;
            Duration delay = interval.minusNanos(elapsed);
            timer = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> host.onLoop(this::tick));
        }));
    }
}
