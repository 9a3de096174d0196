package io.peerset.core.set;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.PeerAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which peers recently advertised or reported missing which items (reference section 5.3): two
 * windows of {@link PeerSetConstants#INVENTORY_ROTATION_INTERVAL}, {@code current} and
 * {@code previous}; at most {@link PeerSetConstants#MAX_INV_PER_MAP} items per window and
 * {@link PeerSetConstants#MAX_PEERS_PER_INV} peers per item, the oldest inserted evicted first. A
 * peer cannot clear its own "missing" mark in the current window by advertising the item.
 *
 * <p>Items are block hashes ({@code Hash32}) or transaction ids ({@code TransactionId}): distinct
 * types, so they never collide.
 *
 * <p>Not thread-safe: confined to the peer set's loop.
 */
final class InventoryRegistry {

    /** A peer's latest report about an item. */
    enum Status { AVAILABLE, MISSING }

    private LinkedHashMap<Object, LinkedHashMap<PeerAddress, Status>> current = new LinkedHashMap<>();
    private LinkedHashMap<Object, LinkedHashMap<PeerAddress, Status>> previous = new LinkedHashMap<>();

    /**
     * @param item   a block hash or transaction id
     * @param peer   the reporting peer
     * @param status what it reported
     */
    void register(Object item, PeerAddress peer, Status status) {
        LinkedHashMap<PeerAddress, Status> peers = current.get(item);
        if (peers == null) {
            peers = new LinkedHashMap<>();
            current.put(item, peers);
            evictEldest(current, PeerSetConstants.MAX_INV_PER_MAP);
        }
        if (status == Status.AVAILABLE && peers.get(peer) == Status.MISSING) {
            return; // a peer can't clear its own "missing" mark
        }
        peers.put(peer, status);
        evictEldest(peers, PeerSetConstants.MAX_PEERS_PER_INV);
    }

    private static void evictEldest(Map<?, ?> map, int max) {
        Iterator<?> it = map.keySet().iterator();
        while (map.size() > max) {
            it.next();
            it.remove();
        }
    }

    /**
     * @param item an item
     * @param peer a peer
     * @return the peer's latest report about the item (the current window's over the previous one's), or null
     */
    Status status(Object item, PeerAddress peer) {
        LinkedHashMap<PeerAddress, Status> now = current.get(item);
        Status s = now == null ? null : now.get(peer);
        if (s != null) {
            return s;
        }
        LinkedHashMap<PeerAddress, Status> before = previous.get(item);
        return before == null ? null : before.get(peer);
    }

    /** @return whether anything is known about {@code item} */
    boolean knows(Object item) {
        return current.containsKey(item) || previous.containsKey(item);
    }

    /** Starts a new window: {@code previous := current; current := empty}. */
    void rotate() {
        previous = current;
        current = new LinkedHashMap<>();
    }

    /** @return items in the current window (tests, status) */
    int currentSize() {
        return current.size();
    }
}
