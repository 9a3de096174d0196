package io.peerset.core;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.set.DefaultPeerSet;

/**
 * Creates peer sets (reference section 5) and node builders (reference section 1.4). With Guice,
 * {@link PeerSetModule#nodeBuilder(com.google.inject.Module)} makes the builder from bindings.
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

    /**
     * The primary way to run a node (reference section 1.4): a builder with every collaborator
     * replaceable — inbound service, chain tip, listeners, candidate sources, transport, handshaker,
     * address book, selector, scheduler, randomness and threading.
     *
     * @param config the node's configuration
     * @return a new builder; {@code nodeBuilder(config).start()} runs a node with the defaults
     */
    public static NodeBuilder nodeBuilder(NodeConfig config) {
        return new NodeBuilder(config);
    }
}
