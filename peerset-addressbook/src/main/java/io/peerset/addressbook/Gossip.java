package io.peerset.addressbook;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
    private static final int MAX = PeerSetConstants.MAX_ADDRS_IN_MESSAGE;
    private static final int DENOMINATOR = PeerSetConstants.ADDR_RESPONSE_LIMIT_DENOMINATOR;
    /**
     * With this many eligible records the answer is full: {@code ceil(m / DENOMINATOR) >= MAX}
     * exactly when {@code m > (MAX - 1) * DENOMINATOR}.
     */
    static final int ENOUGH_FOR_A_FULL_ANSWER = (MAX - 1) * DENOMINATOR + 1;
    /** Up to this many candidates (twice a full answer's need) a plain scan is as cheap as sampling. */
    static final int SCAN_LIMIT = 2 * ENOUGH_FOR_A_FULL_ANSWER;

    private Gossip() {
    }

    /**
     * The {@code getaddr} answer of reference 4.9 — {@code min(1000, ceil(m / 2))} entries drawn
     * uniformly at random from the m sanitised records — without sanitising all of them: positions
     * are drawn at random without replacement, and sampling stops once enough eligible records are
     * found for a full answer (the eligible ones are then in uniformly random order, so the first
     * 1,000 are a uniform sample). If half the positions are drawn first (most records stale), it
     * falls back to sanitising them all. Cost: O(answer / fraction eligible), at worst O(n).
     *
     * @param network       the network
     * @param records       candidate records (the book's gossip index) in {@code [0, count)}
     * @param count         how many
     * @param localListener our listener, offered as last seen now
     * @param wallNow       the wall-clock time
     * @param random        the source of randomness
     * @return the answer, in random order
     */
    static List<AddressEntry> sample(Network network, MetaAddr[] records, int count,
                                     Optional<PeerAddress> localListener, Instant wallNow, RandomGenerator random) {
        int total = count + (localListener.isPresent() ? 1 : 0); // position `count` is the listener
        if (total > SCAN_LIMIT) {
            long minSeconds = minGossipSeconds(wallNow);
            BitSet drawn = new BitSet(total);
            List<AddressEntry> eligible = new ArrayList<>(ENOUGH_FOR_A_FULL_ANSWER);
            for (int draws = 0; draws < total / 2; draws++) {
                int i;
                do {
                    i = random.nextInt(total);
                } while (drawn.get(i));
                drawn.set(i);
                AddressEntry e = i == count
                        ? sanitize(network, localListener.get(), Optional.of(PeerServices.NETWORK), 0, false,
                                Optional.of(wallNow), wallNow).orElse(null)
                        : sanitize(network, records[i], minSeconds);
                if (e != null) {
                    eligible.add(e);
                    if (eligible.size() == ENOUGH_FOR_A_FULL_ANSWER) {
                        return List.copyOf(eligible.subList(0, MAX));
                    }
                }
            }
        }
        return getAddrResponse(sanitized(network, Arrays.asList(records).subList(0, count), localListener, wallNow,
                random));
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
        long minSeconds = minGossipSeconds(wallNow);
        for (MetaAddr r : records) {
            AddressEntry e = sanitize(network, r, minSeconds);
            if (e != null) {
                out.add(e);
            }
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
        int half = (n + DENOMINATOR - 1) / DENOMINATOR;
        return List.copyOf(sanitized.subList(0, Math.min(MAX, half)));
    }

    /** Steps 1 to 3 of reference 4.9 for one record. */
    static Optional<AddressEntry> sanitize(Network network, PeerAddress address, Optional<PeerServices> services,
                                           int score, boolean inbound, Optional<Instant> lastSeen,
                                           Instant wallNow) {
        if (!AddressValidity.lastKnownInfoIsValid(network, address, services) || score != 0 || inbound
                || lastSeen.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(entry(address, services.orElse(PeerServices.NETWORK),
                lastSeen.get().getEpochSecond(), minGossipSeconds(wallNow)));
    }

    /** The same steps for a stored record, without intermediate objects; null if not gossiped. */
    private static AddressEntry sanitize(Network network, MetaAddr r, long minSeconds) {
        long lastSeen = r.lastSeenSeconds();
        // the record's own fields first: a stale record is rejected without touching its address
        if (lastSeen == MetaAddr.NONE || !r.servicesUnknownOrNetwork() || r.misbehaviorScore != 0 || r.inbound()) {
            return null;
        }
        AddressEntry e = entry(r.address, r.servicesKnown() ? MetaAddr.services(r.servicesBits) : PeerServices.NETWORK,
                lastSeen, minSeconds);
        return e != null && network.isValidForOutbound(r.address) ? e : null;
    }

    /** Truncates to 30 minutes and keeps only the last 3 hours (and what the wire can carry). */
    private static AddressEntry entry(PeerAddress address, PeerServices services, long lastSeen, long minSeconds) {
        long truncated = Math.floorDiv(lastSeen, TRUNCATION_SECONDS) * TRUNCATION_SECONDS;
        if (truncated < minSeconds || truncated < 0 || truncated > AddressEntry.MAX_TIME.getEpochSecond()) {
            return null;
        }
        return new AddressEntry(Instant.ofEpochSecond(truncated), services, address);
    }

    /** @return the smallest whole second not before {@code wallNow} minus 3 hours */
    private static long minGossipSeconds(Instant wallNow) {
        Instant min = wallNow.minus(PeerSetConstants.MAX_PEER_ACTIVE_FOR_GOSSIP);
        return min.getEpochSecond() + (min.getNano() > 0 ? 1 : 0);
    }
}
