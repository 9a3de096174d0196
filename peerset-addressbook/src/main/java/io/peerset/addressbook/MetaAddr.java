package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerAddress;
import io.peerset.api.PeerServices;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressBookEntry;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.PeerAddrState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One address-book record (reference section 4.1) and the rules for applying a change to it
 * (section 4.4). Immutable and thread-safe: applying a change returns a new record.
 *
 * <p>Wall-clock times ({@code untrustedLastSeen}, {@code lastResponse}) are whole seconds, as the
 * reference's u32 times. Local event times are monotonic nanoseconds of the book's clock; the last
 * response is kept in both forms so the 119 s and 5 s windows never depend on wall-clock jumps
 * (a deviation from the reference, which compares the wall-clock {@code last_response}).
 */
final class MetaAddr {

    /** Marks an absent monotonic time. */
    static final long NONE = Long.MIN_VALUE;

    private static final long CONCURRENT_NANOS = PeerSetConstants.CONCURRENT_ADDRESS_CHANGE_PERIOD.toNanos();

    final PeerAddress address;
    /** Null when unknown. */
    final PeerServices services;
    /** Null when unknown. */
    final Instant untrustedLastSeen;
    /** Null when we never had a response. */
    final Instant lastResponse;
    final long lastResponseNanos;
    /** Null when unknown. */
    final Duration rtt;
    final long pingSentAt;
    final long lastAttempt;
    final long lastFailure;
    final int misbehaviorScore;
    final PeerAddrState state;
    final boolean inbound;
    /** Null when unknown. */
    final String userAgent;
    /** -1 when unknown. */
    final long negotiatedVersion;

    MetaAddr(PeerAddress address, PeerServices services, Instant untrustedLastSeen, Instant lastResponse,
             long lastResponseNanos, Duration rtt, long pingSentAt, long lastAttempt, long lastFailure,
             int misbehaviorScore, PeerAddrState state, boolean inbound, String userAgent,
             long negotiatedVersion) {
        this.address = requireNonNull(address, "address");
        this.services = services;
        this.untrustedLastSeen = untrustedLastSeen;
        this.lastResponse = lastResponse;
        this.lastResponseNanos = lastResponseNanos;
        this.rtt = rtt;
        this.pingSentAt = pingSentAt;
        this.lastAttempt = lastAttempt;
        this.lastFailure = lastFailure;
        this.misbehaviorScore = misbehaviorScore;
        this.state = requireNonNull(state, "state");
        this.inbound = inbound;
        this.userAgent = userAgent;
        this.negotiatedVersion = negotiatedVersion;
    }

    /** @return the last response, else the gossiped time ("last_seen"), if any */
    Optional<Instant> lastSeen() {
        return Optional.ofNullable(lastResponse != null ? lastResponse : untrustedLastSeen);
    }

    Optional<PeerServices> services() {
        return Optional.ofNullable(services);
    }

    /** @return the latest of the local event times that hold a record back from reconnection, or NONE */
    long latestLocalEvent() {
        return Math.max(lastResponseNanos, Math.max(lastAttempt, lastFailure));
    }

