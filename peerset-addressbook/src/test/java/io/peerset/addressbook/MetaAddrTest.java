package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.START;
import static io.peerset.addressbook.Fixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerAddrState;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetaAddrTest {

    private static final PeerAddress A = addr("203.0.113.6:8233");
    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static MetaAddr apply(MetaAddr prev, AddressChange change, long nanos) {
        return MetaAddr.apply(prev, change, START.plusNanos(nanos - T0), nanos).orElse(null);
    }

    private static MetaAddr responded() {
        return apply(null, new AddressChange.UpdateConnected(A, PeerServices.NETWORK, false, "/z:1/", 170_100), T0);
    }

    @Test
    void newChangesCreateNeverAttemptedRecords() {
        MetaAddr initial = apply(null, new AddressChange.NewInitial(A), T0);
        assertThat(initial.state).isEqualTo(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED);
        assertThat(initial.services()).isEmpty();
        assertThat(initial.lastSeen()).isEmpty();

        Instant seen = START.minusSeconds(60);
        MetaAddr gossiped = apply(null, new AddressChange.NewGossiped(A, PeerServices.NETWORK, seen), T0);
        assertThat(gossiped.untrustedLastSeen()).contains(seen);
        assertThat(gossiped.services()).contains(PeerServices.NETWORK);

        MetaAddr local = apply(null, new AddressChange.NewLocal(A), T0);
        assertThat(local.services()).contains(PeerServices.NETWORK);
        assertThat(local.untrustedLastSeen()).contains(START);
    }

    @Test
    void gossipCannotResetAnAttemptedRecord() {
        MetaAddr r = responded();
        assertThat(MetaAddr.apply(r, new AddressChange.NewGossiped(A, PeerServices.NETWORK, START),
                START.plusSeconds(600), T0 + 600 * SECOND)).isEmpty();
    }

    @Test
    void firstGossipedReportWins() {
        MetaAddr first = apply(null, new AddressChange.NewGossiped(A, PeerServices.NETWORK, START.minusSeconds(100)), T0);
        MetaAddr second = apply(first, new AddressChange.NewGossiped(A, new PeerServices(5), START), T0 + SECOND);
        assertThat(second.services()).contains(PeerServices.NETWORK);
        assertThat(second.untrustedLastSeen()).contains(START.minusSeconds(100));
        MetaAddr fromInitial = apply(apply(null, new AddressChange.NewInitial(A), T0),
                new AddressChange.NewGossiped(A, PeerServices.NETWORK, START), T0 + SECOND);
        assertThat(fromInitial.services()).contains(PeerServices.NETWORK);
        assertThat(fromInitial.untrustedLastSeen()).contains(START);
    }

    @Test
    void longDelayedChangeIsNotApplied() {
        MetaAddr r = responded();
        // A failure stamped 10 s before the response (out of order, not concurrent) is ignored.
        assertThat(MetaAddr.apply(r, AddressChange.UpdateFailed.of(A), START.minusSeconds(10), T0 - 10 * SECOND))
                .isEmpty();
    }

    @Test
    void laterRevertChangeIsApplied() {
        MetaAddr r = responded();
        MetaAddr attempt = apply(r, new AddressChange.UpdateAttempt(A), T0 + 10 * SECOND);
        assertThat(attempt.state).isEqualTo(PeerAddrState.ATTEMPT_PENDING);
        assertThat(attempt.lastAttempt).isEqualTo(T0 + 10 * SECOND);
        assertThat(attempt.lastResponse()).isEqualTo(r.lastResponse());
    }

    @Test
    void concurrentStateRevertChangeIsNotApplied() {
        MetaAddr r = responded();
        assertThat(apply(r, new AddressChange.UpdateAttempt(A), T0 + 4 * SECOND)).isNull();
        assertThat(apply(r, new AddressChange.UpdateAttempt(A), T0 - 4 * SECOND)).isNull();
    }

    @Test
    void concurrentStateProgressChangeIsApplied() {
        MetaAddr r = responded();
        MetaAddr failed = apply(r, AddressChange.UpdateFailed.of(A), T0 + 4 * SECOND);
        assertThat(failed.state).isEqualTo(PeerAddrState.FAILED);
        MetaAddr earlier = apply(r, AddressChange.UpdateFailed.of(A), T0 - 4 * SECOND);
        assertThat(earlier).isNotNull();
    }

    @Test
    void servicesAreUpToDateEvenWithFewerBitsAndKeptWhenAbsent() {
        MetaAddr r = apply(null, new AddressChange.UpdateConnected(A, new PeerServices(5), false, "/z/", 1), T0);
        MetaAddr failed = apply(r, AddressChange.UpdateFailed.of(A, PeerServices.NETWORK), T0 + 60 * SECOND);
        assertThat(failed.services()).contains(PeerServices.NETWORK);
        MetaAddr failedAgain = apply(failed, AddressChange.UpdateFailed.of(A), T0 + 120 * SECOND);
        assertThat(failedAgain.services()).contains(PeerServices.NETWORK);
        assertThat(failedAgain.userAgent).isEqualTo("/z/");
    }

    @Test
    void rttIsStoredAndPingClearsIt() {
        MetaAddr r = responded();
        MetaAddr ping = apply(r, new AddressChange.UpdatePingSent(A), T0 + 59 * SECOND);
        assertThat(ping.pingSentAt).isEqualTo(T0 + 59 * SECOND);
        assertThat(ping.rtt()).isEmpty();
        MetaAddr pong = apply(ping, new AddressChange.UpdateResponded(A, Duration.ofMillis(250)), T0 + 66 * SECOND);
        assertThat(pong.rtt()).contains(Duration.ofMillis(250));
        assertThat(pong.pingSentAt).isEqualTo(MetaAddr.NONE);
        assertThat(pong.lastResponse()).contains(START.plusSeconds(66));
        assertThat(pong.toEntry().rtt()).contains(Duration.ofMillis(250));
    }

    @Test
    void inboundIsStickyAndMisbehaviourKeepsTheState() {
        MetaAddr in = apply(null, new AddressChange.UpdateConnected(A, PeerServices.NETWORK, true, "/z/", 1), T0);
        MetaAddr out = apply(in, new AddressChange.UpdateConnected(A, PeerServices.NETWORK, false, "/z/", 1),
                T0 + 600 * SECOND);
        assertThat(out.inbound()).isTrue();
        MetaAddr failed = apply(out, AddressChange.UpdateFailed.of(A), T0 + 700 * SECOND);
        MetaAddr scored = failed.withMisbehavior(10, T0 + 701 * SECOND);
        assertThat(scored.state).isEqualTo(PeerAddrState.FAILED);
        assertThat(scored.misbehaviorScore).isEqualTo(10);
        assertThat(scored.lastFailure).isEqualTo(T0 + 701 * SECOND);
        assertThat(scored.withMisbehavior(Integer.MAX_VALUE, T0).misbehaviorScore).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void misbehaviourOfANeverAttemptedRecordMakesItFailed() {
        MetaAddr gossiped = apply(null, new AddressChange.NewGossiped(A, PeerServices.NETWORK, START), T0);
        MetaAddr scored = gossiped.withMisbehavior(1, T0 + SECOND);
        assertThat(scored.state).isEqualTo(PeerAddrState.FAILED);
        assertThat(MetaAddr.apply(scored, new AddressChange.NewGossiped(A, PeerServices.NETWORK, START),
                START.plusSeconds(600), T0 + 600 * SECOND)).isEmpty();
    }

    @Test
    void entryCopiesEveryField() {
        MetaAddr r = responded();
        var e = r.toEntry();
        assertThat(e.address()).isEqualTo(A);
        assertThat(e.services()).contains(PeerServices.NETWORK);
        assertThat(e.lastResponse()).contains(START);
        assertThat(e.lastSeen()).contains(START);
        assertThat(e.userAgent()).contains("/z:1/");
        assertThat(e.negotiatedVersion().getAsLong()).isEqualTo(170_100);
        assertThat(e.lastAttemptNanos()).isEmpty();
        assertThat(e.state()).isEqualTo(PeerAddrState.RESPONDED);
        assertThat(Optional.of(e.inbound())).contains(false);
    }
}
