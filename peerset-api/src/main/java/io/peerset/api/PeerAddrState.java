package io.peerset.api;

/**
 * The connection state of one address-book record (reference section 4.2), with the two orders the
 * book uses.
 *
 * <p>Immutable and thread-safe.
 */
public enum PeerAddrState {
    /** We completed a handshake with it (or it answered a heartbeat). Display name "connected". */
    RESPONDED("connected", 0, 2),
    /** Learned from seeders, cache, configuration or gossip; never attempted. "never_connected". */
    NEVER_ATTEMPTED_GOSSIPED("never_connected", 1, 0),
    /** An outbound attempt failed, or an open connection ended or failed. "failed". */
    FAILED("failed", 2, 3),
    /** Just chosen for an outbound attempt. "connecting". */
    ATTEMPT_PENDING("connecting", 3, 1);

    private final String displayName;
    private final int reconnectionRank;
    private final int progressRank;

    PeerAddrState(String displayName, int reconnectionRank, int progressRank) {
        this.displayName = displayName;
        this.reconnectionRank = reconnectionRank;
        this.progressRank = progressRank;
    }

    /** @return the name used in logs and metrics, e.g. {@code "never_connected"} */
    public String displayName() {
        return displayName;
    }

    /**
     * Reconnection order: {@code RESPONDED < NEVER_ATTEMPTED_GOSSIPED < FAILED < ATTEMPT_PENDING}
     * (lower is tried first).
     *
     * @return the rank of this state in that order
     */
    public int reconnectionRank() {
        return reconnectionRank;
    }

    /**
     * Connection-progress order, used to resolve near-simultaneous changes:
     * {@code NEVER_ATTEMPTED_GOSSIPED < ATTEMPT_PENDING < RESPONDED < FAILED}.
     *
     * @return the rank of this state in that order
     */
    public int progressRank() {
        return progressRank;
    }

    /** @return whether this is {@link #NEVER_ATTEMPTED_GOSSIPED} */
    public boolean isNeverAttempted() {
        return this == NEVER_ATTEMPTED_GOSSIPED;
    }
}
