package io.peerset.addressbook;

import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.wire.PeerAddress;

/**
 * The bucketed <em>new</em> and <em>tried</em> tables of Bitcoin Core's addrman, over the address
 * book's records (issue 16 §1.3; Heilman et al., USENIX Security 2015, countermeasures 1–2): every
 * dialable record sits in exactly one slot, and where a record may sit is fixed by a keyed hash, so
 * gossip decides neither which records go nor how much of the table one source fills.
 *
 * <ul>
 *   <li><b>New</b> (addresses never connected to): the bucket is
 *       {@code H(k, source group, H(k, group, source group) mod perSource) mod newBuckets}, so all the
 *       addresses one source group ever tells us land in at most {@link #newBucketsPerSourceGroup}
 *       buckets (a sixteenth of the table, as Core's 64 of 1,024), whatever it gossips;</li>
 *   <li><b>Tried</b> (addresses that completed a handshake): the bucket is
 *       {@code H(k, group, H(k, address) mod perGroup) mod triedBuckets}, so one network group holds
 *       at most {@link #triedBucketsPerGroup} buckets (Core: 8 of 256);</li>
 *   <li>the slot within a bucket is {@code H(k, bucket, address) mod} {@link #BUCKET_SIZE}.</li>
 * </ul>
 * The table sizes follow the book's capacity (a fifth of it tried, as Core's 256:1,024 buckets), so
 * the tables, not the capacity's "evict the last in reconnection order" (whose order an attacker's
 * fresh last-seen claims can game), bound what gossip can do. What happens on a collision — keep the
 * occupant unless it is terrible, test before evicting a tried one — is the book's decision
 * ({@link AddressBookState}); this class only places and holds.
 *
 * <p>Not thread-safe: owned by the book's writer.
 */
final class AddressTables {

    /** Slots per bucket (Core: 64; smaller here, so the bucket count stays meaningful at 5,000 records). */
    static final int BUCKET_SIZE = 16;
    /** Domain separators of the keyed hashes, so no two uses of the key can collide by construction. */
    private static final long NEW_GROUP = 1;
    private static final long NEW_BUCKET = 2;
    private static final long TRIED_ADDRESS = 3;
    private static final long TRIED_BUCKET = 4;
    private static final long SLOT = 5;
    private static final long RANK = 6;

    private final long k0;
    private final long k1;
    private final Netgroups groups;
    final int newBuckets;
    final int triedBuckets;
    final int newBucketsPerSourceGroup;
    final int triedBucketsPerGroup;
    /** New slots first ({@code newBuckets * BUCKET_SIZE}), then tried ones. */
    private final MetaAddr[] slots;
    private int newCount;
    private int triedCount;

    /**
     * @param capacity the book's capacity: the tables hold about as many records
     * @param k0       the secret key's first half
     * @param k1       the secret key's second half
     * @param groups   how addresses are grouped
     */
    AddressTables(int capacity, long k0, long k1, Netgroups groups) {
        this.k0 = k0;
        this.k1 = k1;
        this.groups = groups;
        this.triedBuckets = Math.max(1, capacity / 5 / BUCKET_SIZE);
        this.newBuckets = Math.max(1, (capacity - capacity / 5) / BUCKET_SIZE);
        this.newBucketsPerSourceGroup = Math.max(1, newBuckets / 16);
        this.triedBucketsPerGroup = Math.max(1, triedBuckets / 32);
        this.slots = new MetaAddr[(newBuckets + triedBuckets) * BUCKET_SIZE];
    }

    /** @return the number of slots of the new table */
    int newSlots() {
        return newBuckets * BUCKET_SIZE;
    }

    /** @return all slots, new and tried */
    int slotCount() {
        return slots.length;
    }

    /** @return records in the new table */
    int newCount() {
        return newCount;
    }

    /** @return records in the tried table */
    int triedCount() {
        return triedCount;
    }

    /** @return whether {@code slot} is a tried slot */
    boolean isTried(int slot) {
        return slot >= newSlots();
    }

