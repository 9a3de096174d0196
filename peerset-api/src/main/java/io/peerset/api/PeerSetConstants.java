package io.peerset.api;

import io.peerset.wire.WireLimits;
import java.time.Duration;

/**
 * Every peer-management limit, timeout and interval of the reference (section 2.2), each with its
 * reason. Wire-format limits live in {@link io.peerset.wire.WireLimits}. The relations between
 * these values (reference section 2.4) are checked by this module's tests.
 *
 * <p>Values that the reference makes configurable are the defaults of {@code PeerSetConfig}; the
 * others are fixed by the protocol's security analysis and are not meant to be tuned.
 */
public final class PeerSetConstants {

    private PeerSetConstants() {
    }

    /** Default {@code peerset_initial_target_size}: enough peers for reliable sync and gossip. */
    public static final int DEFAULT_PEERSET_INITIAL_TARGET_SIZE = 25;

    /** Outbound limit = target × 3 (75 by default): open plus pending outbound connections. */
    public static final int OUTBOUND_PEER_LIMIT_MULTIPLIER = 3;

    /** Inbound limit = target × 5 (125 by default): inbound slots outnumber outbound ones so the network has room for new nodes. */
    public static final int INBOUND_PEER_LIMIT_MULTIPLIER = 5;

    /** Default {@code max_connections_per_ip}: one, so a single host cannot take over the peer set. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 1;

    /**
     * Addresses taken from one peer per crawler request: 25 × 3 / 2 = 37, fixed (computed from the
     * default target, not the configured one) so one peer cannot flood the address book.
     */
    public static final int PEER_ADDR_RESPONSE_LIMIT =
            DEFAULT_PEERSET_INITIAL_TARGET_SIZE * OUTBOUND_PEER_LIMIT_MULTIPLIER / 2;

    /** Requests buffered in front of the peer set (reference: 3; see Appendix A.13). */
    public static final int PEERSET_BUFFER_SIZE = 3;

    /** Time to receive the response to a request, and to send any message. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    /** The whole handshake; for outbound connections the TCP connect too (Appendix A.1). */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

    /** Two address-book changes closer than this are "concurrent" and can't revert a failure. */
    public static final Duration CONCURRENT_ADDRESS_CHANGE_PERIOD = Duration.ofSeconds(5);

    /** Ping period per connection; also the heartbeat's own response timeout. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(59);

    /**
     * Liveness window: heartbeat + 3 × request timeout = 119 s. A peer heard from within it is
     * "recently live"; an address attempted, failed or heard from within it is not redialled.
     * (Summed rather than {@code multipliedBy(3)}: Duration multiplies through BigDecimal, whose
     * first use costs every command that loads these constants 30-50 ms of start-up on JDK 25.)
     */
    public static final Duration MIN_PEER_RECONNECTION_DELAY =
            HEARTBEAT_INTERVAL.plus(REQUEST_TIMEOUT).plus(REQUEST_TIMEOUT).plus(REQUEST_TIMEOUT);

    /** Inventory registry window; entries live one to two windows (shorter than the 75 s block spacing). */
    public static final Duration INVENTORY_ROTATION_INTERVAL = Duration.ofSeconds(53);

    /**
     * Beyond the reference (issue 16 §1.3, with {@code address_tables} on): one short <em>feeler</em>
     * connection this often, to test an address (a tried-table collision's occupant first, else an
     * untried address) and so grow the tried table with addresses known to answer. Bitcoin Core's
     * {@code FEELER_INTERVAL}.
     */
    public static final Duration FEELER_INTERVAL = Duration.ofMinutes(2);

    /** Default {@code crawl_new_peer_interval}. */
    public static final Duration DEFAULT_CRAWL_NEW_PEER_INTERVAL = Duration.ofSeconds(61);

    /** Peer cache file rewrite period, after the first successful write. */
    public static final Duration PEER_DISK_CACHE_UPDATE_INTERVAL = Duration.ofSeconds(300);

    /** Addresses in the peer cache file: enough to restart without seeders, too few to fingerprint. */
    public static final int MAX_PEER_DISK_CACHE_SIZE = 75;

    /** Addresses last seen longer ago are neither gossiped nor cached. */
    public static final Duration MAX_PEER_ACTIVE_FOR_GOSSIP = Duration.ofHours(3);

    /** A failed address last seen longer ago (or never) is never retried. */
    public static final Duration MAX_RECENT_PEER_AGE = Duration.ofDays(3);

    /** Spacing between outbound dials (initial peers too), so we never flood the network. */
    public static final Duration MIN_OUTBOUND_PEER_CONNECTION_INTERVAL = Duration.ofMillis(100);

    /** Listener pause after each accepted inbound connection: bounds handshake work per second. */
    public static final Duration MIN_INBOUND_PEER_CONNECTION_INTERVAL = Duration.ofSeconds(1);

    /** Listener pause after a rejected connection or accept error. */
    public static final Duration MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL = Duration.ofMillis(10);

    /** Minimum time from the end of one crawl to the start of the next. */
    public static final Duration MIN_PEER_GET_ADDR_INTERVAL = Duration.ofSeconds(31);

