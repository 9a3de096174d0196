package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reference section 4.8: the "no peers" log, rate-limited, first occurrence suppressed. */
class PeerStatusLogTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void firstOccurrenceIsSuppressedThenAtMostOncePerMinute() {
        PeerStatusLog log = new PeerStatusLog();
        assertThat(log.update(0, 0, 5, 0)).isEmpty();
        assertThat(log.update(0, 0, 5, 59 * SECOND)).isEmpty();
        assertThat(log.update(0, 0, 5, 60 * SECOND)).contains(new PeerStatusLog.Line(false, PeerStatusLog.TRYING_GOSSIPED));
        assertThat(log.update(0, 0, 5, 61 * SECOND)).isEmpty();
        assertThat(log.update(0, 0, 0, 120 * SECOND)).contains(new PeerStatusLog.Line(true, PeerStatusLog.ALL_FAILED));
    }

    @Test
    void aRespondedPeerResetsIt() {
        PeerStatusLog log = new PeerStatusLog();
        log.update(0, 0, 0, 0);
        assertThat(log.update(1, 0, 0, 100 * SECOND)).isEmpty();
        assertThat(log.update(0, 0, 0, 200 * SECOND)).as("suppressed again after the reset").isEmpty();
        assertThat(log.update(0, 1, 0, 260 * SECOND)).map(PeerStatusLog.Line::warning).contains(false);
    }

    @Test
    void pendingAttemptsAreNotAllFailed() {
        PeerStatusLog log = new PeerStatusLog();
        log.update(0, 2, 0, 0);
        Optional<PeerStatusLog.Line> line = log.update(0, 2, 0, 60 * SECOND);
        assertThat(line).map(PeerStatusLog.Line::message).contains(PeerStatusLog.TRYING_GOSSIPED);
    }
}