    /**
     * @param address an address
     * @param source  the address of the peer that told us of it (itself when we learnt it ourselves)
     * @return the new-table slot of {@code address} as told by {@code source}
     */
    int newSlot(PeerAddress address, PeerAddress source) {
        Netgroup group = groups.of(address);
        Netgroup sourceGroup = source.equals(address) ? group : groups.of(source);
        long s0 = word(sourceGroup);
        long inSource = Long.remainderUnsigned(SipHash.hash(k0, k1, NEW_GROUP, word(group) << 16 | s0, group.bits(),
                sourceGroup.bits()), newBucketsPerSourceGroup);
        int bucket = (int) Long.remainderUnsigned(SipHash.hash(k0, k1, NEW_BUCKET, s0, sourceGroup.bits(), inSource),
                newBuckets);
        return bucket * BUCKET_SIZE + position(bucket, address);
    }

    /**
     * @param address an address
     * @return its tried-table slot
     */
    int triedSlot(PeerAddress address) {
        Netgroup group = groups.of(address);
        long inGroup = Long.remainderUnsigned(
                SipHash.hash(k0, k1, TRIED_ADDRESS, high(address), low(address), address.port()), triedBucketsPerGroup);
        int bucket = newBuckets + (int) Long.remainderUnsigned(
                SipHash.hash(k0, k1, TRIED_BUCKET, word(group), group.bits(), inGroup), triedBuckets);
        return bucket * BUCKET_SIZE + position(bucket, address);
    }

    /**
     * @param address an address
     * @return a secret, stable pseudo-random rank: the order in which untried addresses are dialled,
     *         so that neither their claimed last-seen time nor their address buys a place in the queue
     */
    int rank(PeerAddress address) {
        return (int) SipHash.hash(k0, k1, RANK, high(address), low(address), address.port());
    }

    private int position(int bucket, PeerAddress address) {
        return (int) Long.remainderUnsigned(SipHash.hash(k0, k1, SLOT ^ ((long) bucket << 8), high(address),
                low(address), address.port()), BUCKET_SIZE);
    }

    /** @return the record in {@code slot}, or null */
    MetaAddr at(int slot) {
        return slots[slot];
    }

    /** Puts {@code r} in the empty {@code slot} and records the slot in it. */
    void put(int slot, MetaAddr r) {
        if (slots[slot] != null) {
            throw new IllegalStateException("slot " + slot + " is taken");
        }
        slots[slot] = r;
        r.tableSlot = slot;
        if (isTried(slot)) {
            triedCount++;
        } else {
            newCount++;
        }
    }

    /** Puts {@code next}, a new version of the record in {@code prev}'s slot, in its place. */
    void replace(MetaAddr prev, MetaAddr next) {
        int slot = prev.tableSlot;
        next.tableSlot = slot;
        if (slot >= 0) {
            slots[slot] = next;
        }
    }

    /** Empties the slot of {@code r}, if it has one. */
    void remove(MetaAddr r) {
        int slot = r.tableSlot;
        if (slot < 0) {
            return;
        }
        if (slots[slot] != r) {
            throw new IllegalStateException("slot " + slot + " does not hold " + r.address.redacted());
        }
        slots[slot] = null;
        r.tableSlot = -1;
        if (isTried(slot)) {
            triedCount--;
        } else {
            newCount--;
        }
    }

    /** @return the kind and prefix length of {@code g} as one word (its bits are hashed apart) */
    private static long word(Netgroup g) {
        return ((long) g.kind().ordinal() << 8) | g.prefixLength();
    }

    private static long high(PeerAddress a) {
        byte[] ip = a.ip().getAddress();
        if (ip.length == 4) {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (ip[i] & 0xFF);
        }
        return v;
    }

    private static long low(PeerAddress a) {
        byte[] ip = a.ip().getAddress();
        long v = 0;
        for (int i = ip.length == 4 ? 0 : 8; i < ip.length; i++) {
            v = v << 8 | (ip[i] & 0xFF);
        }
        return ip.length == 4 ? v | 0xFFFF_0000_0000L : v;
    }
}
