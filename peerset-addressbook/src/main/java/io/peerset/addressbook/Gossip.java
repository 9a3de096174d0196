package io.peerset.addressbook;

import io.peerset.api.Network;
import io.peerset.api.PeerAddress;
import io.peerset.api.PeerServices;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.wire.AddressEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Gossip sanitising and {@code getaddr} answers (reference section 4.9).
 *
 * <p>Stateless; thread-safe as long as the {@link RandomGenerator} passed in is not shared
 * without synchronisation.
 */
final class Gossip {

    private static final long TRUNCATION_SECONDS = PeerSetConstants.TIMESTAMP_TRUNCATION.toSeconds();

    private Gossip() {
    }

    /**
     * @param network       the network
     * @param records       the book's records
     * @param localListener our listener, offered as last seen now
     * @param wallNow       the wall-clock time
     * @param random        shuffles the answer
     * @return every gossipable record, sanitised and shuffled
     */
    static List<AddressEntry> sanitized(Network network, Collection<MetaAddr> records,
                                        Optional<PeerAddress> localListener, Instant wallNow,
                                        RandomGenerator random) {
        List<AddressEntry> out = new ArrayList<>(records.size() + 1);
        localListener.ifPresent(local -> sanitize(network, local, Optional.of(PeerServices.NETWORK), 0, false,
                Optional.of(wallNow), wallNow).ifPresent(out::add));
        for (MetaAddr r : records) {
            sanitize(network, r.address, r.services(), r.misbehaviorScore, r.inbound, r.lastSeen(), wallNow)
                    .ifPresent(out::add);
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            AddressEntry t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    /**
     * @param sanitized a sanitised, shuffled list
     * @return its first {@code min(1000, ceil(n / 2))} entries
     */
    static List<AddressEntry> getAddrResponse(List<AddressEntry> sanitized) {
        int n = sanitized.size();
        int half = (n + PeerSetConstants.ADDR_RESPONSE_LIMIT_DENOMINATOR - 1)
                / PeerSetConstants.ADDR_RESPONSE_LIMIT_DENOMINATOR;
        return List.copyOf(sanitized.subList(0, Math.min(PeerSetConstants.MAX_ADDRS_IN_MESSAGE, half)));
    }

    /** Steps 1 to 3 of reference 4.9 for one record. */
    static Optional<AddressEntry> sanitize(Network network, PeerAddress address, Optional<PeerServices> services,
                                           int score, boolean inbound, Optional<Instant> lastSeen,
                                           Instant wallNow) {
        if (!AddressValidity.lastKnownInfoIsValid(network, address, services) || score != 0 || inbound
                || lastSeen.isEmpty()) {
            return Optional.empty();
        }
        long seconds = lastSeen.get().getEpochSecond();
        Instant truncated = Instant.ofEpochSecond(Math.floorDiv(seconds, TRUNCATION_SECONDS) * TRUNCATION_SECONDS);
        if (truncated.isBefore(wallNow.minus(PeerSetConstants.MAX_PEER_ACTIVE_FOR_GOSSIP))
                || truncated.isBefore(Instant.EPOCH) || truncated.isAfter(AddressEntry.MAX_TIME)) {
            return Optional.empty();
        }
        return Optional.of(new AddressEntry(truncated, services.orElse(PeerServices.NETWORK), address));
    }
}
