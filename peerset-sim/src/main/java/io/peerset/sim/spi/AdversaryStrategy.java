package io.peerset.sim.spi;

import io.peerset.api.NodeConfig;
import io.peerset.wire.Message;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How an adversary node behaves. The node itself is a real peerset node (handshake, peer set, address
 * book, crawler and listener all production code); a strategy changes only what it may change from
 * outside: its settings, whom it dials first, what it sends on each connection (it sees every message
 * the node is about to send and returns what goes out instead, which is how a strategy scripts the
 * node's answers to {@code getaddr}: the node answers from its address book, and the strategy rewrites
 * that {@code addr}), what it pushes unprompted ({@link Link#push}), how late it sends, its share of
 * the seeders' answers and its links' latency.
 *
 * <p>Every method has a default that behaves honestly, so a strategy overrides only what it changes.
 *
 * <p>Threading: every method is called on the simulation's one thread (the virtual clock's), so a
 * strategy needs no synchronisation; it must not block and must draw randomness only from
 * {@link AdversaryContext#random()}, or the run stops being reproducible.
 */
public interface AdversaryStrategy {

    /**
     * @param base the scenario's baseline settings ({@code [node]}), with this node's listener address
     *             already set: the same in both runs of compare mode, since the attacker's choices do
     *             not depend on the honest nodes' configuration
     * @return this adversary node's settings (default: {@code base})
     */
    default NodeConfig configure(NodeConfig base) {
        return base;
    }

    /**
     * @param context the adversary's view of the simulation
     * @return addresses this node dials as its initial peers when it starts (default: none; seeders
     *         still answer it)
     */
    default List<PeerAddress> initialPeers(AdversaryContext context) {
        return List.of();
    }

    /**
     * Called on each connection once its handshake is complete: the place to push unsolicited messages.
     *
     * @param link the connection
     */
    default void onOpen(Link link) {
    }

    /**
     * Called for every message the node sends once the handshake is complete.
     *
     * @param message what the node is about to send
     * @param link    on which connection
     * @return what goes out instead, in order: the message itself (the default), others, or nothing
     */
    default List<Message> onSend(Message message, Link link) {
        return List.of(message);
    }

    /**
     * @param message a message about to go out after the handshake
     * @return how long to hold it first (default zero); messages of one connection keep their order
     */
    default Duration sendDelay(Message message) {
        return Duration.ZERO;
    }

    /**
     * @return the share of every seeder answer this group's addresses take (0 to 1; default 0):
     *         seeder poisoning
     */
    default double seederShare() {
        return 0;
    }

    /**
     * @return the one-way latency of this group's links, when the strategy fixes it (a fast peer);
     *         empty (the default) for the scenario's adversary latency
     */
    default Optional<Duration> latency() {
        return Optional.empty();
    }
}
