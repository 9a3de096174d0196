package io.peerset.core.common;

import io.peerset.api.PeerSetConstants;
import java.time.Duration;

/**
 * The limits, timeouts and intervals that peerset-core adds to {@link PeerSetConstants}, each with
 * its reason. Values the reference fixes are reused from {@link PeerSetConstants}, never copied.
 * The relations between them (reference section 2.4 and the ones this module relies on) are
 * checked by {@code CoreConstantsTest}.
 */
public final class CoreConstants {

    private CoreConstants() {
    }

    /**
     * How long a heartbeat waits for its ping, queueing included: one heartbeat interval (59 s),
     * as in the reference (section 6.5), so at most one heartbeat ping is ever outstanding.
     */
    public static final Duration HEARTBEAT_TIMEOUT = PeerSetConstants.HEARTBEAT_INTERVAL;

    /**
     * How long a ping waits for its pong inside the connection: the request timeout (20 s). Unlike
     * other requests, a ping that times out closes the connection (reference section 6.6), because
     * a peer that cannot answer a ping is not alive.
     */
    public static final Duration PING_TIMEOUT = PeerSetConstants.REQUEST_TIMEOUT;

    /**
     * Local requests one connection holds at once: the caller's single slot plus the heartbeat's
     * ping slot. Bounded, so nothing a caller does can grow a connection's queue.
     */
    public static final int MAX_QUEUED_LOCAL_REQUESTS = 2;

    /**
     * Messages whose delivery one connection asks its transport for at a time. One: the next
     * message is not decoded until the previous one is handled (after the handshake this is what
     * lets the codec switch, and while an inbound request is being served the peer is held back by
     * TCP flow control instead of filling memory).
     */
    public static final int MESSAGE_DEMAND = 1;

    /** The MDC key under which the (redacted) peer address is set while its events are handled. */
    public static final String MDC_PEER_KEY = "peer";

    /**
     * The peer set re-checks bans and the minimum version of idle peers this often (busy peers are
     * checked each time they become ready): a ban or a network upgrade reaches every peer within a
     * second, while an idle set does almost no work. The reference re-checks on every poll.
     */
    public static final Duration PEER_SET_MAINTENANCE_INTERVAL = Duration.ofSeconds(1);

    /**
     * Queued-event bound for inventory reports (reference section 1.2: a lossy channel of the total
     * connection limit): beyond it reports are dropped and counted; they only steer routing.
     */
    public static final int INVENTORY_QUEUE_CAPACITY = 200;

    /**
     * Pending misbehaviour reports kept between two flushes (reference section 1.2: the channel's
     * capacity is max(total connection limit, 10)); reports for more distinct addresses are dropped
     * and counted.
     */
    public static final int MISBEHAVIOR_QUEUE_CAPACITY = 200;

    /** Items the peer set's loop handles before it yields its executor. */
    public static final int PEER_SET_MAX_BATCH = 1024;

    /**
     * Default number of {@link Thread#onSpinWait()} polls of its inbox the peer set's loop makes,
     * once the inbox is empty, before it yields its thread (about 10–50 µs, by CPU). Waking a parked
     * thread costs tens of microseconds at the 99th percentile on a shared VM; a caller that sends its
     * next request right after an answer finds the loop still awake. Costs at most that much CPU
     * after each burst of work, nothing while idle.
     */
    public static final int PEER_SET_LOOP_SPINS = 1000;
}
