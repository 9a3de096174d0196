package io.peerset.api;

/**
 * Follows the peer set's decisions ({@link PeerSetEvent}): an application, a log or a metrics
 * registry can see why the set did what it did, and a test can assert it.
 *
 * <p>Threading: called on the set's loop, one event at a time, in the order of the decisions. An
 * implementation must return quickly and never block (it delays every request); an exception it
 * throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface PeerSetListener {

    /** @param event what the set just decided */
    void onEvent(PeerSetEvent event);
}
