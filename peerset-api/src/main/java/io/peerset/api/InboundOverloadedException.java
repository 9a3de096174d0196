package io.peerset.api;

/**
 * Completes an {@link InboundService} future when the application is over capacity. peerset then
 * sends nothing and may drop the connection (reference section 6.9).
 */
public final class InboundOverloadedException extends PeerSetException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is full, and its limit
     */
    public InboundOverloadedException(String message) {
        super(message);
    }
}
