package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One connected peer as {@link PeerSetNode#peers()} shows it (issue 17; Bitcoin Core's
 * {@code getpeerinfo} is the model): who it is, what it announced, how it is used and what it cost.
 *
 * <p>Immutable and thread-safe; a snapshot taken on the peer set's loop.
 *
 * @param address           the peer's transport address
 * @param inbound           whether it connected to us
 * @param negotiatedVersion the protocol version in use (min of ours and its)
 * @param announcedVersion  the version its {@code version} message announced
 * @param userAgent         its user agent (remote text: print it escaped)
 * @param services          the services it announced
 * @param startHeight       the chain height it announced at the handshake
 * @param connectedSince    when it joined the peer set (wall clock)
 * @param state             ready, busy with a request, or being checked (not yet ready again)
 * @param loadMillis        its peak-EWMA load, the routing cost: milliseconds × (requests in flight + 1),
 *                          decayed to now (a new peer starts at the reference's default round trip)
 * @param lastRtt           the round trip of its last answered request; empty before the first
 * @param traffic           messages and bytes received from and sent to it (its {@link Traffic.Command}
 *                          named {@code "total"}); zeros when its transport does not count per connection
 * @param netgroup          its network group ({@link Netgroup#toString()})
 * @param misbehaviorScore  its address's misbehaviour score in the address book (0 when unknown)
 */
public record PeerInfo(PeerAddress address, boolean inbound, long negotiatedVersion, long announcedVersion,
                       String userAgent, PeerServices services, long startHeight, Instant connectedSince,
                       State state, double loadMillis, Optional<Duration> lastRtt, Traffic.Command traffic,
                       String netgroup, int misbehaviorScore) {

    /** Checks for nulls. */
    public PeerInfo {
        requireNonNull(address, "address");
        requireNonNull(userAgent, "userAgent");
        requireNonNull(services, "services");
        requireNonNull(connectedSince, "connectedSince");
        requireNonNull(state, "state");
        requireNonNull(lastRtt, "lastRtt");
        requireNonNull(traffic, "traffic");
        requireNonNull(netgroup, "netgroup");
    }

    /** What the peer set is doing with a peer. */
    public enum State implements Coded {
        /** Ready for a request. Code {@code ready}. */
        READY,
        /** Serving one of our requests. Code {@code busy}. */
        BUSY,
        /** Between requests: its client is not ready yet (a heartbeat, a late answer). Code {@code checking}. */
        CHECKING;

        private final String code = Coded.of(this);

        @Override
        public String code() {
            return code;
        }
    }
}
