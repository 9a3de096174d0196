package io.peerset.api;

import static java.util.Objects.requireNonNull;

/**
 * What a running node's connection machinery did that the peer set never sees: a dial or handshake
 * that failed, an inbound connection dropped before any handshake. With {@link PeerSetEvent} (what
 * the set decided about the peers it holds) it answers "why is that peer not connected?".
 *
 * <p>Immutable. Delivered to {@link PeerSetNode#addNodeListener} listeners on I/O or timer threads:
 * a listener must return quickly and not block.
 */
public sealed interface NodeEvent {

    /**
     * A dial, or a handshake in either direction, failed.
     *
     * @param address the peer (for an inbound peer, its connecting address)
     * @param inbound whether it connected to us
     * @param reason  a short code: {@code timeout}, {@code refused}, {@code unreachable},
     *                {@code obsolete-version}, {@code self-connection}, {@code wrong-magic},
     *                {@code protocol-error}, {@code closed} or {@code error}
     * @param message the failure's message
     */
    record HandshakeFailed(PeerAddress address, boolean inbound, String reason, String message) implements NodeEvent {

        /** Every reason code, a closed set (metric tags, record fields). */
        public static final java.util.List<String> REASONS = java.util.List.of("timeout", "refused", "unreachable",
                "obsolete-version", "self-connection", "wrong-magic", "protocol-error", "closed", "error");

        /** Checks for nulls and the reason. */
        public HandshakeFailed {
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
            requireNonNull(message, "message");
            if (!REASONS.contains(reason)) {
                throw new IllegalArgumentException("reason: " + reason + " (expected one of " + REASONS + ")");
            }
        }
    }

    /**
     * An inbound connection was closed before any handshake (reference section 8: bans, the inbound
     * limit and the per-IP throttle are applied first).
     *
     * @param address the connecting address
     * @param reason  why
     */
    record InboundDropped(PeerAddress address, DropReason reason) implements NodeEvent {
        /** Checks for nulls. */
        public InboundDropped {
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
        }
    }

    /** Why an inbound connection was dropped before its handshake. */
    enum DropReason {
        /** Its IP is banned. */
        BANNED,
        /** The inbound limit (5 x target) is reached. */
        INBOUND_LIMIT,
        /** Its IP made {@code max_connections_per_ip} attempts within the last 119 s. */
        PER_IP_THROTTLE
    }
}
