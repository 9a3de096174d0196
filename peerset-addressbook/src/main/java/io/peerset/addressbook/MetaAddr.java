package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One address-book record (reference section 4.1) and the rules for applying a change to it
 * (section 4.4).
 *
 * <p>The record's values are final: applying a change returns a new record, so a record handed to
 * a reader never changes. They are kept as primitives (times as seconds or nanoseconds with
 * {@link #NONE} for "absent", services as bits) because a book holds up to 100,000 of them; the accessors
 * return the object forms. Wall-clock times ({@code untrustedLastSeen}, {@code lastResponse}) are
 * whole seconds, as the reference's u32 times. Local event times are monotonic nanoseconds of the
 * book's clock; the last response is kept in both forms so the 119 s and 5 s windows never depend
 * on wall-clock jumps (a deviation from the reference, which compares the wall-clock
 * {@code last_response}).
 *
 * <p>The non-final fields are the links of the indexes {@link AddressBookState} keeps (its
 * intrusive trees, its per-IP chains and its gossip array): they belong to the book's single writer
 * and mean nothing to anyone else.
 *
 * <p>Thread-safety: the values are immutable and safely published through the book's lock; the
 * links are confined to the writer.
 */
final class MetaAddr {

    /** Marks an absent time or value. */
    static final long NONE = Long.MIN_VALUE;

    private static final Duration MAX_RTT = Duration.ofNanos(Long.MAX_VALUE);
    private static final long CONCURRENT_NANOS = PeerSetConstants.CONCURRENT_ADDRESS_CHANGE_PERIOD.toNanos();

    final PeerAddress address;
    /** The IPv4 address as an int (IPv6: 0), cached for the reconnection order's tie-break. */
    final int ipv4Bits;
    /** The port, cached (like {@link #ipv4Bits}) so comparisons and look-ups read only this object. */
    final char port;
    /** Value flags: {@link #KNOWN_SERVICES}, {@link #INBOUND}, {@link #IPV4}. */
    private final byte kind;
    /** Services bits (0 when unknown). */
    final long servicesBits;
    /** Gossiped last-seen time, epoch seconds, or NONE. */
    final long untrustedLastSeenSeconds;
    /** Last response, epoch seconds, or NONE. */
    final long lastResponseSeconds;
    /** Last response, monotonic nanoseconds, or NONE. */
    final long lastResponseNanos;
    /** Round-trip time of the last ping, nanoseconds, or NONE. */
    final long rttNanos;
    final long pingSentAt;
    final long lastAttempt;
    final long lastFailure;
    final int misbehaviorScore;
    final PeerAddrState state;
    /** Null when unknown. */
    final String userAgent;
    /** -1 when unknown (a negotiated version is at most ours, far below 2^31). */
    private final int negotiatedVersion;

    private static final byte KNOWN_SERVICES = 1;
    private static final byte INBOUND = 2;
    private static final byte IPV4 = 4;

    // ---- index links, owned by AddressBookState's writer ----
    // (The record is kept at 152 bytes: the flags share two bytes and the longs are not widened.)
    MetaAddr orderLeft;
    MetaAddr orderRight;
    MetaAddr orderParent;
    /** Links of the one waiting tree (ready or cooling) the record is in, if any. */
    MetaAddr waitLeft;
    MetaAddr waitRight;
    MetaAddr waitParent;
    /** Monotonic time the record leaves the cooling tree (valid while it is in it). */
    long coolUntil;
    /** The next record with the same IP (a chain per IP). */
    MetaAddr nextSameIp;
    /** Position in the gossip array, or -1. */
    int gossipIndex = -1;
    /** Slot in the {@link AddressTables} (new slots first, then tried), or -1 when not in a table. */
    int tableSlot = -1;
    /** The table's secret rank of the address (the order untried records are dialled in); 0 without tables. */
    int rank;
    /** Writer bits: the waiting tree's id (bits 0-1), the two trees' colours, whether it heads its IP's chain. */
    private byte linkBits;

    private static final int WAIT_TREE_MASK = 3;
    private static final int ORDER_RED = 4;
    private static final int WAIT_RED = 8;
    private static final int CHAIN_HEAD = 16;

    MetaAddr(PeerAddress address, PeerServices services, long untrustedLastSeenSeconds, long lastResponseSeconds,
             long lastResponseNanos, long rttNanos, long pingSentAt, long lastAttempt, long lastFailure,
             int misbehaviorScore, PeerAddrState state, boolean inbound, String userAgent,
             long negotiatedVersion) {
        this(address, address.ip() instanceof Inet4Address v4 ? ByteBuffer.wrap(v4.getAddress()).getInt() : 0,
                services, untrustedLastSeenSeconds, lastResponseSeconds, lastResponseNanos, rttNanos, pingSentAt,
                lastAttempt, lastFailure, misbehaviorScore, state, inbound, userAgent, negotiatedVersion);
    }

    /** For a new version of a record: the address's cached forms are copied, not recomputed. */
    private MetaAddr(PeerAddress address, int ipv4Bits, PeerServices services, long untrustedLastSeenSeconds,
                     long lastResponseSeconds, long lastResponseNanos, long rttNanos, long pingSentAt,
                     long lastAttempt, long lastFailure, int misbehaviorScore, PeerAddrState state,
                     boolean inbound, String userAgent, long negotiatedVersion) {
        this.address = requireNonNull(address, "address");
        this.ipv4Bits = ipv4Bits;
        this.port = (char) address.port();
        this.kind = (byte) ((services != null ? KNOWN_SERVICES : 0) | (inbound ? INBOUND : 0)
                | (address.isIpv4() ? IPV4 : 0));
        this.servicesBits = services == null ? 0 : services.bits();
        this.untrustedLastSeenSeconds = untrustedLastSeenSeconds;
        this.lastResponseSeconds = lastResponseSeconds;
        this.lastResponseNanos = lastResponseNanos;
        this.rttNanos = rttNanos;
        this.pingSentAt = pingSentAt;
        this.lastAttempt = lastAttempt;
        this.lastFailure = lastFailure;
        this.misbehaviorScore = misbehaviorScore;
        this.state = requireNonNull(state, "state");
        this.userAgent = userAgent;
        this.negotiatedVersion = (int) Math.max(-1, Math.min(negotiatedVersion, Integer.MAX_VALUE));
    }

    /** A new version of {@code prev}'s address. */
    private static MetaAddr next(MetaAddr prev, PeerServices services, long untrustedLastSeenSeconds,
                                 long lastResponseSeconds, long lastResponseNanos, long rttNanos, long pingSentAt,
                                 long lastAttempt, long lastFailure, int misbehaviorScore, PeerAddrState state,
                                 boolean inbound, String userAgent, long negotiatedVersion) {
        return new MetaAddr(prev.address, prev.ipv4Bits, services, untrustedLastSeenSeconds, lastResponseSeconds,
                lastResponseNanos, rttNanos, pingSentAt, lastAttempt, lastFailure, misbehaviorScore, state, inbound,
                userAgent, negotiatedVersion);
    }

    /** @return whether the services are known */
    boolean servicesKnown() {
        return (kind & KNOWN_SERVICES) != 0;
    }

    /** @return whether this address ever completed an inbound handshake (sticky) */
    boolean inbound() {
        return (kind & INBOUND) != 0;
    }

    /** @return whether the address is IPv4 (cached) */
    boolean isIpv4() {
        return (kind & IPV4) != 0;
    }

    /** @return the negotiated version of the last handshake, or -1 */
    long negotiatedVersion() {
        return negotiatedVersion;
    }

    // ---- writer bits (AddressBookState and RecordTree only) ----

    int waitTree() {
        return linkBits & WAIT_TREE_MASK;
    }

    void waitTree(int id) {
        linkBits = (byte) ((linkBits & ~WAIT_TREE_MASK) | id);
    }

    boolean orderRed() {
        return (linkBits & ORDER_RED) != 0;
    }

    void orderRed(boolean red) {
        linkBits = (byte) (red ? linkBits | ORDER_RED : linkBits & ~ORDER_RED);
    }

    boolean waitRed() {
        return (linkBits & WAIT_RED) != 0;
    }

    void waitRed(boolean red) {
        linkBits = (byte) (red ? linkBits | WAIT_RED : linkBits & ~WAIT_RED);
    }

    boolean chainHead() {
        return (linkBits & CHAIN_HEAD) != 0;
    }

    void chainHead(boolean head) {
        linkBits = (byte) (head ? linkBits | CHAIN_HEAD : linkBits & ~CHAIN_HEAD);
    }

    /** @return the last known services, if any */
    Optional<PeerServices> services() {
        return servicesKnown() ? Optional.of(services(servicesBits)) : Optional.empty();
    }

    /** @return whether the services are unknown or include {@code NODE_NETWORK} */
    boolean servicesUnknownOrNetwork() {
        return !servicesKnown() || (servicesBits & PeerServices.NODE_NETWORK) != 0;
    }

    /** @return the gossiped last-seen time, if any */
    Optional<Instant> untrustedLastSeen() {
        return instant(untrustedLastSeenSeconds);
    }

    /** @return the last response (wall clock), if any */
    Optional<Instant> lastResponse() {
        return instant(lastResponseSeconds);
    }

    /** @return the round-trip time of the last ping, if any */
    Optional<Duration> rtt() {
        return rttNanos == NONE ? Optional.empty() : Optional.of(Duration.ofNanos(rttNanos));
    }

    /** @return the last response, else the gossiped time ("last_seen"), epoch seconds, or NONE */
    long lastSeenSeconds() {
        return lastResponseSeconds != NONE ? lastResponseSeconds : untrustedLastSeenSeconds;
    }

    /** @return the last response, else the gossiped time ("last_seen"), if any */
    Optional<Instant> lastSeen() {
        return instant(lastSeenSeconds());
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
        return Optional.ofNullable(applyOrNull(prev, change, wallNow.getEpochSecond(), nanosNow));
    }

    /**
     * {@link #apply} without the {@code Optional}, for the writer's hot path.
     *
     * @param wallSeconds the wall-clock time of the change, epoch seconds
     * @return the new record, or null if the change is rejected
     */
    static MetaAddr applyOrNull(MetaAddr prev, AddressChange change, long wallSeconds, long nanosNow) {
        if (change instanceof AddressChange.UpdateMisbehavior) {
            throw new IllegalArgumentException("change: misbehaviour (expected: a state change)");
        }
        if (prev != null && change.isNew() && !prev.state.isNeverAttempted()) {
            return null; // gossip can't reset our connection order
        }
        if (prev != null) {
            long instantPrev = Math.max(prev.lastAttempt, prev.lastFailure);
            long localPrev = prev.lastResponseNanos;
            boolean concurrent = within(instantPrev, nanosNow) || within(localPrev, nanosNow);
            boolean outOfOrder = (instantPrev != NONE && instantPrev > nanosNow)
                    || (localPrev != NONE && localPrev > nanosNow);
            boolean moreProgress = change.state().progressRank() > prev.state.progressRank();
            if (outOfOrder && !concurrent) {
                return null;
            }
            if (concurrent && !moreProgress) {
                return null;
            }
        }
        PeerServices changeServices = changeServices(change);
        long changeLastSeen = changeUntrustedLastSeen(change, wallSeconds);
        boolean responded = change instanceof AddressChange.UpdateConnected
                || change instanceof AddressChange.UpdateResponded;
        long changeRtt = change instanceof AddressChange.UpdateResponded r ? nanos(r.rtt()) : NONE;
        long changePing = change instanceof AddressChange.UpdatePingSent ? nanosNow : NONE;
        boolean changeInbound = change instanceof AddressChange.UpdateConnected c && c.inbound();
        String changeAgent = change instanceof AddressChange.UpdateConnected c ? c.userAgent() : null;
        long changeVersion = change instanceof AddressChange.UpdateConnected c ? c.negotiatedVersion() : -1;
        long attempt = change instanceof AddressChange.UpdateAttempt ? nanosNow : NONE;
        long failure = change instanceof AddressChange.UpdateFailed ? nanosNow : NONE;

        if (prev == null) {
            return new MetaAddr(change.address(), changeServices, changeLastSeen,
                    responded ? wallSeconds : NONE, responded ? nanosNow : NONE, changeRtt, changePing, attempt,
                    failure, 0, change.state(), changeInbound, changeAgent, changeVersion);
        }
        if (change.isNew()) {
            // Both never attempted: the first report of services and last-seen wins.
            return next(prev,
                    prev.servicesKnown() ? prev.servicesOrNull() : changeServices,
                    prev.untrustedLastSeenSeconds != NONE ? prev.untrustedLastSeenSeconds : changeLastSeen,
                    NONE, NONE, NONE, NONE, NONE, NONE, prev.misbehaviorScore, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED,
                    prev.inbound(), prev.userAgent, prev.negotiatedVersion);
        }
        return next(prev,
                changeServices != null ? changeServices : prev.servicesOrNull(),
                prev.untrustedLastSeenSeconds,
                responded ? wallSeconds : prev.lastResponseSeconds,
                responded ? nanosNow : prev.lastResponseNanos,
                changeRtt, changePing,
                attempt != NONE ? attempt : prev.lastAttempt,
                failure != NONE ? failure : prev.lastFailure,
                prev.misbehaviorScore, change.state(), prev.inbound() || changeInbound,
                changeAgent != null ? changeAgent : prev.userAgent,
                changeVersion >= 0 ? changeVersion : prev.negotiatedVersion);
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
        return next(this, servicesOrNull(), untrustedLastSeenSeconds, lastResponseSeconds, lastResponseNanos,
                rttNanos, pingSentAt, lastAttempt, nanosNow, (int) score,
                state.isNeverAttempted() ? PeerAddrState.FAILED : state, inbound(), userAgent, negotiatedVersion);
    }

    /** Saturating: an absurd round-trip time must not fail the writer. */
    private static long nanos(Duration d) {
        return d.compareTo(MAX_RTT) >= 0 ? MAX_RTT.toNanos() : Math.max(0, d.toNanos());
    }

    private static boolean within(long t, long now) {
        return t != NONE && Math.abs(now - t) <= CONCURRENT_NANOS;
    }

    /** @return the services, or null when unknown */
    PeerServices servicesOrNull() {
        return servicesKnown() ? services(servicesBits) : null;
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

    private static long changeUntrustedLastSeen(AddressChange change, long wallSeconds) {
        if (change instanceof AddressChange.NewGossiped g) {
            return g.lastSeen().getEpochSecond();
        }
        if (change instanceof AddressChange.NewAlternate || change instanceof AddressChange.NewLocal) {
            return wallSeconds;
        }
        return NONE;
    }

    /** @return the public, read-only copy */
    AddressBookEntry toEntry() {
        return new AddressBookEntry(address, services(), untrustedLastSeen(), lastResponse(), rtt(),
                optional(pingSentAt), optional(lastAttempt), optional(lastFailure), misbehaviorScore, state, inbound(),
                Optional.ofNullable(userAgent),
                negotiatedVersion < 0 ? OptionalLong.empty() : OptionalLong.of(negotiatedVersion));
    }

    /** The common values share one object: most peers advertise exactly {@code NODE_NETWORK}. */
    static PeerServices services(long bits) {
        return bits == PeerServices.NETWORK.bits() ? PeerServices.NETWORK : new PeerServices(bits);
    }

    private static Optional<Instant> instant(long seconds) {
        return seconds == NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(seconds));
    }

    private static OptionalLong optional(long nanos) {
        return nanos == NONE ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    @Override
    public String toString() {
        return "MetaAddr[" + address.redacted() + ", " + state.code() + ", score=" + misbehaviorScore
                + (inbound() ? ", inbound" : "") + "]";
    }
}
