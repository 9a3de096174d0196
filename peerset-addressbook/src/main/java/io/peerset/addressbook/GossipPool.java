package io.peerset.addressbook;

import io.peerset.wire.AddressEntry;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The records gossip may offer (reference 4.9 step 1, before its time-dependent rule), in an array
 * that {@link Gossip#sample} draws from at random: each record knows its slot
 * ({@link MetaAddr#gossipIndex}, -1 when outside), so adding, removing and replacing are O(1); the
 * array shrinks by half when it is a quarter full.
 *
 * <p>Not thread-safe: owned by {@link AddressBookState}; sampled by readers under the book's read
 * lock.
 */
final class GossipPool {

    private MetaAddr[] records = new MetaAddr[16];
    private int count;

    void add(MetaAddr r) {
        if (count == records.length) {
            records = Arrays.copyOf(records, records.length * 2);
        }
        r.gossipIndex = count;
        records[count++] = r;
    }

    void remove(MetaAddr r) {
        int i = r.gossipIndex;
        MetaAddr last = records[--count];
        records[i] = last;
        last.gossipIndex = i;
        records[count] = null;
        r.gossipIndex = -1;
        if (records.length > 64 && count < records.length / 4) {
            records = Arrays.copyOf(records, records.length / 2);
        }
    }

    /** {@code next} takes the slot of {@code prev} (the same address), which leaves the pool. */
    void replace(MetaAddr prev, MetaAddr next) {
        next.gossipIndex = prev.gossipIndex;
        records[next.gossipIndex] = next;
        prev.gossipIndex = -1;
    }

    /** @return whether {@code r} is in the pool, at the slot it records (tests' index checks) */
    boolean holds(MetaAddr r) {
        return r.gossipIndex >= 0 && r.gossipIndex < count && records[r.gossipIndex] == r;
    }

    int size() {
        return count;
    }

    /** A uniformly random {@code getaddr} answer; see {@link Gossip#sample}. */
    List<AddressEntry> sample(Network network, Optional<PeerAddress> localListener, Instant wallNow,
                              RandomGenerator random) {
        return Gossip.sample(network, records, count, localListener, wallNow, random);
    }
}
