package io.peerset.api;

/**
 * Base of every exception peerset throws. Unchecked: callers of asynchronous operations receive it
 * through the failed future, never thrown across threads.
 *
 * <p>Messages name the peer or input, the limit that was broken and, where there is one, what to
 * do about it.
 */
public class PeerSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the input and the limit
     */
    public PeerSetException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the input and the limit
     * @param cause   the underlying failure
     */
    public PeerSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
