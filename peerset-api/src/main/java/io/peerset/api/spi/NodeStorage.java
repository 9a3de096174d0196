package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a node keeps between runs: its peer cache (reference section 3.3) and its anchors (issue 16
 * §1.6). A strategy for the node builder, made by its static factories. Without one, a node keeps
 * them in files under its configured cache directory ({@code <cacheDir>/network/<network>.peers} and
 * {@code .peerset-anchors}; its bans and its address tables' key too), and nothing when none is
 * configured. With one, bans and the tables' key last as long as the process (a simulated restart
 * draws a new key).
 *
 * <ul>
 *   <li>{@link #inMemory()}: in this object. Give the same instance to the next node that plays the
 *       same role, and it starts from what the last one stored — a simulated node that restarts,
 *       without a file system. (On Regtest the cache is written but not read, as the reference
 *       does with its file.)</li>
 *   <li>{@link #none()}: nothing is kept (even with a cache directory configured).</li>
 * </ul>
 *
 * <p>Implement it for other storage (a database, an object store). Thread-safe.
 */
public interface NodeStorage {

    /**
     * @param network the node's network (one storage may serve nodes of several networks)
     * @return where that network's peer cache is kept
     */
    PeerCacheStore peerCache(Network network);

    /**
     * @param network the node's network
     * @return where that network's anchors are kept; the default keeps none (an implementation
     *         written before anchors existed keeps working, without them)
     */
    default AnchorStore anchors(Network network) {
        return AnchorStore.none();
    }

    /** @return storage in memory: one peer cache and one set of anchors per network, kept as long as this object */
    static NodeStorage inMemory() {
        Map<Network, PeerCacheStore> caches = new ConcurrentHashMap<>();
        Map<Network, AnchorStore> anchors = new ConcurrentHashMap<>();
        return new NodeStorage() {
            @Override
            public PeerCacheStore peerCache(Network network) {
                return caches.computeIfAbsent(requireNonNull(network, "network"), n -> PeerCacheStore.inMemory());
            }

            @Override
            public AnchorStore anchors(Network network) {
                return anchors.computeIfAbsent(requireNonNull(network, "network"), n -> AnchorStore.inMemory());
            }

            @Override
            public String toString() {
                return "NodeStorage[in memory]";
            }
        };
    }

    /** @return storage that keeps nothing: reads are empty, writes are dropped */
    static NodeStorage none() {
        PeerCacheStore nothing = new PeerCacheStore() {
            @Override
            public List<PeerAddress> read() {
                return List.of();
            }

            @Override
            public boolean write(List<PeerAddress> addresses) {
                return false;
            }

            @Override
            public String toString() {
                return "no peer cache";
            }
        };
        return new NodeStorage() {
            @Override
            public PeerCacheStore peerCache(Network network) {
                return nothing;
            }

            @Override
            public String toString() {
                return "NodeStorage[none]";
            }
        };
    }
}
