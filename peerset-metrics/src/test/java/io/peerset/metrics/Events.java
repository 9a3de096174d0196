package io.peerset.metrics;

import io.peerset.api.PeerException;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetEvent.Broadcast;
import io.peerset.api.PeerSetEvent.DemandSignalled;
import io.peerset.api.PeerSetEvent.MinimumVersionChanged;
import io.peerset.api.PeerSetEvent.NotFoundInRegistry;
import io.peerset.api.PeerSetEvent.PeerAdded;
import io.peerset.api.PeerSetEvent.PeerRejected;
import io.peerset.api.PeerSetEvent.PeerRemoved;
import io.peerset.api.PeerSetEvent.RejectReason;
import io.peerset.api.PeerSetEvent.RemovalReason;
import io.peerset.api.PeerSetEvent.RequestExpired;
import io.peerset.api.PeerSetEvent.Routed;
import io.peerset.api.PeerSetEvent.Routing;
import io.peerset.api.Request;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Peer-set events for the tests, and the counter each one should move (written independently of NodeMetrics). */
final class Events {

    /** How many kinds {@link #of(int, int, int)} makes: one per {@link PeerSetEvent} record. */
    static final int KINDS = 9;

    private static final Request<?> PING = new Request.Ping(7);

    private Events() {
    }

    /** @return the peer with number {@code n} (distinct addresses must not make distinct meters) */
    static PeerAddress peer(int n) {
        return PeerAddress.parse("10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff) + ":8233");
    }

    /**
     * @param kind    0 to {@link #KINDS} - 1
     * @param variant picks the enum value or flag
     * @param n       picks the peer
     * @return an event of that kind
     */
    static PeerSetEvent of(int kind, int variant, int n) {
        PeerAddress peer = peer(n);
        return switch (kind) {
            case 0 -> new PeerAdded(peer, variant % 2 == 1, 170_100);
            case 1 -> new PeerRejected(peer, RejectReason.values()[variant % RejectReason.values().length]);
            case 2 -> new PeerRemoved(peer, RemovalReason.values()[variant % RemovalReason.values().length],
                    Optional.empty());
            case 3 -> new Routed(PING, peer, Routing.values()[variant % Routing.values().length]);
            case 4 -> new Broadcast(PING, 3, List.of(peer), 0);
            case 5 -> new DemandSignalled(variant, variant % 2 == 1);
            case 6 -> new RequestExpired(PING, new PeerException.NoReadyPeers());
            case 7 -> new NotFoundInRegistry(PING);
            case 8 -> new MinimumVersionChanged(170_100, 170_120 + variant);
            default -> throw new IllegalArgumentException("kind: " + kind);
        };
    }

    /** @return {@code "meter name|tag=value"} of the counter {@code event} should increment */
    static String counterOf(PeerSetEvent event) {
        if (event instanceof PeerAdded e) {
            return "peerset.peers.added|direction=" + (e.inbound() ? "inbound" : "outbound");
        } else if (event instanceof PeerRejected e) {
            return "peerset.peers.rejected|reason=" + lower(e.reason());
        } else if (event instanceof PeerRemoved e) {
            return "peerset.peers.removed|reason=" + lower(e.reason());
        } else if (event instanceof Routed e) {
            return "peerset.requests.routed|routing=" + lower(e.routing());
        } else if (event instanceof Broadcast) {
            return "peerset.broadcasts|";
        } else if (event instanceof DemandSignalled e) {
            return "peerset.demand.signals|outcome=" + (e.dropped() ? "dropped" : "sent");
        } else if (event instanceof RequestExpired) {
            return "peerset.requests.expired|";
        } else if (event instanceof NotFoundInRegistry) {
            return "peerset.requests.not.found|";
        } else if (event instanceof MinimumVersionChanged) {
            return "peerset.minimum.version.changes|";
        }
        throw new AssertionError("unknown event " + event);
    }

    /** The expected tag value, spelled out independently of the code under test: kebab-case. */
    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
