package io.peerset.core;

import io.peerset.api.PeerSetConfig;
import io.peerset.core.set.DefaultPeerSet;

/**
 * Creates peer sets (reference section 5).
 *
 * <p>Thread-safe (stateless).
 */
public final class PeerSets {

    private PeerSets() {
    }

    /**
     * Creates a peer set. It starts its timers (inventory rotation, maintenance, misbehaviour
     * flushes) at once and holds no peer until {@link CorePeerSet#addPeer} is called.
     *
     * @param config  the settings
     * @param context what it runs on and talks to
     * @return the set; close it to close every peer
     */
    public static CorePeerSet create(PeerSetConfig config, PeerSetContext context) {
        return DefaultPeerSet.create(config, context);
    }
}
