package io.peerset.core.peer;

import io.peerset.api.internal.Checks;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The nonces of recent handshakes of one node (reference section 6.1): a remote {@code version}
 * carrying one of them means we dialled ourselves.
 *
 * <p>Bounded: beyond the capacity the oldest nonce is evicted. Nonces are never removed after
 * their handshake, so an observer cannot race a handshake to force a self-connection through.
 *
 * <p>Thread-safe: shared by the handshakes of every connection, which run on different executors.
 * The lock is held for a set operation only.
 */
final class NonceSet {

    private final int capacity;
    private final LinkedHashSet<Long> nonces = new LinkedHashSet<>();

    NonceSet(int capacity) {
        this.capacity = Checks.atLeast("capacity", capacity, 1);
    }

    /**
     * @param nonce a fresh local nonce
     * @return false if it was already present (a local collision)
     */
    synchronized boolean add(long nonce) {
        if (!nonces.add(nonce)) {
            return false;
        }
        Iterator<Long> oldest = nonces.iterator();
        while (nonces.size() > capacity) {
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    synchronized boolean contains(long nonce) {
        return nonces.contains(nonce);
    }

    synchronized int size() {
        return nonces.size();
    }
}
