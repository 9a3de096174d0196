package io.peerset.core.set;

import io.peerset.api.Netgroups;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;

/**
 * The set's peers by state: every peer by address, the count per IP (the per-IP limit, reference
 * 5.3), and the ready peers in an array with O(1) random access and O(1) removal (swap with the
 * last), which the selector samples from without copying. A peer is checking, ready or busy;
 * {@code checking = size - ready - busy}.
 *
 * <p>Runs on the peer-set loop only; not thread-safe.
 */
final class PeerIndex {

    private final HashMap<PeerAddress, PeerEntry> peers = new HashMap<>();
    private final HashMap<InetAddress, Integer> perIp = new HashMap<>();
    private PeerEntry[] ready = new PeerEntry[16];
    private int readyCount;
    private int busyCount;

    int size() {
        return peers.size();
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    boolean contains(PeerAddress address) {
        return peers.containsKey(address);
    }

    int connectionsFrom(InetAddress ip) {
        return perIp.getOrDefault(Netgroups.host(ip), 0); // an IPv6 /64 is one host (issue 16 §1.4)
    }

    /** @return a copy: callers remove peers while they walk it */
    List<PeerEntry> snapshot() {
        return List.copyOf(peers.values());
    }

    /** @return the live view; not to be changed while walked */
    Collection<PeerEntry> all() {
        return peers.values();
    }

    int readyCount() {
        return readyCount;
    }

    int busyCount() {
        return busyCount;
    }

    int checkingCount() {
        return peers.size() - readyCount - busyCount;
    }

    /** @return the ready array; only its first {@link #readyCount()} slots are peers */
    PeerEntry[] readyArray() {
        return ready;
    }

    PeerEntry ready(int i) {
        return ready[i];
    }

    /** @return a copy of the ready peers (for a broadcast, which changes the array while it sends) */
    PeerEntry[] readyCopy() {
        return Arrays.copyOf(ready, readyCount);
    }

    /** Adds a new peer, checking. */
    void add(PeerEntry e) {
        peers.put(e.address, e);
        perIp.merge(Netgroups.host(e.address.ip()), 1, Integer::sum);
    }

    /** Forgets a peer, whatever its state. */
    void remove(PeerEntry e) {
        removeReady(e);
        markIdle(e);
        peers.remove(e.address);
        perIp.computeIfPresent(Netgroups.host(e.address.ip()), (ip, n) -> n <= 1 ? null : n - 1);
    }

    void addReady(PeerEntry e) {
        if (readyCount == ready.length) {
            ready = Arrays.copyOf(ready, ready.length * 2);
        }
        e.readyIndex = readyCount;
        ready[readyCount++] = e;
    }

    void removeReady(PeerEntry e) {
        int i = e.readyIndex;
        if (i < 0) {
            return;
        }
        PeerEntry last = ready[--readyCount];
        ready[i] = last;
        last.readyIndex = i;
        ready[readyCount] = null;
        e.readyIndex = -1;
    }

    /** A ready peer takes a request (one at a time: Appendix A.7). */
    void markBusy(PeerEntry e) {
        removeReady(e);
        e.busy = true;
        busyCount++;
    }

    /** A busy peer's request has finished (it is checking until found ready again). */
    void markIdle(PeerEntry e) {
        if (e.busy) {
            e.busy = false;
            busyCount--;
        }
    }
}
