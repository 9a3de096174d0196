package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One decision of the peer set, delivered to {@link PeerSetListener}s. Immutable records.
 */
public sealed interface PeerSetEvent {

    /** Why a peer offered to the set was refused (reference section 5.1 insert rules, 5.5). */
    enum RejectReason implements Coded {
        /** A peer with the same address (IP and port) is already present: the older connection is kept. */
        DUPLICATE_ADDRESS,
        /** {@code maxConnectionsPerIp} peers with that IP are already present. */
        PER_IP_LIMIT,
        /** The set holds its total connection limit (Appendix A.9: enforced, never a crash). */
        CONNECTION_LIMIT,
        /** Its version is below the minimum in force. */
        OUTDATED,
        /** Its IP is banned. */
        BANNED,
        /** The set is closed. */
        CLOSED;

        private final String code = Coded.of(this);

        /** @return the constant's name in lower-case kebab-case, e.g. {@code per-ip-limit} */
        @Override
        public String code() {
            return code;
        }
    }

    /** Why a peer left the set. */
    enum RemovalReason implements Coded {
        /** Its connection failed or was closed (for any reason but {@link #PROTOCOL_ERROR}). */
        FAILED,
        /**
         * It broke the protocol: sent bytes that are not a valid message
         * ({@link PeerException.Serialization}, the codec refused them) or a handshake message after
         * the handshake ({@link PeerException.DuplicateHandshake}); its connection was closed.
         * Code {@code protocol-error}, as the handshake failures' {@link FailureReason#PROTOCOL_ERROR}.
         */
        PROTOCOL_ERROR,
        /** The minimum version rose above its version. */
        OUTDATED,
        /** Its IP was banned. */
        BANNED,
        /** It answered {@link PeerSetConstants#FIND_RESPONSE_STALL_THRESHOLD} block or header searches in a row with nothing while we were syncing (section 5.9). */
        STALLED,
        /** The set was closed. */
        CLOSED;

        private final String code = Coded.of(this);

        /** @return the constant's name in lower-case kebab-case, e.g. {@code failed} */
        @Override
        public String code() {
            return code;
        }
    }

    /** How a request's peer was chosen. */
    enum Routing implements Coded {
        /** Power of two choices (or the configured selector) over every ready peer. */
        LOAD_BALANCED,
        /** Among the ready peers that advertised the single item (section 5.3 step 1). */
        ADVERTISED,
        /** Among the ready peers not recorded as missing the single item (section 5.3 step 2). */
        NOT_MISSING;

        private final String code = Coded.of(this);

        /** @return the constant's name in lower-case kebab-case, e.g. {@code load-balanced} */
        @Override
        public String code() {
            return code;
        }
    }

    /**
     * A peer joined the set (as not yet ready: every peer passes the same checks).
     *
     * @param peer    its address
     * @param inbound whether it connected to us
     * @param version the protocol version it announced in its {@code version} message
     */
    record PeerAdded(PeerAddress peer, boolean inbound, long version) implements PeerSetEvent {
        /** Validates. */
        public PeerAdded {
            requireNonNull(peer, "peer");
        }
    }

    /**
     * A peer offered to the set was refused and closed.
     *
     * @param peer   its address
     * @param reason why
     */
    record PeerRejected(PeerAddress peer, RejectReason reason) implements PeerSetEvent {
        /** Validates. */
        public PeerRejected {
            requireNonNull(peer, "peer");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * A peer left the set (and was closed).
     *
     * @param peer   its address
     * @param reason why
     * @param error  the connection's error, for {@link RemovalReason#FAILED} and
     *               {@link RemovalReason#PROTOCOL_ERROR}
     */
    record PeerRemoved(PeerAddress peer, RemovalReason reason, Optional<PeerException> error)
            implements PeerSetEvent {
        /** Validates. */
        public PeerRemoved {
            requireNonNull(peer, "peer");
            requireNonNull(reason, "reason");
            requireNonNull(error, "error");
        }
    }

    /**
     * A request was sent to a peer.
     *
     * @param request the request
     * @param peer    the chosen peer
     * @param routing how it was chosen
     */
    record Routed(Request<?> request, PeerAddress peer, Routing routing) implements PeerSetEvent {
        /** Validates. */
        public Routed {
            requireNonNull(request, "request");
            requireNonNull(peer, "peer");
            requireNonNull(routing, "routing");
        }
    }

    /**
     * A peer finished a request the set routed to it ({@link Routed}): answered, or failed it.
     *
     * @param request the request
     * @param peer    the peer
     * @param latency from handing the request to the peer to its answer or failure
     * @param ok      whether the peer answered (false: the request failed on that peer)
     */
    record Answered(Request<?> request, PeerAddress peer, Duration latency, boolean ok) implements PeerSetEvent {
        /** Validates. */
        public Answered {
            requireNonNull(request, "request");
            requireNonNull(peer, "peer");
            requireNonNull(latency, "latency");
        }
    }

    /**
     * An advertisement was sent to several peers (section 5.4).
     *
     * @param request the advertisement
     * @param ready   how many peers were ready when it was sent
     * @param peers   the peers it was sent to now: a third of the ready ones (rounded up), or all of
     *                them for {@code AdvertiseBlockToAll} and on Regtest
     * @param later   how many busy peers will get it when they become ready ({@code AdvertiseBlockToAll})
     */
    record Broadcast(Request<?> request, int ready, List<PeerAddress> peers, int later) implements PeerSetEvent {
        /** Validates and copies. */
        public Broadcast {
            requireNonNull(request, "request");
            peers = List.copyOf(peers);
        }
    }

    /**
     * No peer was ready for a request: it waits, and one demand signal was sent to the dialer
     * (or dropped, if the demand queue was full).
     *
     * @param waitingRequests requests now waiting
     * @param dropped         whether the signal was dropped
     */
    record DemandSignalled(int waitingRequests, boolean dropped) implements PeerSetEvent {
    }

    /**
     * A request waited {@link PeerSetConfig#readyTimeout()} without a ready peer and failed.
     *
     * @param request the request
     * @param error   the error its future completed with
     */
    record RequestExpired(Request<?> request, PeerException error) implements PeerSetEvent {
        /** Validates. */
        public RequestExpired {
            requireNonNull(request, "request");
            requireNonNull(error, "error");
        }
    }

    /**
     * A single-item request failed without contacting a peer: every ready peer recently reported
     * the item missing (section 5.3 step 3).
     *
     * @param request the request
     */
    record NotFoundInRegistry(Request<?> request) implements PeerSetEvent {
        /** Validates. */
        public NotFoundInRegistry {
            requireNonNull(request, "request");
        }
    }

    /**
     * The minimum peer version changed (section 5.5); ready peers below it are removed next.
     *
     * @param previous the previous minimum
     * @param current  the new minimum
     */
    record MinimumVersionChanged(long previous, long current) implements PeerSetEvent {
    }
}
