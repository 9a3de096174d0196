package io.peerset.core.set;

import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.PeerDemand;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests that found no ready peer (Appendix A.13: callers never block; a bounded queue
 * replaces the reference's buffer of 3), served first come, first served, each for at most
 * {@link PeerSetConfig#readyTimeout()}; parking signals demand for more peers, at most once per
 * loop step. It also keeps the request queue's bound ({@link PeerSetConfig#requestQueueCapacity()}):
 * requests accepted and not yet sent or failed.
 *
 * <p>{@link #admit()} runs on any thread; everything else on the peer-set loop.
 */
final class WaitingQueue {

    private final DefaultPeerSet set;
    private final PeerSetConfig config;
    private final Scheduler clock;
    private final PeerDemand demand;
    private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();
    private Router router;
    /**
     * Requests accepted so far (written by callers only) and requests that have left the queue (sent
     * to a peer or failed; written by the loop only, published once per loop step): their difference
     * is bounded by the queue capacity. Two single-purpose counters instead of one shared one keep
     * the caller's and the loop's cores from trading a cache line on every request; the price is
     * that the bound is checked against the count of the last loop step (it may refuse up to one
     * step's worth of requests early under full load, never accept more than the capacity).
     */
    private final AtomicLong accepted = new AtomicLong();
    private volatile long released;
    private long releasedOnLoop;
    private Cancellable waitTimer;
    private long waitTimerAt;
    private boolean demandThisDrain;

    WaitingQueue(DefaultPeerSet set, PeerSetConfig config, Scheduler clock, PeerDemand demand) {
        this.set = set;
        this.config = config;
        this.clock = clock;
        this.demand = demand;
    }

    void router(Router router) {
        this.router = router;
    }

    /** Any thread: takes a place in the request queue's bound, or refuses. */
    boolean admit() {
        if (accepted.incrementAndGet() - released > config.requestQueueCapacity()) {
            accepted.decrementAndGet();
            return false;
        }
        return true;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }

    /** A loop step starts: it may signal demand once more. */
    void stepStarting() {
        demandThisDrain = false;
    }

    /** Publishes the count of released requests to {@link #admit()} (once per loop step: see above). */
    void publishReleased() {
        released = releasedOnLoop;
    }

    /** The request leaves the queue's bound (it is sent, or about to complete). */
    void release(Call<?> c) {
        assert set.inLoop();
        if (!c.released) {
            c.released = true;
            releasedOnLoop++;
        }
    }

    void park(Call<?> c) {
        assert set.inLoop();
        if (c.parked) {
            waiting.addFirst(c); // it came from the head of the queue: keep its place and deadline
        } else {
            c.parked = true;
            c.deadline = clock.nanoTime() + config.readyTimeout().toNanos();
            waiting.add(c);
        }
        if (!demandThisDrain) {
            demandThisDrain = true;
            boolean accepted = demand.signal();
            set.emit(new PeerSetEvent.DemandSignalled(waiting.size(), !accepted));
        }
        armTimer();
    }

    /** Routes waiting requests, oldest first, while a peer is ready. */
    void serve() {
        assert set.inLoop();
        while (set.index().readyCount() > 0 && !waiting.isEmpty()) {
            router.safeRoute(waiting.poll());
        }
        armTimer();
    }

    private void armTimer() {
        Call<?> head = waiting.peek();
        if (head == null || set.isShutDown()) {
            return;
        }
        if (waitTimer != null && waitTimerAt <= head.deadline) {
            return;
        }
        if (waitTimer != null) {
            waitTimer.cancel();
        }
        waitTimerAt = head.deadline;
        long delay = Math.max(0, head.deadline - clock.nanoTime());
        waitTimer = clock.schedule(Duration.ofNanos(delay), () -> set.submitTask(() -> {
            waitTimer = null;
            expire();
        }));
    }

    /** Fails the requests that have waited the ready timeout. */
    void expire() {
        assert set.inLoop();
        long now = clock.nanoTime();
        while (!waiting.isEmpty() && waiting.peek().deadline <= now) {
            Call<?> c = waiting.poll();
            release(c);
            PeerException error = new PeerException.NoReadyPeers(noReadyDetail());
            set.emit(new PeerSetEvent.RequestExpired(c.request, error));
            c.completeExceptionally(error);
        }
        armTimer();
    }

    /** The set shuts down: every waiting request fails. */
    void failAll() {
        assert set.inLoop();
        if (waitTimer != null) {
            waitTimer.cancel();
            waitTimer = null;
        }
        Call<?> c;
        while ((c = waiting.poll()) != null) {
            release(c);
            c.completeExceptionally(new PeerException.ServiceShutdown());
        }
    }

    private String noReadyDetail() {
        PeerIndex index = set.index();
        int peers = index.size();
        return "waited " + config.readyTimeout().toMillis() + " ms; " + peers + " peers connected ("
                + index.busyCount() + " busy with a request, " + index.checkingCount() + " being checked, "
                + index.readyCount() + " ready); "
                + (peers == 0 ? "no peer connected: check the network connection and the initial peers"
                : "all peers are busy: the request queue is longer than the peers can serve");
    }
}
