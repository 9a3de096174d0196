package io.peerset.sim.spi;

import io.peerset.wire.Message;
import io.peerset.wire.PeerAddress;

/**
 * One connection of an adversary node, as its strategy sees it.
 *
 * <p>Threading: the simulation's thread only.
 */
public interface Link {

    /** @return the remote end's address (for an inbound link, its ephemeral port) */
    PeerAddress remote();

    /** @return whether the remote end dialled this node */
    boolean inbound();

    /**
     * Sends a message of the strategy's own, bypassing {@link AdversaryStrategy#onSend} (but not
     * {@link AdversaryStrategy#sendDelay}); dropped once the link is closed.
     *
     * @param message what to send
     */
    void push(Message message);

    /** @return the group's context */
    AdversaryContext context();
}
