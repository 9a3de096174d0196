package io.peerset.core.discovery;

import io.peerset.api.internal.Checks;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the connections of one direction against its limit (reference {@code peer_set/limit.rs},
 * {@code ActiveConnectionCounter}): a slot is reserved before a dial or an inbound handshake starts,
 * as a {@link Token} the connection carries, and freed when the token is released — exactly once,
 * however many times and from however many threads {@link Token#release()} is called, so neither
 * a double release nor a lost one can drift the count.
 *
 * <p>Thread-safe and lock-free.
 */
public final class ConnectionCounter {

    private final String name;
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param name  for logs and errors, e.g. {@code "outbound"}
     * @param limit the most connections at a time, &gt; 0
     */
    public ConnectionCounter(String name, int limit) {
        this.name = Objects.requireNonNull(name, "name");
        this.limit = Checks.positive(name + " limit", limit);
    }

    /** A reserved slot. Thread-safe. */
    public final class Token {
        private final AtomicBoolean live = new AtomicBoolean(true);

        private Token() {
        }

        /**
         * Frees the slot. Only the first call counts.
         *
         * @return whether this call freed it
         */
        public boolean release() {
            if (live.compareAndSet(true, false)) {
                open.decrementAndGet();
                released.incrementAndGet();
                return true;
            }
            return false;
        }

        /** @return whether the slot is still held */
        public boolean isLive() {
            return live.get();
        }

        @Override
        public String toString() {
            return name + " token" + (live.get() ? "" : " (released)");
        }
    }

    /** @return a token for a free slot, or empty when {@link #limit()} connections are open or pending */
    public Optional<Token> tryReserve() {
        if (closed) {
            return Optional.empty();
        }
        int n;
        do {
            n = open.get();
            if (n >= limit) {
                return Optional.empty();
            }
        } while (!open.compareAndSet(n, n + 1));
        reserved.incrementAndGet();
        return Optional.of(new Token());
    }

    /**
     * Refuses every later reservation (a node shutting down stops dialling and accepting here, whatever
     * is still scheduled); tokens already out are released as before. Idempotent.
     */
    public void close() {
        closed = true;
    }

    /** @return slots held now (open and pending connections) */
    public int count() {
        return open.get();
    }

    /** @return free slots now */
    public int spare() {
        return Math.max(0, limit - open.get());
    }

    /** @return the limit */
    public int limit() {
        return limit;
    }

    /** @return tokens handed out so far */
    public long reservedTotal() {
        return reserved.get();
    }

    /** @return tokens released so far */
    public long releasedTotal() {
        return released.get();
    }

    @Override
    public String toString() {
        return "ConnectionCounter[" + name + " " + open.get() + "/" + limit + "]";
    }
}
