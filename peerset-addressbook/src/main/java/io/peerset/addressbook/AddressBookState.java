package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerAddress;
import io.peerset.api.PeerServices;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.BannedIp;
import io.peerset.api.spi.PeerAddrState;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one address book and the single write path (reference section 4.5), with the
 * indexes that make candidate selection cheap.
 *
 * <p>Every record is in {@code all} (sorted in reconnection order, so eviction takes the last one).
 * A record that may ever be dialled again is also in exactly one of {@code ready} (sorted in
 * reconnection order) or {@code cooling} (sorted by the time its 119 s window ends); records that can
 * never be candidates (inbound ephemeral addresses, services without {@code NODE_NETWORK}, failed
 * peers not seen for 3 days) are in neither. {@link #nextCandidate} moves the cooled records over and
 * takes the first ready one: O(log n) per record moved or taken. Only records skipped by the same-IP
 * filter are walked over, and they stay ready.
 *
 * <p>Not thread-safe: owned by one updater thread ({@link DefaultAddressBook}).
 */
final class AddressBookState {

    private static final Logger log = LoggerFactory.getLogger(AddressBookState.class);
    private static final long RECONNECTION_NANOS = PeerSetConstants.MIN_PEER_RECONNECTION_DELAY.toNanos();

    private final AddressBookConfig config;
    private final Map<PeerAddress, MetaAddr> byAddress = new HashMap<>();
    private final int[] countByState = new int[io.peerset.api.spi.PeerAddrState.values().length];
    private final Map<InetAddress, Set<PeerAddress>> byIp = new HashMap<>();
    private final TreeSet<MetaAddr> all = new TreeSet<>(ReconnectionOrder.INSTANCE);
    private final TreeSet<MetaAddr> ready = new TreeSet<>(ReconnectionOrder.INSTANCE);
    private final TreeSet<MetaAddr> cooling = new TreeSet<>(
            Comparator.comparingLong(AddressBookState::readyAt).thenComparing(ReconnectionOrder.INSTANCE));
    /** Monotonic time of the latest response from each IP (only when max_connections_per_ip is 1). */
    private final Map<InetAddress, Long> lastResponseByIp = new HashMap<>();
    /**
     * Records removed (evicted or banned) while inside their reconnection window, with the end of
     * that window, oldest first, at most {@code capacity} of them: a change that would recreate such
     * an address without a local time (gossip, initial peers, a ping) is ignored until the window
     * ends, so no address is handed out twice within 119 s even under eviction pressure.
     */
    private final LinkedHashMap<PeerAddress, Long> removedInWindow = new LinkedHashMap<>();
    /** Insertion (= ban time = expiry) ordered. */
    private final LinkedHashMap<InetAddress, BannedIp> bans = new LinkedHashMap<>();

    AddressBookState(AddressBookConfig config) {
        this.config = requireNonNull(config, "config");
    }

    int size() {
        return byAddress.size();
    }

    Optional<MetaAddr> get(PeerAddress address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** @return every record in reconnection order */
    List<MetaAddr> inReconnectionOrder() {
        return new ArrayList<>(all);
    }

    /** @return the current bans, oldest first */
    List<BannedIp> bans(Instant wallNow) {
        expireBans(wallNow);
        return new ArrayList<>(bans.values());
    }

    boolean isBanned(InetAddress ip, Instant wallNow) {
        expireBans(wallNow);
        return bans.containsKey(ip);
    }

    /**
     * The single write path (reference 4.5).
     *
     * @param change   the change
     * @param wallNow  when it was made (wall clock)
     * @param nanosNow when it was made (monotonic)
     * @return whether the book changed (an applied change or a ban)
     */
    boolean update(AddressChange change, Instant wallNow, long nanosNow) {
        PeerAddress address = change.address();
        InetAddress ip = address.ip();
        if (isBanned(ip, wallNow)) {
            log.debug("ignoring a change for banned IP {}", address.redacted());
            return false;
        }
        MetaAddr prev = byAddress.get(address);
        if (prev == null && !setsLocalTime(change)) {
            Long windowEnd = removedInWindow.get(address);
            if (windowEnd != null) {
                if (windowEnd > nanosNow) {
                    return false;
                }
                removedInWindow.remove(address);
            }
        }
        MetaAddr next;
        if (change instanceof AddressChange.UpdateMisbehavior m) {
            if (prev == null) {
                // Appendix A.10: a report alone never creates a record (upstream inserts it as
                // Responded); a single report at the limit still bans the IP.
                if (m.increment() >= PeerSetConstants.MAX_PEER_MISBEHAVIOR_SCORE) {
                    ban(ip, wallNow, nanosNow);
                    return true;
                }
                return false;
            }
            next = prev.withMisbehavior(m.increment(), nanosNow);
        } else {
            Optional<MetaAddr> applied = MetaAddr.apply(prev, change, wallNow, nanosNow);
            if (applied.isEmpty()) {
                return false;
            }
            next = applied.get();
        }
        if (next.misbehaviorScore >= PeerSetConstants.MAX_PEER_MISBEHAVIOR_SCORE) {
            ban(ip, wallNow, nanosNow);
            return true;
        }
        if (!AddressValidity.isValidForOutbound(config.network(), address)) {
            return false;
        }
        if (next.state.isNeverAttempted() && next.services != null
                && !next.services.has(PeerServices.NODE_NETWORK)) {
            return false;
        }
        if (config.maxConnectionsPerIp() == 1 && next.state == PeerAddrState.RESPONDED
                && next.lastResponseNanos != MetaAddr.NONE) {
            Long stored = lastResponseByIp.get(ip);
            if (stored == null || next.lastResponseNanos > stored) {
                lastResponseByIp.put(ip, next.lastResponseNanos);
            }
        }
        if (prev != null) {
            unindex(prev);
        }
        index(next);
        while (byAddress.size() > config.capacity()) {
            MetaAddr evicted = all.last();
            rememberWindow(evicted, nanosNow);
            unindex(evicted);
            cleanIp(evicted.address.ip());
        }
        return true;
    }

    /**
     * Takes the first record ready for an attempt (reference 4.6) and marks it attempt-pending.
     *
     * @param wallNow  the wall-clock time
     * @param nanosNow the monotonic time
     * @return the updated record, if any was ready
     */
    Optional<MetaAddr> nextCandidate(Instant wallNow, long nanosNow) {
        while (!cooling.isEmpty() && readyAt(cooling.first()) <= nanosNow) {
            ready.add(cooling.pollFirst());
        }
        expireBans(wallNow);
        Instant reachableSince = wallNow.minus(PeerSetConstants.MAX_RECENT_PEER_AGE);
        Iterator<MetaAddr> it = ready.iterator();
        while (it.hasNext()) {
            MetaAddr candidate = it.next();
            if (candidate.state == PeerAddrState.FAILED && candidate.lastSeen().isPresent()
                    && candidate.lastSeen().get().isBefore(reachableSince)) {
                it.remove(); // not probably reachable, and only a new change can make it so again
                continue;
            }
            if (config.maxConnectionsPerIp() == 1) {
                Long responded = lastResponseByIp.get(candidate.address.ip());
                if (responded != null && nanosNow - responded < RECONNECTION_NANOS) {
                    continue; // we probably still have a connection to that IP
                }
            }
            Optional<MetaAddr> attempted = MetaAddr.apply(candidate,
                    new AddressChange.UpdateAttempt(candidate.address), wallNow, nanosNow);
            if (attempted.isEmpty()) {
                continue; // cannot happen for a record outside every window; kept for safety of the index
            }
            unindex(candidate);
            index(attempted.get());
            return attempted;
        }
        return Optional.empty();
    }

    /**
     * Whether the record would be yielded now by the reference's {@code reconnection_peers} (used by
     * tests as the specification of the index).
     */
    boolean isReadyForAttempt(MetaAddr r, Instant wallNow, long nanosNow) {
        if (!isCandidateKind(r) || nanosNow < readyAt(r)) {
            return false;
        }
        if (r.state == PeerAddrState.FAILED && r.lastSeen().isPresent()
                && r.lastSeen().get().isBefore(wallNow.minus(PeerSetConstants.MAX_RECENT_PEER_AGE))) {
            return false;
        }
        if (config.maxConnectionsPerIp() == 1) {
            Long responded = lastResponseByIp.get(r.address.ip());
            return responded == null || nanosNow - responded >= RECONNECTION_NANOS;
        }
        return true;
    }

    /**
     * Records that can ever be dialled: not inbound (Appendix A.4: an inbound record is the remote's
     * ephemeral port, not a listener), and last known information valid for outbound use.
     */
    private boolean isCandidateKind(MetaAddr r) {
        return !r.inbound && AddressValidity.lastKnownInfoIsValid(config.network(), r.address, r.services());
    }

    private static long readyAt(MetaAddr r) {
        long latest = r.latestLocalEvent();
        return latest == MetaAddr.NONE ? Long.MIN_VALUE : latest + RECONNECTION_NANOS;
    }

    /** @return how many records are in {@code state}; O(1), for the status log and metrics (section 4.8) */
    int count(io.peerset.api.spi.PeerAddrState state) {
        return countByState[state.ordinal()];
    }

    private void index(MetaAddr r) {
        countByState[r.state.ordinal()]++;
        byAddress.put(r.address, r);
        byIp.computeIfAbsent(r.address.ip(), ip -> new HashSet<>()).add(r.address);
        all.add(r);
        if (isCandidateKind(r)) {
            if (readyAt(r) == Long.MIN_VALUE) {
                ready.add(r);
            } else {
                cooling.add(r);
            }
        }
    }

    private void unindex(MetaAddr r) {
        countByState[r.state.ordinal()]--;
        byAddress.remove(r.address);
        Set<PeerAddress> sameIp = byIp.get(r.address.ip());
        if (sameIp != null) {
            sameIp.remove(r.address);
            if (sameIp.isEmpty()) {
                byIp.remove(r.address.ip());
            }
        }
        all.remove(r);
        ready.remove(r);
        cooling.remove(r);
    }

    private static boolean setsLocalTime(AddressChange change) {
        return change instanceof AddressChange.UpdateAttempt || change instanceof AddressChange.UpdateConnected
                || change instanceof AddressChange.UpdateResponded || change instanceof AddressChange.UpdateFailed;
    }

    private void rememberWindow(MetaAddr r, long nanosNow) {
        long end = readyAt(r);
        if (end > nanosNow) {
            removedInWindow.remove(r.address);
            removedInWindow.put(r.address, end);
            while (removedInWindow.size() > config.capacity()) {
                Iterator<PeerAddress> oldest = removedInWindow.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private void cleanIp(InetAddress ip) {
        if (!byIp.containsKey(ip)) {
            lastResponseByIp.remove(ip);
        }
    }

    private void ban(InetAddress ip, Instant wallNow, long wallNowNanos) {
        Instant at = Instant.ofEpochSecond(wallNow.getEpochSecond());
        bans.remove(ip);
        bans.put(ip, new BannedIp(ip, at, at.plus(config.banDuration())));
        while (bans.size() > config.maxBannedIps()) {
            Iterator<InetAddress> oldest = bans.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Set<PeerAddress> sameIp = byIp.get(ip);
        if (sameIp != null) {
            for (PeerAddress a : List.copyOf(sameIp)) {
                MetaAddr removed = byAddress.get(a);
                rememberWindow(removed, wallNowNanos);
                unindex(removed);
            }
        }
        lastResponseByIp.remove(ip);
        log.info("banned IP {} until {} after misbehaviour", ip.getAddress().length == 4 ? "v4redacted" : "v6redacted",
                at.plus(config.banDuration()));
    }

    private void expireBans(Instant wallNow) {
        Iterator<BannedIp> it = bans.values().iterator();
        while (it.hasNext()) {
            BannedIp ban = it.next();
            if (ban.expiresAt().isAfter(wallNow)) {
                return; // insertion order is expiry order: the rest expire later
            }
            it.remove();
        }
    }
}