    /**
     * Applies a change made at the given time (reference 4.4). Misbehaviour changes are not handled
     * here (see {@link #withMisbehavior}).
     *
     * @param prev      the existing record, or null
     * @param change    the change (not misbehaviour)
     * @param wallNow   the wall-clock time of the change
     * @param nanosNow  the monotonic time of the change
     * @return the new record, or empty if the change is rejected
     */
    static Optional<MetaAddr> apply(MetaAddr prev, AddressChange change, Instant wallNow, long nanosNow) {
        if (change instanceof AddressChange.UpdateMisbehavior) {
            throw new IllegalArgumentException("change: misbehaviour (expected: a state change)");
        }
        Instant wall = Instant.ofEpochSecond(wallNow.getEpochSecond());
        PeerServices changeServices = changeServices(change);
        Instant changeLastSeen = changeUntrustedLastSeen(change, wall);
        boolean responded = change instanceof AddressChange.UpdateConnected
                || change instanceof AddressChange.UpdateResponded;
        Duration changeRtt = change instanceof AddressChange.UpdateResponded r ? r.rtt() : null;
        long changePing = change instanceof AddressChange.UpdatePingSent ? nanosNow : NONE;
        boolean changeInbound = change instanceof AddressChange.UpdateConnected c && c.inbound();
        String changeAgent = change instanceof AddressChange.UpdateConnected c ? c.userAgent() : null;
        long changeVersion = change instanceof AddressChange.UpdateConnected c ? c.negotiatedVersion() : -1;
        long attempt = change instanceof AddressChange.UpdateAttempt ? nanosNow : NONE;
        long failure = change instanceof AddressChange.UpdateFailed ? nanosNow : NONE;

        if (prev == null) {
            return Optional.of(new MetaAddr(change.address(), changeServices, changeLastSeen,
                    responded ? wall : null, responded ? nanosNow : NONE, changeRtt, changePing, attempt,
                    failure, 0, change.state(), changeInbound, changeAgent, changeVersion));
        }
        if (change.isNew() && !prev.state.isNeverAttempted()) {
            return Optional.empty(); // gossip can't reset our connection order
        }
        long instantPrev = Math.max(prev.lastAttempt, prev.lastFailure);
        long localPrev = prev.lastResponseNanos;
        boolean concurrent = within(instantPrev, nanosNow) || within(localPrev, nanosNow);
        boolean outOfOrder = (instantPrev != NONE && instantPrev > nanosNow)
                || (localPrev != NONE && localPrev > nanosNow);
        boolean moreProgress = change.state().progressRank() > prev.state.progressRank();
        if (outOfOrder && !concurrent) {
            return Optional.empty();
        }
        if (concurrent && !moreProgress) {
            return Optional.empty();
        }
        if (change.isNew()) {
            // Both never attempted: the first report of services and last-seen wins.
            return Optional.of(new MetaAddr(prev.address,
                    prev.services != null ? prev.services : changeServices,
                    prev.untrustedLastSeen != null ? prev.untrustedLastSeen : changeLastSeen,
                    null, NONE, null, NONE, NONE, NONE, prev.misbehaviorScore, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED,
                    prev.inbound, prev.userAgent, prev.negotiatedVersion));
        }
        return Optional.of(new MetaAddr(prev.address,
                changeServices != null ? changeServices : prev.services,
                prev.untrustedLastSeen,
                responded ? wall : prev.lastResponse,
                responded ? nanosNow : prev.lastResponseNanos,
                changeRtt, changePing,
                attempt != NONE ? attempt : prev.lastAttempt,
                failure != NONE ? failure : prev.lastFailure,
                prev.misbehaviorScore, change.state(), prev.inbound || changeInbound,
                changeAgent != null ? changeAgent : prev.userAgent,
                changeVersion >= 0 ? changeVersion : prev.negotiatedVersion));
    }

    /**
     * Adds a misbehaviour increment (peerset's rule for Appendix A.10: the last failure is set, the
     * score added, and the state kept, except that a never-attempted record becomes failed, so that
     * a record with a failure time is never "never attempted" and gossip cannot reset it; never
     * rejected by the timing rules).
     *
     * @param increment the increment, > 0
     * @param nanosNow  the monotonic time of the report
     * @return the new record
     */
    MetaAddr withMisbehavior(int increment, long nanosNow) {
        long score = Math.min((long) misbehaviorScore + increment, Integer.MAX_VALUE);
        return new MetaAddr(address, services, untrustedLastSeen, lastResponse, lastResponseNanos, rtt,
                pingSentAt, lastAttempt, nanosNow, (int) score,
                state.isNeverAttempted() ? PeerAddrState.FAILED : state, inbound, userAgent, negotiatedVersion);
    }

    private static boolean within(long t, long now) {
        return t != NONE && Math.abs(now - t) <= CONCURRENT_NANOS;
    }

    private static PeerServices changeServices(AddressChange change) {
        if (change instanceof AddressChange.NewGossiped g) {
            return g.services();
        }
        if (change instanceof AddressChange.NewAlternate a) {
            return a.services();
        }
        if (change instanceof AddressChange.NewLocal) {
            return PeerServices.NETWORK;
        }
        if (change instanceof AddressChange.UpdateConnected c) {
            return c.services();
        }
        if (change instanceof AddressChange.UpdateFailed f) {
            return f.services().orElse(null);
        }
        return null;
    }

    private static Instant changeUntrustedLastSeen(AddressChange change, Instant wallNow) {
        if (change instanceof AddressChange.NewGossiped g) {
            return Instant.ofEpochSecond(g.lastSeen().getEpochSecond());
        }
        if (change instanceof AddressChange.NewAlternate || change instanceof AddressChange.NewLocal) {
            return wallNow;
        }
        return null;
    }

    /** @return the public, read-only copy */
    AddressBookEntry toEntry() {
        return new AddressBookEntry(address, Optional.ofNullable(services), Optional.ofNullable(untrustedLastSeen),
                Optional.ofNullable(lastResponse), Optional.ofNullable(rtt), optional(pingSentAt),
                optional(lastAttempt), optional(lastFailure), misbehaviorScore, state, inbound,
                Optional.ofNullable(userAgent),
                negotiatedVersion < 0 ? OptionalLong.empty() : OptionalLong.of(negotiatedVersion));
    }

    private static OptionalLong optional(long nanos) {
        return nanos == NONE ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    @Override
    public String toString() {
        return "MetaAddr[" + address.redacted() + ", " + state.displayName() + ", score=" + misbehaviorScore
                + (inbound ? ", inbound" : "") + "]";
    }
}
