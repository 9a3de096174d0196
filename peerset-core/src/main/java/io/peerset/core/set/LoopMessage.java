package io.peerset.core.set;

import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.wire.PeerAddress;
import java.util.List;

/**
 * What the peer set's loop is handed through its inbox. Sealed so that the loop's dispatch
 * ({@code DefaultPeerSet.handle}) can be checked to cover every kind: Java 17 has no exhaustive
 * switch over a sealed type, so {@code LoopMessageTest} builds one of each permitted subtype and
 * fails when one is not handled.
 */
sealed interface LoopMessage permits Call, Dispatch, LoopMessage.AddPeer, LoopMessage.PeerReady,
        LoopMessage.PeerClosed, LoopMessage.Inventory, LoopMessage.Task, LoopMessage.Shutdown {

    /** A handshaken peer to add (counted against the add queue's bound until handled). */
    record AddPeer(PeerClient client) implements LoopMessage {
    }

    /** A peer's client has become ready. */
    record PeerReady(PeerEntry entry) implements LoopMessage {
    }

    /** A peer's connection has ended. */
    record PeerClosed(PeerEntry entry, PeerException error) implements LoopMessage {
    }

    /** Items a peer advertised or reported missing (reference 5.3), counted against their queue's bound. */
    record Inventory(PeerAddress peer, List<Object> items, InventoryRegistry.Status status) implements LoopMessage {
    }

    /**
     * Work for the loop (timers, off-loop events); skipped once the set has shut down unless
     * {@code evenAfterShutdown} (queries whose caller waits for an answer: they then see an empty set).
     */
    record Task(Runnable task, boolean evenAfterShutdown) implements LoopMessage {
        /** @param task work skipped once the set has shut down */
        Task(Runnable task) {
            this(task, false);
        }
    }

    /** Close the set: fail waiting requests, close every peer. */
    enum Shutdown implements LoopMessage { INSTANCE }
}
