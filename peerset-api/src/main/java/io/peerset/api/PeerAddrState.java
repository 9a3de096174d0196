package io.peerset.api;

/**
 * The connection state of one address-book record (reference section 4.2), with the two orders the
 * book uses.
 *
 * <p>Immutable and thread-safe.
 */
public enum PeerAddrState implements Coded {
    /** We completed a handshake with it (or it answered a heartbeat). Code {@code connected}. */
    RESPONDED("connected", 0, 2),
    /** Learned from seeders, cache, configuration or gossip; never attempted. Code {@code never-connected}. */
    NEVER_ATTEMPTED_GOSSIPED("never-connected", 1, 0),
    /** An outbound attempt failed, or an open connection ended or failed. Code {@code failed}. */
    FAILED("failed", 2, 3),
    /** Just chosen for an outbound attempt. Code {@code connecting}. */
    ATTEMPT_PENDING("connecting", 3, 1);

    private final String code;
    private final int reconnectionRank;
    private final int progressRank;

    PeerAddrState(String code, int reconnectionRank, int progressRank) {
        this.code = code;
        this.reconnectionRank = reconnectionRank;
        this.progressRank = progressRank;
    }

    /**
     * @return the name in logs, the events file, metric tags and the status line: zebrad's display
     *         name (reference 4.2), written in kebab-case like every code ({@code never-connected},
     *         not zebrad's {@code never_connected})
     */
    @Override
    public String code() {
        return code;
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
