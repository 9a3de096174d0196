package io.peerset.addressbook;

import io.peerset.api.PeerAddrState;
import java.util.Optional;

/**
 * The address book's "no peers" log of reference section 4.8: when no record is
 * {@link PeerAddrState#RESPONDED}, say so at most once per
 * {@link AddressBookConstants#NO_PEERS_LOG_INTERVAL}, the first occurrence suppressed (a node that
 * is just starting has no peers yet, and that is not news): a warning when every address has
 * failed (nothing responded, pending or untried), otherwise an information that gossiped
 * addresses are being tried. Any responded record resets it.
 *
 * <p>Not thread-safe: used by the book's single writer.
 */
final class PeerStatusLog {

    /** A message to log and whether it is a warning. */
    record Line(boolean warning, String message) {
    }

    static final String ALL_FAILED = "all peer addresses have failed. Hint: check your network connection";
    static final String TRYING_GOSSIPED = "no active peer connections: trying gossiped addresses";

    private boolean noPeersSeen;
    private long lastNanos;

    /**
     * @param responded        records in state Responded
     * @param attemptPending   records in state AttemptPending
     * @param neverAttempted   records never attempted
     * @param nowNanos         the monotonic time
     * @return the line to log now, if any
     */
    Optional<Line> update(int responded, int attemptPending, int neverAttempted, long nowNanos) {
        if (responded > 0) {
            noPeersSeen = false;
            return Optional.empty();
        }
        if (!noPeersSeen) {
            noPeersSeen = true;
            lastNanos = nowNanos;
            return Optional.empty();
        }
        if (nowNanos - lastNanos < AddressBookConstants.NO_PEERS_LOG_INTERVAL.toNanos()) {
            return Optional.empty();
        }
        lastNanos = nowNanos;
        boolean allFailed = attemptPending + neverAttempted == 0;
        return Optional.of(new Line(allFailed, allFailed ? ALL_FAILED : TRYING_GOSSIPED));
    }
}
