package io.peerset.inmemory;

/**
 * One end of an in-memory stream, as its peer sees it. Every call runs on the network's
 * {@link VirtualScheduler}, so ends never race.
 */
interface Endpoint {

    /** Bytes the other end wrote arrive here, in order. */
    void deliver(byte[] bytes);

    /** The other end closed: no bytes follow. */
    void deliverEof();

    /**
     * The other end decoded {@code bytes} of what this end wrote (drives writability). Called from
     * inside the other end's delivery: it counts at once and tells its own handler of a change
     * only from a task of its own.
     */
    void peerConsumed(int bytes);
}
