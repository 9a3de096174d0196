package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.AddressEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The addresses one connection has heard from its peer and not yet handed to a crawler
 * (reference sections 6.7 and 8, #11): every {@code addr}/{@code addrv2} the peer sends, at any
 * time, lands here; a {@code Peers} request takes a random handful.
 *
 * <p>Security: at most {@link PeerSetConstants#MAX_CONNECTION_ADDRESS_CACHE} entries are kept
 * (memory), and one take returns at most {@link PeerSetConstants#PEER_ADDR_RESPONSE_LIMIT},
 * chosen at random so the peer cannot decide which of its addresses we use by their order, and so
 * no single peer controls the address book.
 *
 * <p>Not thread-safe: confined to the connection's executor.
 */
final class AddressCache {

    private final RandomGenerator random;
    private final int capacity;
    private final ArrayList<AddressEntry> entries = new ArrayList<>();

    AddressCache(RandomGenerator random) {
        this(random, PeerSetConstants.MAX_CONNECTION_ADDRESS_CACHE);
    }

    AddressCache(RandomGenerator random, int capacity) {
        this.random = requireNonNull(random, "random");
        this.capacity = capacity;
    }

    /**
     * Appends new entries; beyond the capacity the excess is dropped (which ones does not matter:
     * most peers send one large {@code addr} when they connect, and little afterwards).
     *
     * @param added received entries
     */
    void addAll(Collection<AddressEntry> added) {
        for (AddressEntry entry : added) {
            if (entries.size() >= capacity) {
                return;
            }
            entries.add(requireNonNull(entry, "entry"));
        }
    }

    /**
     * Removes and returns up to {@code limit} entries chosen uniformly at random (a partial
     * Fisher-Yates shuffle); the rest stay cached.
     *
     * @param limit the most to take
     * @return the taken entries, in random order
     */
    List<AddressEntry> take(int limit) {
        int n = Math.min(limit, entries.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(entries.size() - i);
            AddressEntry swap = entries.get(i);
            entries.set(i, entries.get(j));
            entries.set(j, swap);
        }
        List<AddressEntry> taken = new ArrayList<>(entries.subList(0, n));
        entries.subList(0, n).clear();
        return taken;
    }

    /**
     * Answers a {@code Peers} request from the cache and a freshly received {@code addr}: the new
     * entries join the cache first, so the random choice covers both (reference section 6.7); what
     * is not taken stays cached, up to the capacity.
     *
     * @param received the entries of the {@code addr}/{@code addrv2} that answered our {@code getaddr}
     * @param limit    the most to take
     * @return the taken entries, in random order
     */
    List<AddressEntry> takeWith(Collection<AddressEntry> received, int limit) {
        entries.addAll(received);
        List<AddressEntry> taken = take(limit);
        if (entries.size() > capacity) {
            entries.subList(capacity, entries.size()).clear();
        }
        return taken;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }
}
