package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A consistent, immutable copy of an {@link io.peerset.api.spi.AddressBook}: every record and every ban as they were
 * after one batch of changes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries  the records, in reconnection order (reference section 4.6; first is tried first)
 * @param bans     the banned IPs, oldest ban first
 * @param takenAt  the wall-clock time the copy was made
 * @param capacity the book's size limit
 */
public record AddressBookSnapshot(List<AddressBookEntry> entries, List<BannedIp> bans, Instant takenAt,
                                  int capacity) {
    /** Copies the lists. */
    public AddressBookSnapshot {
        entries = List.copyOf(requireNonNull(entries, "entries"));
        bans = List.copyOf(requireNonNull(bans, "bans"));
        requireNonNull(takenAt, "takenAt");
        Checks.positive("capacity", capacity);
    }

    /** @return the number of records */
    public int size() {
        return entries.size();
    }

    /**
     * The counts the reference publishes as metrics on every update (section 4.8), by state.
     *
     * @return the number of records in each state (every state present, zero when none)
     */
    public Map<PeerAddrState, Integer> countsByState() {
        EnumMap<PeerAddrState, Integer> counts = new EnumMap<>(PeerAddrState.class);
        for (PeerAddrState state : PeerAddrState.values()) {
            counts.put(state, 0);
        }
        for (AddressBookEntry e : entries) {
            counts.merge(e.state(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }
}
