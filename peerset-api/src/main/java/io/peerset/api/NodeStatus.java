package io.peerset.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A running node's counters at one moment, for status lines and monitoring. Immutable.
 *
 * @param outbound         outbound connections holding a slot (dialling, handshaking or connected)
 * @param inbound          inbound connections holding a slot
 * @param peerSet          the peer set's own status (ready, busy, checking peers; waiting requests)
 * @param addressBook      address-book records by state (every state present, zeros included)
 * @param handshakesOk     successful handshakes since start, both directions
 * @param handshakesFailed failed dials and handshakes since start, both directions
 */
public record NodeStatus(int outbound, int inbound, PeerSetStatus peerSet, Map<PeerAddrState, Integer> addressBook,
                         long handshakesOk, long handshakesFailed) {
    /** Copies. */
    public NodeStatus {
        requireNonNull(peerSet, "peerSet");
        addressBook = Map.copyOf(addressBook);
    }

    /** @return peers ready for a request */
    public int ready() {
        return peerSet.ready();
    }
}
