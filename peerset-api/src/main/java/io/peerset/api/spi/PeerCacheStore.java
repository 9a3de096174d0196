package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.util.List;

/**
 * Where a node keeps its peer cache between runs (reference section 3.3): the address book writes
 * its freshest outbound-worthy addresses every {@link PeerSetConstants#PEER_DISK_CACHE_UPDATE_INTERVAL}
 * and once at shutdown, and the {@code disk-cache} candidate source reads them at the next start.
 * The default is a file under the node's cache directory; {@link NodeStorage#inMemory()} keeps it in
 * memory, for a simulated node that restarts.
 *
 * <p>Threading: implementations are thread-safe. Both methods may block (they run on the node's
 * blocking executor, or on the closing thread for the last write).
 */
public interface PeerCacheStore {

    /**
     * @return the cached addresses, distinct, at most {@link PeerSetConstants#MAX_PEER_DISK_CACHE_SIZE}
     *         (more are ignored); empty when nothing was stored. Unreadable data is reported by the
     *         store (a warning) and read as empty: the node starts with other sources.
     */
    List<PeerAddress> read();

    /**
     * Replaces the cached addresses, atomically: a reader sees the old list or the new one.
     *
     * @param addresses the addresses to keep, sorted as strings; an empty list keeps the previous
     *                  content (a node that just lost its peers must not forget the good ones)
     * @return whether anything was written
     * @throws IOException when the store could not be written (the node logs it and retries later)
     */
    boolean write(List<PeerAddress> addresses) throws IOException;

    /** @return a store that holds its list in memory (thread-safe), empty at first */
    static PeerCacheStore inMemory() {
        return new PeerCacheStore() {
            private volatile List<PeerAddress> addresses = List.of();

            @Override
            public List<PeerAddress> read() {
                return addresses;
            }

            @Override
            public boolean write(List<PeerAddress> list) {
                requireNonNull(list, "addresses");
                if (list.isEmpty()) {
                    return false;
                }
                addresses = List.copyOf(list.subList(0, Math.min(list.size(), PeerSetConstants.MAX_PEER_DISK_CACHE_SIZE)));
                return true;
            }

            @Override
            public String toString() {
                return "in-memory peer cache";
            }
        };
    }
}
