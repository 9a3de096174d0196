package io.peerset.core.common;

import io.peerset.api.internal.Checks;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Demand for more peers (reference section 5.7, {@code MorePeers}): the peer set signals it when
 * no peer is ready; the dialer takes one signal per connection attempt. Bounded like the
 * reference's channel (capacity = the outbound limit): a signal sent while it is full is dropped
 * and counted, never waited for.
 *
 * <p>Thread-safe and lock-free; {@link #signal()} never blocks.
 */
public final class PeerDemand {

    private final int capacity;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong signalled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Runnable listener = () -> { };

    /**
     * @param capacity the most signals waiting to be taken, &gt; 0 (the peer set uses its outbound limit)
     */
    public PeerDemand(int capacity) {
        this.capacity = Checks.positive("capacity", capacity);
    }

    /**
     * Asks for one more peer.
     *
     * @return false if the signal was dropped (full)
     */
    public boolean signal() {
        int n;
        do {
            n = pending.get();
            if (n >= capacity) {
                dropped.incrementAndGet();
                return false;
            }
        } while (!pending.compareAndSet(n, n + 1));
        signalled.incrementAndGet();
        listener.run();
        return true;
    }

    /** @return whether a signal was waiting (and is now taken) */
    public boolean tryTake() {
        int n;
        do {
            n = pending.get();
            if (n == 0) {
                return false;
            }
        } while (!pending.compareAndSet(n, n - 1));
        return true;
    }

    /** @return signals waiting to be taken */
    public int pending() {
        return pending.get();
    }

    /** @return the bound */
    public int capacity() {
        return capacity;
    }

    /** @return signals accepted so far */
    public long signalled() {
        return signalled.get();
    }

    /** @return signals dropped so far because the demand was full */
    public long dropped() {
        return dropped.get();
    }

    /**
     * @param listener called after each accepted signal, on the signalling thread (the peer set's
     *                 loop): it must only wake the dialer, never block
     */
    public void onSignal(Runnable listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public String toString() {
        return "PeerDemand[pending=" + pending.get() + "/" + capacity + ", signalled=" + signalled.get()
                + ", dropped=" + dropped.get() + "]";
    }
}
