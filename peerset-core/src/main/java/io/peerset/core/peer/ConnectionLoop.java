package io.peerset.core.peer;

import io.peerset.api.PeerException;

/**
 * What every part of a connection ({@link InboundServer}, {@link LocalRequests}, {@link Sender},
 * {@link Heartbeat}) needs from the connection that owns it: its loop and its failure path. Each
 * part's {@code Host} adds what only that part uses; {@link PeerConnection} implements them all once.
 */
interface ConnectionLoop {

    /** Fails the connection. */
    void fail(PeerException failure);

    /** Hands a task to the loop (from a timer or a completion on another thread). */
    void onLoop(Runnable task);

    /** @return whether the connection has shut down */
    boolean isShutdown();

    /** @return whether the caller is on the connection's loop */
    boolean inLoop();
}