    /** Timeout of a whole crawl (readiness and responses). */
    public static final Duration PEER_GET_ADDR_TIMEOUT = Duration.ofSeconds(8);

    /** {@code Peers} requests per crawl. */
    public static final int GET_ADDR_FANOUT = 1;

    /** Entries in an {@code addr} message, per-connection address cache, and getaddr answer cap. */
    public static final int MAX_ADDRS_IN_MESSAGE = WireLimits.MAX_ADDRS_IN_MESSAGE;

    /** A getaddr answer holds about ceil(eligible / 2) addresses (temporarily 2 in the reference, was 4). */
    public static final int ADDR_RESPONSE_LIMIT_DENOMINATOR = 2;

    /** Address book capacity: about the size of the real Mainnet, so rotation can't grow it unbounded. */
    public static final int MAX_ADDRS_IN_ADDRESS_BOOK = 5000;

    /** Typical Mainnet address-book size; the book's capacity must not exceed it by much. */
    public static final int TYPICAL_MAINNET_ADDRESS_BOOK_SIZE = 5500;

    /** Gossiped last-seen times are rounded down to 30 minutes so they don't fingerprint us. */
    public static final Duration TIMESTAMP_TRUNCATION = Duration.ofMinutes(30);

    /** Initial RTT estimate of a new peer: above the request timeout, so new peers must prove speed. */
    public static final Duration EWMA_DEFAULT_RTT = REQUEST_TIMEOUT.plusSeconds(1);

    /** Peak-EWMA decay time. */
    public static final Duration EWMA_DECAY_TIME = Duration.ofSeconds(200);

    /** Time scale of the overload drop-probability curve. */
    public static final Duration OVERLOAD_PROTECTION_INTERVAL = Duration.ofSeconds(1);

    /** Disconnect probability at a first or isolated overload. */
    public static final double MIN_OVERLOAD_DROP_PROBABILITY = 0.05;

    /** Disconnect probability for back-to-back overloads. */
    public static final double MAX_OVERLOAD_DROP_PROBABILITY = 0.5;

    /** Peer-set status log rate limit. */
    public static final Duration MIN_PEER_SET_LOG_INTERVAL = Duration.ofSeconds(60);

    /** Misbehaviour score at which an IP is banned. */
    public static final int MAX_PEER_MISBEHAVIOR_SCORE = 100;

    /** Misbehaviour updates are batched this long, so peers can't hammer the address book. */
    public static final Duration MISBEHAVIOR_FLUSH_INTERVAL = Duration.ofSeconds(30);

    /** Ban list capacity; the oldest ban is evicted beyond it. */
    public static final int MAX_BANNED_IPS = 20_000;

    /**
     * Default ban duration: long enough to outlast a misbehaving session, short enough to forgive a
     * reused IP (the reference's bans never expire, Appendix A.6).
     */
    public static final Duration DEFAULT_BAN_DURATION = Duration.ofHours(24);

    /** Default transport high water mark: two full payloads may wait before a sender is told to hold back. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK =
            2 * WireLimits.MAX_PAYLOAD_LENGTH + 2 * WireLimits.HEADER_LENGTH;

    /** Default transport low water mark: writable again once at most one payload waits. */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK =
            WireLimits.MAX_PAYLOAD_LENGTH + WireLimits.HEADER_LENGTH;

    /** Per-seeder DNS timeout and retry pause; the first cache write waits 4× this. */
    public static final Duration DNS_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    /** Target block spacing after Blossom; the inventory rotation must be shorter. */
    public static final Duration TARGET_BLOCK_SPACING = Duration.ofSeconds(75);

    /** Inventory hashes per registry window and per change. */
    public static final int MAX_INV_PER_MAP = 1000;

    /** Peers remembered per inventory hash. */
    public static final int MAX_PEERS_PER_INV = 70;

    /** Dial failures are logged at info only while we have at most this many outbound connections. */
    public static final int MAX_CONNECTIONS_FOR_INFO_LOG = 5;

    /** Blocks behind the estimated tip beyond which the node counts as syncing. */
    public static final int AT_OR_NEAR_TIP_THRESHOLD = 1000;

    /** Consecutive empty FindBlocks/FindHeaders answers before a peer is disconnected. */
    public static final int FIND_RESPONSE_STALL_THRESHOLD = 3;

    /** Our version timestamp is rounded down to this, hiding our exact clock (zcashd allows 10 min skew). */
    public static final Duration VERSION_TIMESTAMP_ROUNDING = Duration.ofMinutes(5);

    /** The application's inbound service must answer within this; slower answers count as overload (section 6.9). */
    public static final Duration INBOUND_SERVICE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Most entries one connection keeps from the addresses its peer sent, until a {@code Peers}
     * request takes them (reference section 6.7); excess is dropped.
     */
    public static final int MAX_CONNECTION_ADDRESS_CACHE = MAX_ADDRS_IN_MESSAGE;

    /** The default user agent: peerset's name and version, in the BIP 14 form. */
    public static final String DEFAULT_USER_AGENT = "/peerset:0.1.0/";
}
