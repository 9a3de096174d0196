package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a node keeps its anchors between runs (beyond the reference, issue 16 §1.6, after Bitcoin
 * Core's {@code anchors.dat}): the few outbound peers it held longest when it closed, dialled first
 * at the next start. Unlike the peer cache they are read once: {@link #take()} empties the store, so
 * a node that crashes soon after starting does not dial the same anchors on every restart (an
 * anchor that crashes us must not keep doing it).
 *
 * <p>The default is a file under the node's cache directory
 * ({@code <cacheDir>/network/<network>.peerset-anchors}, peerset's own, beside the peer cache);
 * {@link NodeStorage#inMemory()} keeps them in memory, for a simulated node that restarts.
 *
 * <p>Threading: implementations are thread-safe; both methods may block (the node calls them once at
 * start and once while closing, never on an I/O thread).
 */
public interface AnchorStore {

    /** The most anchors a store keeps (the option's range ends there too). */
    int MAX_ANCHORS = 8;

    /**
     * Reads the anchors and empties the store.
     *
     * @return the stored anchors, distinct, at most {@link #MAX_ANCHORS} (more are ignored); empty when
     *         none were stored; unreadable data is reported by the store (a warning) and read as none
     */
    List<PeerAddress> take();

    /**
     * Replaces the anchors, atomically.
     *
     * @param anchors the anchors, at most {@link #MAX_ANCHORS}; an empty list stores none
     * @throws IOException when the store could not be written (the node logs it)
     */
    void write(List<PeerAddress> anchors) throws IOException;

    /** @return a store that holds its anchors in memory, empty at first */
    static AnchorStore inMemory() {
        return new AnchorStore() {
            private final AtomicReference<List<PeerAddress>> anchors = new AtomicReference<>(List.of());

            @Override
            public List<PeerAddress> take() {
                return anchors.getAndSet(List.of());
            }

            @Override
            public void write(List<PeerAddress> list) {
                requireNonNull(list, "anchors");
                anchors.set(List.copyOf(list.stream().distinct().limit(MAX_ANCHORS).toList()));
            }

            @Override
            public String toString() {
                return "in-memory anchors";
            }
        };
    }

    /** @return a store that keeps nothing: nothing is taken, writes are dropped */
    static AnchorStore none() {
        return new AnchorStore() {
            @Override
            public List<PeerAddress> take() {
                return List.of();
            }

            @Override
            public void write(List<PeerAddress> anchors) {
                requireNonNull(anchors, "anchors");
            }

            @Override
            public String toString() {
                return "no anchors";
            }
        };
    }
}
